using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Objections;

/// <summary>The outcome of an import: accepted with its counts and audited batch id, or rejected with every error.</summary>
public sealed record ImportReport(bool Accepted, string BatchId, int Inserted, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public static ImportReport Rejected(IReadOnlyList<ImportError> errors) => new(false, "", 0, 0, 0, errors);
}

/// <summary>The fields of an objection recorded by hand (a verbal or e-mailed objection).</summary>
public sealed record ObjectionDraft(
    string SubjectRef, string Jurisdiction, Platform Platform, ObjectionChannel Channel, DateTime ReceivedAt, bool CarriedOver);

/// <summary>Importing objections, recording them by hand, moving them forward, and reading them.</summary>
public sealed class ObjectionService(
    IObjectionRepository objections, IJurisdictionRepository jurisdictions, IAuditLog audit,
    IUnitOfWork store, IStoreMaintenance maintenance, ICampaignRepository campaigns, IDeliveryStatsRepository deliveries, TimeProvider clock,
    RequestBudget? budget = null)
{
    private readonly RequestBudget _budget = budget ?? RequestBudget.Defaults;

    public const string EntityType = "Objection";
    public const string BatchEntityType = "ObjectionBatch";
    /// <summary>Imports at least this large fold the log into the data file afterwards (DESIGN "LiteDB rules").</summary>
    public const int CheckpointThreshold = 50_000;

    public Objection? Find(Actor actor, string objectionId) =>
        actor.Can(Permission.ViewProgramme) ? objections.Find(objectionId) : null;

    public ObjectionPage Search(ObjectionQuery query) => objections.Search(query);

    /// <summary>Every figure for the filter, from the rollups, the open objections and the in-memory delivery rows only.</summary>
    public ObjectionMetrics Metrics(ObjectionFilter filter) =>
        ObjectionMetricsCalculator.Compute(objections.Snapshot(), filter, clock.TodayUtc(), Displayed(filter));

    /// <summary>People displayed the notice within the filter's jurisdiction, platform and dates; null when no delivery row matches.</summary>
    private long? Displayed(ObjectionFilter filter)
    {
        var rows = deliveries.All();
        if (rows.Count == 0) return null;
        var jurisdictionOf = campaigns.All().ToDictionary(c => c.Id, c => c.JurisdictionCode, StringComparer.Ordinal);
        long displayed = 0;
        var matched = false;
        foreach (var row in rows)
        {
            if (!jurisdictionOf.TryGetValue(row.CampaignId, out var jurisdiction)) continue;
            if (filter.Jurisdiction is { } j && j != jurisdiction) continue;
            if (filter.Platform is { } p && p.Token() != DeliveryTokens.Format(row.Platform)) continue;
            if ((filter.From is { } from && row.Date < from) || (filter.To is { } to && row.Date > to)) continue;
            displayed += row.Displayed;
            matched = true;
        }
        return matched ? displayed : null;
    }

    public IEnumerable<Objection> Stream(ObjectionQuery query) => objections.Stream(query);

    /// <summary>
    /// Imports a CSV file whole or not at all (DESIGN decision 4); re-importing the same file changes nothing. The file is
    /// streamed: each row is parsed, validated and decided here and handed to the store as it is read, all in one
    /// transaction, which is rolled back if any row anywhere is bad. Every problem is reported with its line: the file's
    /// own problems when it has any (the rows after the first are still read, to report them all, but no longer stored),
    /// otherwise every conflict with the stored objections.
    /// </summary>
    public Result<ImportReport> Import(Actor actor, Stream csv, string source, bool checkpointLargeImports = true)
    {
        if (actor.Require(Permission.ManageObjections) is { } denied) return denied;
        var policies = jurisdictions.All().ToDictionary(j => j.Code, j => j.DeadlinePolicy, StringComparer.Ordinal);
        var now = clock.UtcNowMs();
        var fileErrors = new List<ImportError>();
        var conflicts = new List<ImportError>();
        var batch = new ObjectionImportBatch(NewBatchId(now), $"Imported from {source}");
        var start = csv.CanSeek ? csv.Position : -1;
        var attempts = 0;
        var saved = store.Write<ImportReport>(() =>
        {
            // A store may run the change again after rolling it back (PostgreSQL retries a transaction the server chose as a
            // deadlock victim): the file is read again from its start, or, when it cannot be, the import says so instead of
            // reading what is left of it (nothing) as an empty file.
            if (attempts++ > 0)
            {
                if (start < 0) return Failure.Conflict(InterruptedImport);
                csv.Position = start;
                fileErrors.Clear();
                conflicts.Clear();
            }
            var rows = ObjectionCsv.Stream(csv, policies.Keys.ToHashSet(StringComparer.Ordinal), now, fileErrors, _budget)
                .Where(_ => fileErrors.Count == 0)
                .Select(row => row with { Objection = row.Objection.Decide(policies[row.Objection.Jurisdiction]) });
            var counts = objections.Import(rows, batch, conflicts);
            if (fileErrors.Count > 0) return Failure.Validation("The file has errors.");
            if (conflicts.Count > 0) return Failure.Validation("The file conflicts with stored objections.");
            audit.Append(actor, "objections.imported", BatchEntityType, batch.BatchId,
                $"Imported {source}: {counts.Inserted} inserted, {counts.Updated} updated, {counts.Unchanged} unchanged");
            return new ImportReport(true, batch.BatchId, counts.Inserted, counts.Updated, counts.Unchanged, []);
        });
        if (fileErrors.Count > 0) return ImportReport.Rejected(fileErrors);
        if (conflicts.Count > 0) return ImportReport.Rejected(conflicts);
        if (saved.Succeeded && checkpointLargeImports && saved.Value.Inserted + saved.Value.Updated >= CheckpointThreshold)
            maintenance.Checkpoint();
        return saved;
    }

    /// <summary>What an import that was rolled back by a concurrent change, from a file that cannot be read twice, answers.</summary>
    public const string InterruptedImport = "The import met a concurrent change and was rolled back whole; nothing was stored. Send the file again.";

    /// <summary>Records a verbal or e-mailed objection, giving it a new id.</summary>
    public Result<Objection> Record(Actor actor, ObjectionDraft draft)
    {
        if (actor.Require(Permission.ManageObjections) is { } denied) return denied;
        var errors = new List<string>();
        if (!Identifier.TryNormalise("Subject reference", draft.SubjectRef, out var subjectRef, out var subjectProblem)) errors.Add(subjectProblem!);
        else if (ObjectionCsv.LooksIdentifying(subjectRef)) errors.Add("Subject reference looks like an e-mail address or phone number; record the pseudonymous reference only.");
        var now = clock.UtcNowMs();
        if (draft.ReceivedAt.Kind != DateTimeKind.Utc) errors.Add("The received time must be UTC.");
        else if (draft.ReceivedAt > now + ObjectionCsv.FutureTolerance) errors.Add("The received time is in the future.");
        var jurisdiction = jurisdictions.Find(draft.Jurisdiction);
        if (jurisdiction is null) errors.Add($"Unknown jurisdiction '{draft.Jurisdiction}'.");
        if (errors.Count > 0) return Failure.Validation("The objection has errors.", errors);
        var id = $"M-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
        var objection = new Objection
        {
            Id = id,
            SubjectRef = subjectRef,
            Jurisdiction = jurisdiction!.Code,
            Platform = draft.Platform,
            Channel = draft.Channel,
            ReceivedAt = TimeProviderExtensions.TruncateToMs(draft.ReceivedAt),
            CarriedOver = draft.CarriedOver,
            BatchId = "manual",
            Version = 1,
        }.Decide(jurisdiction.DeadlinePolicy);
        objection = objection with { History = ObjectionImportRules.InitialHistory(objection, actor.DisplayName) };
        return store.Write<Objection>(() =>
        {
            var deltas = new RollupDeltas();
            deltas.Change(null, objection);
            objections.Save([objection], [], deltas.Apply(objections.Rollup));
            audit.Append(actor, "objection.recorded", EntityType, id,
                $"Recorded a {draft.Channel.DisplayName().ToLowerInvariant()} objection in {objection.Jurisdiction} ({draft.Platform.Token()}), due {objection.DueDate:yyyy-MM-dd}");
            return objection;
        });
    }

    public Result<Objection> Honour(Actor actor, string id, int expectedVersion) =>
        Resolve(actor, id, expectedVersion, ObjectionStatus.Honoured, null);

    public Result<Objection> Refuse(Actor actor, string id, int expectedVersion, string grounds) =>
        string.IsNullOrWhiteSpace(grounds)
            ? Failure.Validation("A refusal needs its grounds.")
            : !Identifier.TryNormaliseText("The refusal grounds", grounds, _budget.MaxFieldChars, out var text, out var problem)
                ? Failure.Validation(problem!)
                : Resolve(actor, id, expectedVersion, ObjectionStatus.Refused, text);

    public Result<Objection> Withdraw(Actor actor, string id, int expectedVersion) =>
        Resolve(actor, id, expectedVersion, ObjectionStatus.Withdrawn, null);

    /// <summary>Records that the person was told the deadline is extended (only within the first month).</summary>
    public Result<Objection> NotifyExtension(Actor actor, string id, int expectedVersion, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Failure.Validation("Give the reason for the extension.");
        return Change(actor, id, expectedVersion, (current, now, policy) =>
        {
            if (current.ExtensionNotifiedAt is not null) return Failure.Conflict($"An extension was already notified for {id}.");
            if (!Objection.ExtensionCounts(policy, current.ReceivedAt, now))
                return Failure.Validation($"The first month ended on {current.DueDate:dd/MM/yyyy}; an extension must be notified within it.");
            var next = current with { ExtensionNotifiedAt = now, ExtensionReason = reason.Trim() };
            return (next, "objection.extension-notified", $"Extension notified: {reason.Trim()}");
        });
    }

    private Result<Objection> Resolve(Actor actor, string id, int expectedVersion, ObjectionStatus to, string? grounds) =>
        Change(actor, id, expectedVersion, (current, now, _) =>
        {
            var next = current with { Status = to, ResolvedAt = now, RefusalGrounds = grounds };
            var summary = to switch
            {
                ObjectionStatus.Honoured => "Honoured",
                ObjectionStatus.Refused => $"Refused: {grounds}",
                _ => "Withdrawn",
            };
            return (next, $"objection.{to.Token()}", summary);
        });

    private Result<Objection> Change(Actor actor, string id, int expectedVersion,
        Func<Objection, DateTime, DeadlinePolicy, Result<(Objection Next, string Action, string Summary)>> change)
    {
        if (actor.Require(Permission.ManageObjections) is { } denied) return denied;
        return store.Write<Objection>(() =>
        {
            var current = objections.Find(id);
            if (current is null) return Failure.NotFound($"Objection {id} does not exist.");
            if (current.Version != expectedVersion)
                return Failure.Conflict($"Objection {id} was changed by someone else. Reload and try again.");
            if (!current.IsOpen) return Failure.Conflict($"Objection {id} is already {current.Status.Token()}.");
            var policy = jurisdictions.Find(current.Jurisdiction)?.DeadlinePolicy ?? new DeadlinePolicy();
            var now = clock.UtcNowMs();
            var outcome = change(current, now, policy);
            if (!outcome.Succeeded) return outcome.Failure!;
            var (next, action, summary) = outcome.Value;
            next = next.Decide(policy) with
            {
                Version = current.Version + 1,
                History = [.. current.History, new ObjectionStatusChange { Status = next.Status, At = now, By = actor.DisplayName, Note = summary }],
            };
            var deltas = new RollupDeltas();
            deltas.Change(current, next);
            objections.Save([], [next], deltas.Apply(objections.Rollup));
            audit.Append(actor, action, EntityType, id, summary);
            return next;
        });
    }

    private static string NewBatchId(DateTime now) => $"B-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
