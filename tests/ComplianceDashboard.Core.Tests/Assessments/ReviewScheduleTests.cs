using ComplianceDashboard.Core.Assessments;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class ReviewScheduleTests
{
    [Theory]
    [InlineData("2026-03-11", ReviewState.Scheduled)]
    [InlineData("2027-02-07", ReviewState.Scheduled)]
    [InlineData("2027-02-08", ReviewState.DueSoon)]
    [InlineData("2027-03-10", ReviewState.DueSoon)]
    [InlineData("2027-03-11", ReviewState.Overdue)]
    public void StateOf_IsDueSoonWithinThirtyDaysOfTheDate_AndOverdueAfterIt(string today, ReviewState expected)
    {
        var f = new AssessmentFixture();
        var a = f.Approved();
        Assert.Equal(new DateOnly(2027, 3, 10), a.FindVersion(1)!.NextReviewDate);

        Assert.Equal(expected, ReviewSchedule.StateOf(a, DateOnly.Parse(today)));
    }

    [Fact]
    public void AnAssessmentWithoutAnApprovedVersion_HasNoReviewScheduled()
    {
        var f = new AssessmentFixture();

        Assert.Equal(ReviewState.NotScheduled, ReviewSchedule.StateOf(f.InReview(), new DateOnly(2026, 3, 10)));
    }

    [Fact]
    public void ATriggerAfterApproval_MakesTheReviewDueAtOnce()
    {
        var f = new AssessmentFixture();
        var a = f.Approved();
        f.Clock.Now = f.Clock.Now.AddDays(3);

        var triggered = Ok(f.Service.RecordTrigger(f.Officer, a.Id, ReviewTrigger.RegulatorStatement, "The ICO published a statement on AI training."));

        Assert.Equal(ReviewState.Triggered, ReviewSchedule.StateOf(triggered, new DateOnly(2026, 3, 13)));
        Assert.Equal("Regulator statement: The ICO published a statement on AI training.", f.Audit.Entries[^1].Summary);
    }
}
