using System.Text;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Objections;
using ObjectionPlatform = ComplianceDashboard.Core.Objections.Platform;
using Platform = ComplianceDashboard.Core.Rollout.Platform;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Rollout;

public abstract class RolloutStorageTests : IDisposable
{
    private const string Header = "campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded";
    private static readonly Actor Officer = Actor.User("officer@example.test", "Officer", Role.ComplianceOfficer);
    private static readonly DateOnly Start = new(2026, 1, 1);

    private readonly TestStore _store;

    protected RolloutStorageTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        var jurisdictions = _store.Get<JurisdictionService>();
        var uk = jurisdictions.CreateFromPreset(Actor.System, "UK").Value;
        jurisdictions.Update(Actor.System, "UK", uk.Version, JurisdictionDetails.From(uk) with { PlannedTrainingStart = Start.AddDays(40) });
        var campaigns = _store.Get<CampaignService>();
        campaigns.Create(Officer, new CampaignDetails("UK-FB", "UK", Platform.Facebook, "UK Facebook", CampaignStatus.Sending, Start, Start.AddDays(90), Start, null, 35, 0.9m));
        var notice = campaigns.AddNotice(Officer, "UK-FB", new NoticeDetails("v1", "We're updating our privacy policy.", "en-GB", NoticeChannel.InApp, Start, null)).Value;
        campaigns.AddCohort(Officer, "UK-FB", new CohortDetails("wave-1", "Wave 1", 2_000_000, Start, Start.AddDays(6), notice.Id));
    }

    public void Dispose() => _store.Dispose();

    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]));

    [Fact]
    public void CampaignsNoticesAndCohorts_SurviveAReopen_WithEveryField()
    {
        _store.Reopen(demoMode: false);
        var campaigns = _store.Get<CampaignService>();

        var campaign = campaigns.Find("UK-FB")!;
        Assert.Equal(("UK", Platform.Facebook, CampaignStatus.Sending, Start, (DateOnly?)Start.AddDays(90), (DateOnly?)Start, (DateOnly?)null, 35, 0.9m),
            (campaign.JurisdictionCode, campaign.Platform, campaign.Status, campaign.PlannedStart, campaign.PlannedEnd, campaign.ActualStart, campaign.ActualEnd, campaign.MinimumObjectionWindowDays, campaign.CoverageTarget));
        var notice = Assert.Single(campaigns.Notices("UK-FB"));
        Assert.Equal(("We're updating our privacy policy.", NoticeChannel.InApp, Start), (notice.Text, notice.Channel, notice.EffectiveFrom));
        var cohort = Assert.Single(campaigns.Cohorts("UK-FB"));
        Assert.Equal(("wave-1", 2_000_000L, (DateOnly?)Start.AddDays(6), notice.Id), (cohort.Code, cohort.TargetCount, cohort.SendTo, cohort.NoticeVersionId));
        Assert.True(campaigns.IsInUse(notice));
    }

    [Fact]
    public void AnImportedFile_IsStoredDurably_AndSendingItAgainChangesNothing()
    {
        var file = Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,2000000,1900000,1800000,1500000,9000,3000,12000,0,40000",
                       "UK-FB,wave-1,2026-01-02,facebook,in_app,2000000,450000,440000,400000,2000,700,300,0,900");
        var first = _store.Get<DeliveryImportService>().Import(Officer, file, "day1.csv").Value;
        var head = _store.Get<IAuditLog>().Head();
        _store.Reopen(demoMode: false);

        var second = _store.Get<DeliveryImportService>().Import(Officer, file, "day1.csv").Value;

        Assert.Equal(new DeliveryImportSummary(2, 0, 0), first.Summary);
        Assert.Equal(new DeliveryImportSummary(0, 0, 2), second.Summary);
        Assert.Equal(2, _store.Get<IDeliveryStatsRepository>().OfCampaign("UK-FB").Count);
        Assert.Equal(head.Count + 1, _store.Get<IAuditLog>().Head().Count);
        var report = _store.Get<RolloutQueryService>().Report(Officer, new RolloutFilter()).Value;
        Assert.Equal(0.95, report.LatestCoverage!.Value, 3);
        Assert.Equal(new DateOnly(2026, 1, 2), report.TargetCrossedOn);
        Assert.Equal(40, Assert.Single(report.Cohorts).WindowDays);
        Assert.False(Assert.Single(report.Cohorts).BelowMinimum);
    }

    [Fact]
    public void AReplacedRow_KeepsOnlyTheNewValues_AndTheAuditChainRecordsTheOldOnes()
    {
        var import = _store.Get<DeliveryImportService>();
        import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,90,80,70,6,5,4,0,2"), "a.csv");

        var outcome = import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,95,85,75,6,5,4,0,2"), "b.csv").Value;

        Assert.Equal(new DeliveryImportSummary(0, 1, 0), outcome.Summary);
        Assert.Equal(75, Assert.Single(_store.Get<IDeliveryStatsRepository>().OfCampaign("UK-FB")).Displayed);
        var entry = _store.Get<IAuditLog>().ReadAll().Last();
        Assert.Contains("previously eligible=100 sent=90 delivered=80 displayed=70", entry.Summary);
        Assert.True(_store.Get<AuditService>().Verify(Actor.System).Value.Intact);
    }

    [Fact]
    public void ARejectedFile_LeavesTheStoreAndTheAuditLogUntouched()
    {
        var import = _store.Get<DeliveryImportService>();
        import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,90,80,70,6,5,4,0,2"), "a.csv");
        var head = _store.Get<IAuditLog>().Head();

        var outcome = import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,95,85,75,6,5,4,0,2", "UK-FB,wave-1,2025-12-31,facebook,in_app,1,1,1,1,1,1,1,0,1"), "bad.csv").Value;

        Assert.False(outcome.Accepted);
        Assert.Equal((3, "date"), (outcome.Errors[0].Line, outcome.Errors[0].Column));
        Assert.Equal(70, Assert.Single(_store.Get<IDeliveryStatsRepository>().OfCampaign("UK-FB")).Displayed);
        Assert.Equal(head, _store.Get<IAuditLog>().Head());
    }

    [Fact]
    public void RegulatorInteractionsAndCommitments_SurviveAReopen()
    {
        var log = _store.Get<RegulatorLogService>();
        log.Record(Officer, "UK", new InteractionDetails(Start, InteractionDirection.FromRegulator, "ICO asked about the objection form", "ICO-REF-1"));
        log.AddCommitment(Officer, "UK", new CommitmentDetails(Start, "Simpler objection form", CommitmentStatus.Met, "Form reduced to one screen", Start.AddDays(10)));
        _store.Reopen(demoMode: false);

        var interaction = Assert.Single(_store.Get<RegulatorLogService>().Interactions("UK"));
        var commitment = Assert.Single(_store.Get<RegulatorLogService>().Commitments("UK"));

        Assert.Equal((InteractionDirection.FromRegulator, "ICO-REF-1", "Officer"), (interaction.Direction, interaction.Reference, interaction.RecordedBy));
        Assert.Equal((CommitmentStatus.Met, "Form reduced to one screen", (DateOnly?)Start.AddDays(10)), (commitment.Status, commitment.Evidence, commitment.MetOn));
    }

    [Fact]
    public void TheInMemoryDeliveryRows_ShowACommittedImport_AndNeverARejectedOne()
    {
        var rows = _store.Get<IDeliveryStatsRepository>();
        var import = _store.Get<DeliveryImportService>();
        Assert.Empty(rows.All());

        import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,90,80,70,6,5,4,0,2"), "a.csv");
        Assert.Equal(70, Assert.Single(rows.All()).Displayed);

        import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,95,85,75,6,5,4,0,2", "UK-FB,wave-1,2025-12-31,facebook,in_app,1,1,1,1,1,1,1,0,1"), "bad.csv");
        Assert.Equal(70, Assert.Single(rows.All()).Displayed);

        import.Import(Officer, Csv("UK-FB,wave-1,2026-01-01,facebook,in_app,100,95,85,75,6,5,4,0,2"), "b.csv");
        Assert.Equal(75, Assert.Single(rows.All()).Displayed);
    }

    [Fact]
    public void TheObjectionRate_IsObjectionsReceivedOverPeopleDisplayed_WithinTheFiltersPlatformAndDates()
    {
        _store.Get<DeliveryImportService>().Import(Officer, Csv(
            "UK-FB,wave-1,2026-01-01,facebook,in_app,1000,900,800,400,6,5,4,0,2",
            "UK-FB,wave-1,2026-01-02,facebook,in_app,1000,300,200,100,6,5,4,0,2"), "rollout.csv");
        var objections = _store.Get<ObjectionService>();
        var csv = string.Join("\n", [string.Join(",", ObjectionCsv.RequiredColumns),
            .. Enumerable.Range(1, 20).Select(i => ObjectionImportTests.Row($"F{i}", received: "2026-01-01T10:00:00Z")),
            .. Enumerable.Range(1, 5).Select(i => ObjectionImportTests.Row($"G{i}", received: "2026-01-02T10:00:00Z")),
            .. Enumerable.Range(1, 4).Select(i => ObjectionImportTests.Row($"I{i}", received: "2026-01-01T10:00:00Z", platform: "instagram"))]);
        Assert.True(objections.Import(Officer, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "objections.csv").Value.Accepted);

        Assert.Equal(29.0 / 500, objections.Metrics(new ObjectionFilter("UK")).ObjectionRate!.Value, 6);
        Assert.Equal(25.0 / 500, objections.Metrics(new ObjectionFilter("UK", ObjectionPlatform.Facebook)).ObjectionRate!.Value, 6);
        var firstDay = new DateOnly(2026, 1, 1);
        Assert.Equal(20.0 / 400, objections.Metrics(new ObjectionFilter("UK", ObjectionPlatform.Facebook, From: firstDay, To: firstDay)).ObjectionRate!.Value, 6);
        Assert.Null(objections.Metrics(new ObjectionFilter("UK", ObjectionPlatform.Instagram)).ObjectionRate);
        Assert.Null(objections.Metrics(new ObjectionFilter("EU")).ObjectionRate);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : RolloutStorageTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : RolloutStorageTests(StoreProvider.Postgres);
}
