using ComplianceDashboard.Core.Complaints;

namespace ComplianceDashboard.Core.Tests.Complaints;

public sealed class ComplaintMetricsTests
{
    private static readonly ComplaintOptions Options = new();
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static Complaint Uk(string id, DateTime received, DateTime? acknowledged = null, DateTime? outcomeAt = null,
        ComplaintOutcome? outcome = null, ComplaintCategory category = ComplaintCategory.Other, DateTime? escalated = null) =>
        new Complaint
        {
            Id = id, SubjectRef = "s-" + id, Jurisdiction = "UK", Channel = ComplaintChannel.WebForm, ReceivedAt = received,
            Category = category, AcknowledgedAt = acknowledged, OutcomeAt = outcomeAt, Outcome = outcome, EscalatedAt = escalated,
        }.Decide(Options.PolicyFor("UK"));

    private static DateTime Utc(int m, int d, int h = 9) => new(2026, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Percentage_CountsAcknowledgedAndPastDeadline_AndLeavesOutNotYetDueAndPreDutyComplaints()
    {
        Complaint[] complaints =
        [
            Uk("on-time", Utc(7, 1), acknowledged: Utc(7, 30, 23)),   // due 30 Jul: within
            Uk("late", Utc(7, 1), acknowledged: Utc(7, 31)),          // due 30 Jul: late
            Uk("overdue", Utc(7, 15)),                                 // due 13 Aug: overdue on 1 Sep
            Uk("not-yet-due", Utc(8, 20)),                             // due 18 Sep: left out
            Uk("pre-duty", Utc(6, 1), acknowledged: Utc(8, 1)),        // no statutory deadline: counted apart
        ];

        var m = ComplaintMetricsCalculator.Compute(complaints, ComplaintFilter.All, Today);

        Assert.Equal(5, m.Received);
        Assert.Equal(1, m.ReceivedWithoutDeadline);
        Assert.Equal(3, m.Acknowledged);
        Assert.Equal(1, m.AcknowledgedWithinDeadline);
        Assert.Equal(1, m.AcknowledgedLate);
        Assert.Equal(1, m.AcknowledgementOverdueNow);
        Assert.Equal(33.3, m.PercentAcknowledgedWithinDeadline);
        Assert.Equal(5, m.Open);
    }

    [Fact]
    public void Percentage_IsNull_WhenNothingIsAcknowledgedOrDueYet()
    {
        var m = ComplaintMetricsCalculator.Compute([Uk("new", Utc(8, 30))], ComplaintFilter.All, Today);
        Assert.Null(m.PercentAcknowledgedWithinDeadline);
        Assert.Equal(0, m.AcknowledgementOverdueNow);
    }

    [Fact]
    public void MedianDaysToOutcome_AveragesTheMiddleTwo_AndOutcomesAreBrokenDown()
    {
        Complaint[] complaints =
        [
            Uk("a", Utc(7, 1), Utc(7, 2), Utc(7, 11), ComplaintOutcome.Upheld),      // 10 days
            Uk("b", Utc(7, 1), Utc(7, 2), Utc(7, 21), ComplaintOutcome.NotUpheld),   // 20 days
            Uk("c", Utc(7, 1), Utc(7, 2), Utc(7, 31), ComplaintOutcome.NotUpheld),   // 30 days
            Uk("d", Utc(7, 1), Utc(7, 2), Utc(8, 10), ComplaintOutcome.Withdrawn),   // 40 days
        ];

        var m = ComplaintMetricsCalculator.Compute(complaints, ComplaintFilter.All, Today);

        Assert.Equal(25, m.MedianDaysToOutcome);
        Assert.Equal(0, m.Open);
        Assert.Equal(1, m.ByOutcome["upheld"]);
        Assert.Equal(2, m.ByOutcome["not_upheld"]);
        Assert.Equal(0, m.ByOutcome["partly_upheld"]);
    }

    [Fact]
    public void ByQuarter_CountsEachEventInTheQuarterItHappened_AndFiltersApplyToTheReceivedDay()
    {
        Complaint[] complaints =
        [
            Uk("q3", Utc(9, 30, 23), Utc(10, 1, 1), escalated: Utc(10, 2), category: ComplaintCategory.Children),
            Uk("q3b", Utc(7, 1)),
        ];

        var m = ComplaintMetricsCalculator.Compute(complaints, ComplaintFilter.All, new DateOnly(2026, 10, 5));

        Assert.Equal([new QuarterCount("2026-Q3", 2, 0, 0, 0), new QuarterCount("2026-Q4", 0, 1, 0, 1)], m.ByQuarter);
        Assert.Equal(1, m.Escalated);
        Assert.Equal(1, m.ByCategory["children"]);
        var september = ComplaintMetricsCalculator.Compute(complaints, new ComplaintFilter(From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 9, 30)), Today);
        Assert.Equal(1, september.Received);
        Assert.Equal(0, ComplaintMetricsCalculator.Compute(complaints, new ComplaintFilter(Jurisdiction: "EU"), Today).Received);
    }
}
