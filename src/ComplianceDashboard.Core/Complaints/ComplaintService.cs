using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>The fields of a complaint recorded by hand (a phone call, a letter, a social-media message).</summary>
public sealed record ComplaintDraft(
    string SubjectRef, string Jurisdiction, ComplaintChannel Channel, DateTime ReceivedAt, ComplaintCategory Category,
    IReadOnlyList<string> LinkedObjectionIds);

/// <summary>What retention did: how many closed complaints it redacted, and how.</summary>
public sealed record RetentionReport(int Redacted, ComplaintRetentionMode Mode, DateTime OutcomeToldBefore);

/// <summary>Importing, recording and moving complaints forward, reading them and their figures, and retention.</summary>
public sealed class ComplaintService(
    IComplaintRepository complaints, IObjectionRepository objections, IJurisdictionRepository jurisdictions,
    IAuditLog audit, IUnitOfWork store, ComplaintOptions options, TimeProvider clock, RequestBudget? budget = null)
{
    private readonly RequestBudget _budget = budget ?? RequestBudget.Defaults;

    public const string EntityType = "Complaint";
    public const string BatchEntityType = "ComplaintBatch";

    public ComplaintOptions Options => options;

    public ComplaintDeadlinePolicy PolicyFor(string jurisdiction) => options.PolicyFor(jurisdiction);

    public Complaint? Find(Actor actor, string complaintId) =>
        actor.Can(Permission.ViewProgramme) ? complaints.Find(complaintId) : null;

    /// <summary>The complaints matching the filter, newest first, optionally only those with an acknowledgement overdue now.</summary>
    public IReadOnlyList<Complaint> List(ComplaintFilter filter, bool overdueOnly = false)
    {
        var today = clock.TodayUtc();
        return complaints.All().Where(c => filter.Matches(c) && (!overdueOnly || c.AcknowledgementOverdue(today)))
            .OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<Complaint> LinkedTo(string objectionId) => complaints.LinkedTo(objectionId);

    public ComplaintMetrics Metrics(ComplaintFilter filter) => ComplaintMetricsCalculator.Compute(complaints.All(), filter, clock.TodayUtc());

    /// <summary>The complaints to export, for an actor allowed to export them.</summary>
    public Result<IReadOnlyList<Complaint>> Export(Actor actor, ComplaintFilter filter)
    {
        if (actor.Require(Permission.ExportComplaints) is { } denied) return denied;
        return Result<IReadOnlyList<Complaint>>.Ok(List(filter));
    }

    /// <summary>Imports a CSV file whole or not at all (DESIGN decision 4); re-importing the same file changes nothing.</summary>
    public Result<ImportReport> Import(Actor actor, Stream csv, string source)
    {
        if (actor.Require(Permission.ManageComplaints) is { } denied) return denied;
        var now = clock.UtcNowMs();
        var known = jurisdictions.All().Select(j => j.Code).ToHashSet(StringComparer.Ordinal);
        var (rows, errors) = ComplaintCsv.Read(csv, known, now, _budget);
        if (errors.Count > 0) return ImportReport.Rejected(errors);

        var batchId = $"C-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var problems = new List<ImportError>();
        var saved = store.Write<ImportReport>(() =>
        {
            var existing = complaints.FindMany(rows.Select(r => r.Complaint.Id).ToList());
            var linked = objections.FindMany(rows.SelectMany(r => r.Complaint.LinkedObjectionIds).Distinct(StringComparer.Ordinal).ToList());
            var inserted = new List<Complaint>();
            var updated = new List<Complaint>();
            var unchanged = 0;
            foreach (var row in rows)
            {
                var incoming = row.Complaint;
                foreach (var problem in LinkProblems(incoming, linked))
                    problems.Add(new ImportError(row.Line, problem.Column, problem.Message));
                if (!existing.TryGetValue(incoming.Id, out var current))
                {
                    inserted.Add(incoming.Decide(options.PolicyFor(incoming.Jurisdiction)) with { Version = 1, BatchId = batchId });
                    continue;
                }
                // A file without the optional column says nothing about progress updates: keep the stored one.
                if (!row.HasProgressColumn) incoming = incoming with { ProgressUpdatedAt = current.ProgressUpdatedAt };
                var conflicts = ComplaintRules.Advance(current, incoming);
                problems.AddRange(conflicts.Select(p => new ImportError(row.Line, p.Column, p.Message)));
                if (conflicts.Count > 0) continue;
                if (ComplaintRules.SameFacts(current, incoming)) unchanged++;
                else updated.Add(Next(current, incoming, batchId));
            }
            if (problems.Count > 0) return Failure.Validation("The file conflicts with stored complaints or objections.");
            var result = complaints.Save(inserted, updated);
            if (!result.Succeeded) return result.Failure!;
            audit.Append(actor, "complaints.imported", BatchEntityType, batchId,
                $"Imported {source}: {inserted.Count} inserted, {updated.Count} updated, {unchanged} unchanged");
            return new ImportReport(true, batchId, inserted.Count, updated.Count, unchanged, []);
        });
        if (!saved.Succeeded && problems.Count > 0) return ImportReport.Rejected(problems.OrderBy(p => p.Line).ToList());
        return saved;
    }

    /// <summary>Records a complaint received outside the import (by phone, post or social media), giving it a new id.</summary>
    public Result<Complaint> Record(Actor actor, ComplaintDraft draft)
    {
        if (actor.Require(Permission.ManageComplaints) is { } denied) return denied;
        var now = clock.UtcNowMs();
        if (draft.ReceivedAt.Kind != DateTimeKind.Utc) return Failure.Validation("The received time must be UTC.");
        if (string.IsNullOrWhiteSpace(draft.SubjectRef)) return Failure.Validation("The complaint has errors.", ["subject_ref: Subject reference is required."]);
        var jurisdiction = jurisdictions.Find(draft.Jurisdiction);
        if (jurisdiction is null) return Failure.Validation("The complaint has errors.", [$"jurisdiction: Unknown jurisdiction '{draft.Jurisdiction}'."]);
        var complaint = new Complaint
        {
            Id = $"M-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}",
            SubjectRef = Identifier.Normalise(draft.SubjectRef),
            Jurisdiction = jurisdiction.Code,
            Channel = draft.Channel,
            ReceivedAt = TimeProviderExtensions.TruncateToMs(draft.ReceivedAt),
            Category = draft.Category,
            LinkedObjectionIds = draft.LinkedObjectionIds.Select(Identifier.Normalise).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray(),
            BatchId = "manual",
            Version = 1,
        }.Decide(options.PolicyFor(jurisdiction.Code));
        if (Problems(ComplaintRules.Validate(complaint, now)) is { } invalid) return invalid;
        return store.Write<Complaint>(() =>
        {
            if (Problems(LinkProblems(complaint, objections.FindMany(complaint.LinkedObjectionIds))) is { } badLinks) return badLinks;
            var result = complaints.Save([complaint], []);
            if (!result.Succeeded) return result.Failure!;
            audit.Append(actor, "complaint.recorded", EntityType, complaint.Id,
                $"Recorded a {complaint.Channel.DisplayName().ToLowerInvariant()} complaint in {complaint.Jurisdiction} ({complaint.Category.Token()}), " +
                (complaint.AcknowledgementDue is { } due ? $"acknowledgement due {due:yyyy-MM-dd}" : "no acknowledgement deadline"));
            return complaint;
        });
    }

    /// <summary>Records that the complaint was acknowledged at <paramref name="at"/> (now when null).</summary>
    public Result<Complaint> Acknowledge(Actor actor, string id, int expectedVersion, DateTime? at = null) =>
        Change(actor, id, expectedVersion, "complaint.acknowledged", (c, time) =>
            (c with { AcknowledgedAt = time }, $"Acknowledged at {time:yyyy-MM-dd HH:mm} UTC" + OnTime(c, time)), at);

    /// <summary>Records an update given to the complainant (the duty to keep them informed).</summary>
    public Result<Complaint> RecordProgress(Actor actor, string id, int expectedVersion, DateTime? at = null) =>
        Change(actor, id, expectedVersion, "complaint.progress-updated", (c, time) =>
            (c with { ProgressUpdatedAt = time }, $"Complainant updated at {time:yyyy-MM-dd HH:mm} UTC"), at);

    /// <summary>Records the outcome the complainant was told; an unacknowledged complaint is acknowledged by it.</summary>
    public Result<Complaint> RecordOutcome(Actor actor, string id, int expectedVersion, ComplaintOutcome outcome, string? summary, DateTime? at = null) =>
        Change(actor, id, expectedVersion, "complaint.outcome-told", (c, time) =>
        {
            var text = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
            return (c with { OutcomeAt = time, Outcome = outcome, OutcomeSummary = text, AcknowledgedAt = c.AcknowledgedAt ?? time },
                $"Outcome told at {time:yyyy-MM-dd HH:mm} UTC: {outcome.DisplayName()}" + (c.AcknowledgedAt is null ? " (also the acknowledgement" + OnTime(c, time) + ")" : ""));
        }, at);

    /// <summary>Records that the complainant took the complaint to the regulator.</summary>
    public Result<Complaint> RecordEscalation(Actor actor, string id, int expectedVersion, DateTime at, string? regulatorReference) =>
        Change(actor, id, expectedVersion, "complaint.escalated", (c, time) =>
        {
            var reference = string.IsNullOrWhiteSpace(regulatorReference) ? null : Identifier.Normalise(regulatorReference);
            return (c with { EscalatedAt = time, RegulatorReference = reference },
                $"Escalated to the regulator at {time:yyyy-MM-dd}" + (reference is null ? "" : $", reference {reference}"));
        }, at);

    /// <summary>Adds links to objections of the same person and jurisdiction.</summary>
    public Result<Complaint> Link(Actor actor, string id, int expectedVersion, IReadOnlyList<string> objectionIds) =>
        Change(actor, id, expectedVersion, "complaint.linked", (c, _) =>
        {
            var added = objectionIds.Select(Identifier.Normalise).Where(i => i.Length > 0 && !c.LinkedObjectionIds.Contains(i)).Distinct(StringComparer.Ordinal).ToArray();
            return (c with { LinkedObjectionIds = [.. c.LinkedObjectionIds, .. added] }, $"Linked objection(s) {string.Join(", ", added)}");
        }, null);

    /// <summary>
    /// Redacts the closed complaints whose outcome was told more than the retention period ago: pseudonymised further
    /// (subject reference, links, free text and regulator reference removed) or deleted (replaced by an anonymous residue
    /// with a new id). Either way every counted fact stays, so the figures do not change.
    /// </summary>
    public Result<RetentionReport> ApplyRetention(Actor actor)
    {
        if (actor.Require(Permission.ManageComplaints) is { } denied) return denied;
        var cutOff = clock.UtcNowMs().AddDays(-options.RetentionDays);
        var mode = options.RetentionMode;
        return store.Write<RetentionReport>(() =>
        {
            var due = complaints.All().Where(c => c.Redaction == ComplaintRedaction.None && c.OutcomeAt < cutOff).ToList();
            if (due.Count == 0) return new RetentionReport(0, mode, cutOff);
            var residues = due.Select(c => c with
            {
                SubjectRef = "",
                LinkedObjectionIds = [],
                OutcomeSummary = null,
                RegulatorReference = null,
                Redaction = mode == ComplaintRetentionMode.Delete ? ComplaintRedaction.Deleted : ComplaintRedaction.Pseudonymised,
            }).ToList();
            var result = mode == ComplaintRetentionMode.Delete
                ? complaints.Save(residues.Select(r => r with { Id = $"R-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", Version = 1, BatchId = "retention" }).ToList(), [], due.Select(c => c.Id).ToList())
                : complaints.Save([], residues.Select(r => r with { Version = r.Version + 1 }).ToList());
            if (!result.Succeeded) return result.Failure!;
            audit.Append(actor, mode == ComplaintRetentionMode.Delete ? "complaints.retention-deleted" : "complaints.retention-pseudonymised", BatchEntityType, $"retention-{cutOff:yyyyMMdd}",
                $"{(mode == ComplaintRetentionMode.Delete ? "Deleted" : "Pseudonymised")} {due.Count} complaint(s) whose outcome was told before {cutOff:yyyy-MM-dd} ({options.RetentionDays}-day retention); counts kept");
            return new RetentionReport(due.Count, mode, cutOff);
        });
    }

    private Result<Complaint> Change(Actor actor, string id, int expectedVersion, string action,
        Func<Complaint, DateTime, (Complaint Next, string Summary)> change, DateTime? at)
    {
        if (actor.Require(Permission.ManageComplaints) is { } denied) return denied;
        var now = clock.UtcNowMs();
        if (at is { Kind: not DateTimeKind.Utc }) return Failure.Validation("The time must be UTC.");
        var time = at is { } given ? TimeProviderExtensions.TruncateToMs(given) : now;
        return store.Write<Complaint>(() =>
        {
            var current = complaints.Find(id);
            if (current is null) return Failure.NotFound($"Complaint {id} does not exist.");
            if (current.Version != expectedVersion)
                return Failure.Conflict($"Complaint {id} was changed by someone else. Reload and try again.");
            var (next, summary) = change(current, time);
            var problems = ComplaintRules.Advance(current, next);
            if (problems.Count > 0) return Failure.Conflict(problems[0].Message);
            if (Problems(ComplaintRules.Validate(next, now)) is { } invalid) return invalid;
            if (Problems(LinkProblems(next, objections.FindMany(next.LinkedObjectionIds))) is { } badLinks) return badLinks;
            if (ComplaintRules.SameFacts(current, next)) return current;
            next = next with { Version = current.Version + 1 };
            var result = complaints.Save([], [next]);
            if (!result.Succeeded) return result.Failure!;
            audit.Append(actor, action, EntityType, id, summary);
            return next;
        });
    }

    private static Complaint Next(Complaint current, Complaint incoming, string batchId) => current with
    {
        LinkedObjectionIds = incoming.LinkedObjectionIds,
        AcknowledgedAt = incoming.AcknowledgedAt,
        ProgressUpdatedAt = incoming.ProgressUpdatedAt,
        OutcomeAt = incoming.OutcomeAt,
        Outcome = incoming.Outcome,
        OutcomeSummary = incoming.OutcomeSummary,
        EscalatedAt = incoming.EscalatedAt,
        RegulatorReference = incoming.RegulatorReference,
        BatchId = batchId,
        Version = current.Version + 1,
    };

    /// <summary>A linked objection must exist and belong to the same person in the same jurisdiction.</summary>
    private static IEnumerable<ComplaintProblem> LinkProblems(Complaint c, IReadOnlyDictionary<string, Objection> found)
    {
        foreach (var objectionId in c.LinkedObjectionIds)
        {
            if (!found.TryGetValue(objectionId, out var objection))
                yield return new("linked_objection_ids", $"Linked objection {objectionId} does not exist.");
            else if (objection.SubjectRef != c.SubjectRef)
                yield return new("linked_objection_ids", $"Linked objection {objectionId} belongs to another subject_ref.");
            else if (objection.Jurisdiction != c.Jurisdiction)
                yield return new("linked_objection_ids", $"Linked objection {objectionId} is in {objection.Jurisdiction}, not {c.Jurisdiction}.");
        }
    }

    private static Failure? Problems(IEnumerable<ComplaintProblem> problems)
    {
        var list = problems.Select(p => $"{p.Column}: {p.Message}").ToList();
        return list.Count == 0 ? null : Failure.Validation(list.Count == 1 ? list[0] : "The complaint has errors.", list);
    }

    private static string OnTime(Complaint c, DateTime at) => c.AcknowledgementDue is { } due
        ? DateOnly.FromDateTime(at) <= due ? $", within the deadline of {due:yyyy-MM-dd}" : $", after the deadline of {due:yyyy-MM-dd}"
        : "";
}
