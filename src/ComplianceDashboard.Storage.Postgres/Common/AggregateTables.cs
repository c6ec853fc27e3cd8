using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// Where each aggregate type lives (table and indexed columns, as the migrations create them): one place for the
/// repositories and for moving a store into this database (<see cref="PostgresStoreCopyTarget"/>).
/// </summary>
internal static class AggregateTables
{
    public static AggregateTable<User> Users(PostgresStore store) => new(store, "users");

    public static AggregateTable<ApiKey> ApiKeys(PostgresStore store) =>
        new(store, "api_keys", new IndexedColumn<ApiKey>("secret_hash", k => k.SecretHash));

    public static AggregateTable<SingleSignOnSettings> SingleSignOnSettings(PostgresStore store) => new(store, "single_sign_on_settings");

    public static AggregateTable<PendingSignOff> PendingSignOffs(PostgresStore store) => new(store, "pending_sign_offs");

    public static AggregateTable<Jurisdiction> Jurisdictions(PostgresStore store) => new(store, "jurisdictions");

    public static AggregateTable<Campaign> Campaigns(PostgresStore store) => new(store, "campaigns");

    public static AggregateTable<NoticeVersion> NoticeVersions(PostgresStore store) =>
        new(store, "notice_versions", new IndexedColumn<NoticeVersion>("campaign_id", n => n.CampaignId));

    public static AggregateTable<Cohort> Cohorts(PostgresStore store) =>
        new(store, "cohorts", new IndexedColumn<Cohort>("campaign_id", c => c.CampaignId));

    public static AggregateTable<RegulatorInteraction> RegulatorInteractions(PostgresStore store) =>
        new(store, "regulator_interactions", new IndexedColumn<RegulatorInteraction>("jurisdiction", i => i.JurisdictionCode));

    public static AggregateTable<RegulatorCommitment> RegulatorCommitments(PostgresStore store) =>
        new(store, "regulator_commitments", new IndexedColumn<RegulatorCommitment>("jurisdiction", c => c.JurisdictionCode));

    public static AggregateTable<Assessment> Assessments(PostgresStore store) => new(store, "assessments");

    public static AggregateTable<ComplianceRun> ComplianceRuns(PostgresStore store) =>
        new(store, "compliance_runs", new IndexedColumn<ComplianceRun>("jurisdiction", r => r.Jurisdiction), new IndexedColumn<ComplianceRun>("ran_at", r => r.RanAt));

    public static AggregateTable<TrainingRun> TrainingRuns(PostgresStore store) =>
        new(store, "training_runs", new IndexedColumn<TrainingRun>("jurisdiction", r => r.Jurisdiction), new IndexedColumn<TrainingRun>("registered_at", r => r.RegisteredAt));

    public static AggregateTable<GateOverride> GateOverrides(PostgresStore store) =>
        new(store, "gate_overrides", new IndexedColumn<GateOverride>("jurisdiction", o => o.Jurisdiction), new IndexedColumn<GateOverride>("opened_at", o => o.OpenedAt));

    public static AggregateTable<EvidencePack> EvidencePacks(PostgresStore store) =>
        new(store, "evidence_packs", new IndexedColumn<EvidencePack>("pdf_sha256", p => p.PdfSha256), new IndexedColumn<EvidencePack>("signed_pdf_sha256", p => p.SignedPdfSha256));

    /// <summary>The table of aggregate type <typeparamref name="T"/>; a type without a table is a bug.</summary>
    public static AggregateTable<T> Of<T>(PostgresStore store) where T : Core.Common.Aggregate => (AggregateTable<T>)(typeof(T).Name switch
    {
        nameof(User) => (object)Users(store),
        nameof(ApiKey) => ApiKeys(store),
        nameof(Core.Identity.SingleSignOnSettings) => SingleSignOnSettings(store),
        nameof(Jurisdiction) => Jurisdictions(store),
        nameof(Campaign) => Campaigns(store),
        nameof(NoticeVersion) => NoticeVersions(store),
        nameof(Cohort) => Cohorts(store),
        nameof(RegulatorInteraction) => RegulatorInteractions(store),
        nameof(RegulatorCommitment) => RegulatorCommitments(store),
        nameof(Assessment) => Assessments(store),
        nameof(ComplianceRun) => ComplianceRuns(store),
        nameof(TrainingRun) => TrainingRuns(store),
        nameof(GateOverride) => GateOverrides(store),
        nameof(EvidencePack) => EvidencePacks(store),
        _ => throw new NotSupportedException($"No PostgreSQL table holds {typeof(T).Name} aggregates."),
    });
}
