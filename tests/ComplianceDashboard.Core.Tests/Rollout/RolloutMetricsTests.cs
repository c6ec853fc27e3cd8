using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Tests.Rollout;

public sealed class RolloutMetricsTests
{
    private static readonly DateOnly Day0 = InMemoryRollout.Start;

    private static DailyDeliveryStats Row(string cohort, int day, long eligible, long displayed,
        NoticeChannel channel = NoticeChannel.InApp, long priorContacted = 0, string campaign = "UK-FB") => new DailyDeliveryStats
    {
        CampaignId = campaign, CohortCode = cohort, Date = Day0.AddDays(day), Platform = Platform.Facebook, Channel = channel,
        Eligible = eligible, Sent = displayed, Delivered = displayed, Displayed = displayed, PriorObjectorsContacted = priorContacted,
    }.WithKey();

    private static RolloutReport Compute(InMemoryRollout s, RolloutFilter? filter = null) =>
        RolloutMetrics.Compute(s.Campaigns.Values.ToList(), s.CohortsById.Values.ToList(), s.Rows.Values.ToList(),
            code => s.Jurisdictions.TryGetValue(code, out var j) ? j.ActualTrainingStart ?? j.PlannedTrainingStart : null,
            filter ?? new RolloutFilter());

    private static InMemoryRollout With(params DailyDeliveryStats[] rows)
    {
        var s = InMemoryRollout.WithUkCampaign();
        foreach (var r in rows) s.Upsert(r);
        return s;
    }

    [Fact]
    public void Report_WithNoData_HasNoCoverageNoCrossingDateAndNoWindows()
    {
        var report = Compute(InMemoryRollout.WithUkCampaign());

        Assert.False(report.HasData);
        Assert.Empty(report.Coverage);
        Assert.Null(report.TargetCrossedOn);
        Assert.Null(report.LatestCoverage);
        Assert.Equal(0, report.Funnel.Eligible);
        Assert.All(report.Cohorts, c => Assert.Null(c.WindowDays));
        Assert.All(report.Cohorts, c => Assert.False(c.BelowMinimum));
    }

    [Fact]
    public void Coverage_IsDisplayedToDateOverTheEligibleLevelOfThatDay()
    {
        var report = Compute(With(
            Row("wave-1", 0, eligible: 1000, displayed: 300),
            Row("wave-1", 1, eligible: 1000, displayed: 400),
            Row("wave-2", 1, eligible: 1000, displayed: 100)));

        Assert.Equal([0.3, 0.4], report.Coverage.Select(p => p.Coverage));
        Assert.Equal(800, report.Coverage[^1].DisplayedToDate);
        Assert.Equal(2000, report.Coverage[^1].Eligible);
    }

    [Fact]
    public void Eligible_IsALevelCarriedForward_NotSummedOverDaysOrChannels()
    {
        var report = Compute(With(
            Row("wave-1", 0, eligible: 1000, displayed: 500),
            Row("wave-1", 0, eligible: 1000, displayed: 100, channel: NoticeChannel.Email),
            Row("wave-2", 1, eligible: 500, displayed: 100)));

        Assert.Equal(1500, report.Funnel.Eligible);
        Assert.Equal(1500, report.Coverage[^1].Eligible);
        Assert.Equal(700, report.Funnel.Displayed);
    }

    [Fact]
    public void TargetCrossedOn_IsTheFirstDayCoverageReachesTheTarget()
    {
        var report = Compute(With(
            Row("wave-1", 0, 1000, 500),
            Row("wave-1", 1, 1000, 440),
            Row("wave-1", 2, 1000, 10),
            Row("wave-1", 3, 1000, 30)));

        Assert.Equal(0.95m, report.CoverageTarget);
        Assert.Equal(Day0.AddDays(2), report.TargetCrossedOn);
    }

    [Fact]
    public void TargetCrossedOn_IsNull_WhenTheTargetIsNeverReached()
    {
        var report = Compute(With(Row("wave-1", 0, 1000, 500), Row("wave-1", 1, 1000, 449)));

        Assert.Null(report.TargetCrossedOn);
        Assert.Equal(0.949, report.LatestCoverage!.Value, 3);
    }

    [Fact]
    public void ObjectionWindow_RunsFromTheCohortsFirstDisplayToTheTrainingStart()
    {
        var report = Compute(With(Row("wave-1", 0, 1000, 0), Row("wave-1", 2, 1000, 10), Row("wave-2", 20, 1000, 10)));

        var wave1 = report.Cohorts.Single(c => c.CohortCode == "wave-1");
        var wave2 = report.Cohorts.Single(c => c.CohortCode == "wave-2");
        Assert.Equal(Day0.AddDays(2), wave1.FirstDisplayed);
        Assert.Equal(43, wave1.WindowDays);
        Assert.False(wave1.BelowMinimum);
        Assert.Equal(25, wave2.WindowDays);
        Assert.True(wave2.BelowMinimum);
    }

