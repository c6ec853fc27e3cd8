using ComplianceDashboard.Core.Compliance;

namespace ComplianceDashboard.Core.Tests.Compliance;

public sealed class CheckTimelineTests
{
    private static readonly DateTime Day1 = new(2026, 3, 1, 6, 0, 0, DateTimeKind.Utc);
    private static readonly string Id = CheckCatalogue.AuditChainIntact.Id;

    private static ComplianceRun Run(int day, CheckOutcome outcome) => new()
    {
        Id = $"r{day}", Jurisdiction = "UK", RanAt = Day1.AddDays(day), AsOf = Day1.AddDays(day),
        Results = [new CheckResult { CheckId = Id, Jurisdiction = "UK", Outcome = outcome, Measured = $"m{day}" }],
    };

    [Fact]
    public void Transitions_ListTheFirstOutcomeAndEveryChange_SkippingRepeats()
    {
        var runs = new[] { Run(0, CheckOutcome.Pass), Run(1, CheckOutcome.Pass), Run(2, CheckOutcome.Fail), Run(3, CheckOutcome.Fail), Run(4, CheckOutcome.Pass) };

        var transitions = CheckTimeline.Transitions(runs, Id);

        Assert.Equal([(null, CheckOutcome.Pass), (CheckOutcome.Pass, CheckOutcome.Fail), (CheckOutcome.Fail, CheckOutcome.Pass)],
            transitions.Select(t => (t.From, t.To)).ToArray());
        Assert.Equal(Day1.AddDays(2), transitions[1].RanAt);
        Assert.Equal("m4", transitions[2].Measured);
    }

    [Fact]
    public void Transitions_AreEmpty_WhenNoRunHasTheCheck()
    {
        Assert.Empty(CheckTimeline.Transitions([Run(0, CheckOutcome.Fail)], CheckCatalogue.RealData.Id));
    }
}
