using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Core.Operations;

/// <summary>
/// The receiving end of a store move: takes records exactly as the source store holds them (ids, versions, times, hashes),
/// which the repositories' own saves do not (they number versions and link audit entries themselves). Only valid inside
/// <see cref="IUnitOfWork.Write{T}"/> of a store that is empty. Records a repository already saves as given (objections
/// with their history and rollups, complaints, delivery rows) travel through that repository instead.
/// </summary>
public interface IStoreCopyTarget
{
    /// <summary>Records the store's identity as the source has it: its mode (demo or real, for life) and creation time.</summary>
    void Identity(StoreInfo info);

    /// <summary>Inserts aggregates with their ids and versions as given.</summary>
    void Aggregates<T>(IReadOnlyList<T> aggregates) where T : Aggregate;

    /// <summary>Inserts audit entries with their sequence numbers, times and hashes as given, in sequence order.</summary>
    void AuditEntries(IReadOnlyList<AuditEntry> entries);

    /// <summary>Inserts an evidence pack with its version as given and its stored PDF (and signed copy) byte for byte.</summary>
    void EvidencePack(EvidencePack pack, byte[] pdf, byte[]? signedPdf);
}

/// <summary>The ports of one store, as a move reads them (the source) or writes them (the target).</summary>
public sealed record StorePorts(
    IUnitOfWork Writer,
    IStoreInfo Info,
    IAuditLog Audit,
    IUserRepository Users,
    IApiKeyRepository ApiKeys,
    ISingleSignOnSettingsRepository SingleSignOn,
    IJurisdictionRepository Jurisdictions,
    ICampaignRepository Campaigns,
    IDeliveryStatsRepository DeliveryStats,
    IRegulatorLogRepository RegulatorLog,
    IAssessmentRepository Assessments,
    IComplianceRunRepository ComplianceRuns,
    ITrainingRunRepository TrainingRuns,
    IGateOverrideRepository GateOverrides,
    IComplaintRepository Complaints,
    IObjectionRepository Objections,
    IEvidencePackRepository EvidencePacks)
{
    public static StorePorts Of(IServiceProvider services) => new(
        services.GetRequiredService<IUnitOfWork>(), services.GetRequiredService<IStoreInfo>(), services.GetRequiredService<IAuditLog>(),
        services.GetRequiredService<IUserRepository>(), services.GetRequiredService<IApiKeyRepository>(),
        services.GetRequiredService<ISingleSignOnSettingsRepository>(),
        services.GetRequiredService<IJurisdictionRepository>(), services.GetRequiredService<ICampaignRepository>(),
        services.GetRequiredService<IDeliveryStatsRepository>(), services.GetRequiredService<IRegulatorLogRepository>(),
        services.GetRequiredService<IAssessmentRepository>(), services.GetRequiredService<IComplianceRunRepository>(),
        services.GetRequiredService<ITrainingRunRepository>(), services.GetRequiredService<IGateOverrideRepository>(),
        services.GetRequiredService<IComplaintRepository>(), services.GetRequiredService<IObjectionRepository>(),
        services.GetRequiredService<IEvidencePackRepository>());

    /// <summary>The single sign-on settings an admin saved (none while the store keeps the defaults).</summary>
    public IReadOnlyList<SingleSignOnSettings> StoredSingleSignOnSettings() => SingleSignOn.Get() is { Version: > 0 } saved ? [saved] : [];

    /// <summary>How many records of each kind the store holds, read through its ports (kinds in <see cref="StoreCopy.Kinds"/> order).</summary>
    public IReadOnlyList<CopiedKind> Count()
    {
        var campaigns = Campaigns.All();
        return
        [
            new(StoreCopy.Kinds[0], Users.All().Count),
            new(StoreCopy.Kinds[1], ApiKeys.All().Count),
            new(StoreCopy.Kinds[2], StoredSingleSignOnSettings().Count),
            new(StoreCopy.Kinds[3], Jurisdictions.All().Count),
            new(StoreCopy.Kinds[4], campaigns.Count),
            new(StoreCopy.Kinds[5], campaigns.Sum(c => Campaigns.NoticesOf(c.Id).Count)),
            new(StoreCopy.Kinds[6], campaigns.Sum(c => Campaigns.CohortsOf(c.Id).Count)),
            new(StoreCopy.Kinds[7], DeliveryStats.All().Count),
            new(StoreCopy.Kinds[8], RegulatorLog.AllInteractions().Count),
            new(StoreCopy.Kinds[9], RegulatorLog.AllCommitments().Count),
            new(StoreCopy.Kinds[10], Assessments.All().Count),
            new(StoreCopy.Kinds[11], ComplianceRuns.All().Count),
            new(StoreCopy.Kinds[12], TrainingRuns.All().Count),
            new(StoreCopy.Kinds[13], GateOverrides.All().Count),
            new(StoreCopy.Kinds[14], Complaints.All().Count),
            new(StoreCopy.Kinds[15], Objections.All().LongCount()),
            new(StoreCopy.Kinds[16], Objections.StoredRollups().Count),
            new(StoreCopy.Kinds[17], EvidencePacks.All().Count),
            new(StoreCopy.Kinds[18], Audit.Head().Count),
        ];
    }
}