    [Fact]
    public void ObjectionWindow_IsZeroOrNegativeAndFlagged_WhenACohortIsFirstDisplayedOnOrAfterTrainingStart()
    {
        var report = Compute(With(Row("wave-1", 45, 1000, 10), Row("wave-2", 50, 1000, 10)));

        Assert.All(report.Cohorts, c => Assert.True(c.BelowMinimum && c.DisplayedAfterTrainingStart));
        Assert.Equal([0, -5], report.Cohorts.Select(c => c.WindowDays!.Value));
    }

    [Fact]
    public void ObjectionWindow_UsesTheActualTrainingStartOnceKnown()
    {
        var s = With(Row("wave-1", 0, 1000, 10));
        s.Jurisdictions["UK"] = s.Jurisdictions["UK"] with { ActualTrainingStart = Day0.AddDays(60) };

        Assert.Equal(60, Compute(s).Cohorts.Single(c => c.CohortCode == "wave-1").WindowDays);
    }

    [Fact]
    public void ObjectionWindow_IsUnknownAndNotFlagged_WithoutATrainingStart()
    {
        var s = With(Row("wave-1", 0, 1000, 10));
        s.Jurisdictions["UK"] = s.Jurisdictions["UK"] with { PlannedTrainingStart = null };

        var wave1 = Compute(s).Cohorts.Single(c => c.CohortCode == "wave-1");
        Assert.Null(wave1.WindowDays);
        Assert.False(wave1.BelowMinimum);
    }

    [Fact]
    public void PriorObjectorsContacted_RaisesTheFlagOnTheCohortAndTheTotal()
    {
        var report = Compute(With(Row("wave-1", 0, 1000, 10), Row("wave-2", 0, 1000, 10, priorContacted: 3)));

        Assert.Equal(3, report.PriorObjectorsContacted);
        Assert.False(report.Cohorts.Single(c => c.CohortCode == "wave-1").PriorObjectorsWereContacted);
        Assert.True(report.Cohorts.Single(c => c.CohortCode == "wave-2").PriorObjectorsWereContacted);
    }

    [Fact]
    public void Totals_AreGivenPerPlatformAndChannel()
    {
        var report = Compute(With(
            Row("wave-1", 0, 1000, 10), Row("wave-1", 1, 1000, 20),
            Row("wave-1", 0, 1000, 5, channel: NoticeChannel.Email)));

        Assert.Equal(2, report.ByPlatformAndChannel.Count);
        Assert.Equal(30, report.ByPlatformAndChannel.Single(t => t.Channel == NoticeChannel.InApp).Displayed);
        Assert.Equal(5, report.ByPlatformAndChannel.Single(t => t.Channel == NoticeChannel.Email).Displayed);
    }

    [Fact]
    public void DateRange_ShowsOnlyDaysInRange_ButCoverageCountsEveryEarlierDisplay()
    {
        var report = Compute(With(Row("wave-1", 0, 1000, 600), Row("wave-1", 1, 1000, 100), Row("wave-1", 2, 1000, 100)),
            new RolloutFilter(From: Day0.AddDays(1), To: Day0.AddDays(1)));

        Assert.Equal(Day0.AddDays(1), Assert.Single(report.Coverage).Date);
        Assert.Equal(0.7, report.Coverage[0].Coverage);
        Assert.Equal(100, report.Funnel.Displayed);
    }

    [Fact]
    public void Filters_ByChannelAndCampaign_LeaveOtherRowsOut()
    {
        var s = With(Row("wave-1", 0, 1000, 10), Row("wave-1", 0, 1000, 5, channel: NoticeChannel.Email));
        s.Campaigns["UK-IG"] = s.Campaigns["UK-FB"] with { Id = "UK-IG", Platform = Platform.Instagram };
        s.Upsert(Row("wave-1", 0, 1000, 99, campaign: "UK-IG") with { Platform = Platform.Instagram });

        Assert.Equal(5, Compute(s, new RolloutFilter(Channel: NoticeChannel.Email)).Funnel.Displayed);
        Assert.Equal(15, Compute(s, new RolloutFilter(CampaignId: "UK-FB")).Funnel.Displayed);
        Assert.Equal(99, Compute(s, new RolloutFilter(Platform: Platform.Instagram)).Funnel.Displayed);
    }
}
