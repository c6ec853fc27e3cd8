using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Demo;

public abstract class DemoRolloutTests : IDisposable
{
    private readonly TestStore _store;

    protected DemoRolloutTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: true);
        Assert.True(_store.Get<DemoProgramme>().Seed().Succeeded);
    }

    public void Dispose() => _store.Dispose();

    private DateOnly Yesterday => DateOnly.FromDateTime(_store.Clock.UtcDateTime).AddDays(-1);

    [Fact]
    public void TheUk_HasCampaignsOnBothPlatforms_EachWithANoticeAndThreeCohorts()
    {
        var campaigns = _store.Get<CampaignService>();

        var uk = campaigns.All().Where(c => c.JurisdictionCode == "UK").ToList();

        Assert.Equal([Platform.Facebook, Platform.Instagram], uk.Select(c => c.Platform).Order());
        Assert.All(uk, c => Assert.Equal(3, campaigns.Cohorts(c.Id).Count));
        Assert.All(uk, c => Assert.Single(campaigns.Notices(c.Id)));
    }

    [Fact]
    public void TheUkFigures_Span60DaysToYesterday_WithTensOfMillionsEligible_AndCoverageRisingPastTheTarget()
    {
        var report = _store.Get<RolloutQueryService>().Report(Actor.System, new RolloutFilter(JurisdictionCode: "UK")).Value;

        Assert.True(report.Coverage.Count >= 60, $"{report.Coverage.Count} days");
        Assert.Equal(Yesterday, report.Coverage[^1].Date);
        Assert.InRange(report.Funnel.Eligible, 20_000_000, 99_000_000);
        Assert.NotNull(report.TargetCrossedOn);
        Assert.True(report.TargetCrossedOn < Yesterday);
        Assert.True(report.Coverage[0].Coverage < 0.5);
        Assert.InRange(report.LatestCoverage!.Value, 0.95, 1.0);
        Assert.Equal(0, report.PriorObjectorsContacted);
        Assert.All(report.Cohorts, c => Assert.False(c.BelowMinimum, $"{c.CohortCode} window {c.WindowDays}"));
    }

    [Fact]
    public void TheEuCampaignIsPausedBeforeSending_AndBrazilsIsSuspended_WithoutFigures()
    {
        var campaigns = _store.Get<CampaignService>().All();
        var query = _store.Get<RolloutQueryService>();

        Assert.Equal(CampaignStatus.Paused, campaigns.Single(c => c.JurisdictionCode == "EU").Status);
        Assert.Equal(CampaignStatus.Suspended, campaigns.Single(c => c.JurisdictionCode == "BR").Status);
        Assert.False(query.Report(Actor.System, new RolloutFilter(JurisdictionCode: "EU")).Value.HasData);
        Assert.False(query.Report(Actor.System, new RolloutFilter(JurisdictionCode: "BR")).Value.HasData);
    }

    [Fact]
    public void TheRegulatorLog_FollowsThe2024Story_BeforeToday()
    {
        var log = _store.Get<RegulatorLogService>();

        Assert.Contains(log.Interactions("EU"), i => i.Summary.Contains("DPC requested") && i.Direction == InteractionDirection.FromRegulator);
        Assert.Contains(log.Interactions("BR"), i => i.Summary.Contains("preventive order"));
        Assert.Contains(log.Interactions("UK"), i => i.Direction == InteractionDirection.Meeting);
        Assert.Contains(log.Commitments("UK"), c => c.Status == CommitmentStatus.Met && c.Evidence.Length > 0);
        Assert.All(new[] { "UK", "EU", "BR" }.SelectMany(log.Interactions), i => Assert.True(i.Date <= Yesterday));
    }

    public sealed class OnLiteDb() : DemoRolloutTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : DemoRolloutTests(StoreProvider.Postgres);
}