/// <summary>How many records of one kind a move copied (or a store holds).</summary>
public sealed record CopiedKind(string Kind, long Rows);

/// <summary>Where a move is: the kind it copies, the rows of it copied so far, and whether that kind is done.</summary>
public sealed record StoreCopyProgress(string Kind, long Rows, bool Done);

/// <summary>What a move copied: the source's identity, the rows of every kind, the chain head it copied and the entry that audits the move.</summary>
public sealed record StoreCopyReport(StoreInfo Identity, IReadOnlyList<CopiedKind> Copied, ChainHead CopiedHead, AuditEntry Move);

/// <summary>
/// Moving a store: copies every record of one store into another, empty one, through both stores' ports, in ONE transaction
/// of the target (an interrupted or failed copy leaves it empty), and audits the move with an entry appended on the target
/// after the copied chain, so the copy verifies. Large kinds (objections, audit entries) are streamed in chunks, never held
/// whole in memory; <c>progress</c> hears about every chunk.
/// </summary>
public static class StoreCopy
{
    public const string MovedAction = "store.copied";
    private const int Chunk = 10_000;

    /// <summary>The kinds of records a move copies, in the order it copies them (and reports them).</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "users", "API keys", "single sign-on settings", "jurisdictions", "campaigns", "notice versions", "cohorts", "delivery rows", "regulator interactions",
        "regulator commitments", "assessments", "compliance runs", "training runs", "gate overrides", "complaints", "objections",
        "objection rollups", "evidence packs", "audit entries",
    ];

    /// <param name="from">The store copied (left unchanged).</param>
    /// <param name="to">The empty store written.</param>
    /// <param name="target">The target's port for records kept exactly as stored.</param>
    /// <param name="describeSource">Where the source is, for the audit entry (e.g. "the LiteDB data folder /srv/cd/data").</param>
    /// <param name="progress">Told the kind and the rows copied of it so far, after every chunk and when it is done (on the calling thread).</param>
    public static Result<StoreCopyReport> Copy(StorePorts from, StorePorts to, IStoreCopyTarget target, Actor actor, string describeSource,
        Action<StoreCopyProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (actor.Require(Permission.TakeBackups) is { } denied) return denied;
        var identity = from.Info.Info;
        var copied = new List<CopiedKind>();

        void Report(string kind, long rows, bool done)
        {
            progress?.Invoke(new StoreCopyProgress(kind, rows, done));
            if (done) copied.Add(new CopiedKind(kind, rows));
            cancellation.ThrowIfCancellationRequested();
        }

        void Whole<T>(string kind, IReadOnlyList<T> records) where T : Aggregate
        {
            if (records.Count > 0) target.Aggregates(records);
            Report(kind, records.Count, done: true);
        }

        return to.Writer.Write<StoreCopyReport>(() =>
        {
            cancellation.ThrowIfCancellationRequested();
            target.Identity(identity);
            var campaigns = from.Campaigns.All();
            Whole(Kinds[0], from.Users.All());
            Whole(Kinds[1], from.ApiKeys.All());
            // The provisioning choice survives a move. Pending SSO sign-offs do not: they live five minutes and a move is
            // made with the app stopped, so any left are abandoned (the person signs off again).
            Whole(Kinds[2], from.StoredSingleSignOnSettings());
            Whole(Kinds[3], from.Jurisdictions.All());
            Whole(Kinds[4], campaigns);
            Whole(Kinds[5], [.. campaigns.SelectMany(c => from.Campaigns.NoticesOf(c.Id))]);
            Whole(Kinds[6], [.. campaigns.SelectMany(c => from.Campaigns.CohortsOf(c.Id))]);

            var deliveries = from.DeliveryStats.All();
            foreach (var row in deliveries) to.DeliveryStats.Upsert(row);
            Report(Kinds[7], deliveries.Count, done: true);

            Whole(Kinds[8], from.RegulatorLog.AllInteractions());
            Whole(Kinds[9], from.RegulatorLog.AllCommitments());
            Whole(Kinds[10], from.Assessments.All());
            Whole(Kinds[11], from.ComplianceRuns.All());
            Whole(Kinds[12], from.TrainingRuns.All());
            Whole(Kinds[13], from.GateOverrides.All());

            var complaints = from.Complaints.All();
            if (complaints.Count > 0 && to.Complaints.Save(complaints, []).Failure is { } refused) return refused;
            Report(Kinds[14], complaints.Count, done: true);

            long objections = 0;
            foreach (var chunk in from.Objections.All().Chunk(Chunk))
            {
                to.Objections.Save(chunk, [], []);
                objections += chunk.Length;
                Report(Kinds[15], objections, done: false);
            }
            Report(Kinds[15], objections, done: true);
            var rollups = from.Objections.StoredRollups();
            if (rollups.Count > 0) to.Objections.Save([], [], rollups);
            Report(Kinds[16], rollups.Count, done: true);

            var packs = from.EvidencePacks.All();
            foreach (var pack in packs.OrderBy(p => p.Id, StringComparer.Ordinal))
            {
                if (from.EvidencePacks.Pdf(pack.Id) is not { } pdf)
                    return Failure.Conflict($"Evidence pack {pack.Id} has no stored PDF in {describeSource}, so the store cannot be copied whole; nothing was written.");
                target.EvidencePack(pack, pdf, pack.SignedPdfSha256.Length > 0 ? from.EvidencePacks.SignedPdf(pack.Id) : null);
            }
            Report(Kinds[17], packs.Count, done: true);

            long entries = 0;
            foreach (var chunk in from.Audit.ReadAll().Chunk(Chunk))
            {
                target.AuditEntries(chunk);
                entries += chunk.Length;
                Report(Kinds[18], entries, done: false);
            }
            Report(Kinds[18], entries, done: true);

            var head = to.Audit.Head();
            if (head != from.Audit.Head())
                return Failure.Conflict($"The copied audit chain ends at entry {head.Count}, but {describeSource} ends at entry {from.Audit.Head().Count}; nothing was written.");
            var move = to.Audit.Append(actor, MovedAction, BackupService.EntityType, "store",
                $"Store copied from {describeSource} ({identity.Mode} store created {CanonicalJson.Time(identity.CreatedAt)}): " +
                string.Join(", ", copied.Select(c => $"{c.Rows:N0} {c.Kind}")) + $"; copied audit chain head {head.Count} ({head.Hash[..12]}…)");
            return new StoreCopyReport(identity, copied, head, move);
        });
    }
}
