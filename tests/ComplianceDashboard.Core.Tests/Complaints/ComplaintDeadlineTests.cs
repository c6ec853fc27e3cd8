using ComplianceDashboard.Core.Complaints;

namespace ComplianceDashboard.Core.Tests.Complaints;

public sealed class ComplaintDeadlineTests
{
    private static readonly ComplaintDeadlinePolicy Uk = new ComplaintOptions().PolicyFor("UK");

    private static DateTime Utc(int y, int m, int d, int h = 9, int min = 0, int s = 0, int ms = 0) => new(y, m, d, h, min, s, ms, DateTimeKind.Utc);

    [Fact]
    public void UkAcknowledgement_IsDueAtTheEndOfThe29thDayAfterTheDayOfReceipt()
    {
        // Day of receipt (1 July) is day 1 of 30, so day 30 is 30 July.
        Assert.Equal(new DateOnly(2026, 7, 30), Uk.AcknowledgementDue(Utc(2026, 7, 1)));
    }

    [Fact]
    public void UkAcknowledgement_ForAComplaintReceivedOnTheLastDayOfAMonth_RunsIntoTheNextMonthByCalendarDays()
    {
        Assert.Equal(new DateOnly(2026, 8, 29), Uk.AcknowledgementDue(Utc(2026, 7, 31)));
        Assert.Equal(new DateOnly(2026, 10, 29), Uk.AcknowledgementDue(Utc(2026, 9, 30)));
    }

    [Fact]
    public void UkAcknowledgement_IsNotMovedOffABankHolidayOrAWeekend()
    {
        // Received Sunday 29 Nov 2026: day 30 is Monday 28 Dec 2026, the substitute bank holiday for Boxing Day;
        // the objection policy would move such a day to the next working day, the complaint duty does not.
        var due = Uk.AcknowledgementDue(Utc(2026, 11, 29));
        Assert.Equal(new DateOnly(2026, 12, 28), due);
        Assert.Equal(DayOfWeek.Monday, due!.Value.DayOfWeek);
        // Received 26 Nov: day 30 is Friday 25 December 2026 (Christmas Day), and it stays there.
        Assert.Equal(new DateOnly(2026, 12, 25), Uk.AcknowledgementDue(Utc(2026, 11, 26)));
        // Received 2 Aug 2026: day 30 is Monday 31 August 2026, the summer bank holiday, and it stays there.
        Assert.Equal(new DateOnly(2026, 8, 31), Uk.AcknowledgementDue(Utc(2026, 8, 2)));
        // Received 7 Dec 2026: day 30 is Tuesday 5 January 2027; a weekend inside the period changes nothing.
        Assert.Equal(new DateOnly(2027, 1, 5), Uk.AcknowledgementDue(Utc(2026, 12, 7)));
    }

    [Fact]
    public void UkAcknowledgement_CountsTheLeapDay()
    {
        // 2028 is a leap year: received 1 Feb 2028, day 30 is 1 March 2028 (29 Feb is day 29).
        Assert.Equal(new DateOnly(2028, 3, 1), Uk.AcknowledgementDue(Utc(2028, 2, 1)));
        // Received on the leap day itself: day 30 is 29 March 2028.
        Assert.Equal(new DateOnly(2028, 3, 29), Uk.AcknowledgementDue(Utc(2028, 2, 29)));
        // The same dates in 2027 (no leap day): received 1 Feb, day 30 is 2 March.
        Assert.Equal(new DateOnly(2027, 3, 2), Uk.AcknowledgementDue(Utc(2027, 2, 1)));
    }

    [Fact]
    public void UkAcknowledgement_LateAtNightUtc_CountsTheUtcDayOfReceipt()
    {
        Assert.Equal(new DateOnly(2026, 7, 30), Uk.AcknowledgementDue(Utc(2026, 7, 1, 23, 59, 59, 999)));
        Assert.Equal(new DateOnly(2026, 7, 31), Uk.AcknowledgementDue(Utc(2026, 7, 2, 0, 0, 0)));
        // 00:30 on 2 July in London (BST, UTC+1) is still 1 July in UTC.
        var london = new DateTimeOffset(2026, 7, 2, 0, 30, 0, TimeSpan.FromHours(1)).UtcDateTime;
        Assert.Equal(new DateOnly(2026, 7, 30), Uk.AcknowledgementDue(london));
    }

    [Fact]
    public void UkAcknowledgement_AtTheLastMillisecondOfTheLastDay_IsOnTime_AndAtMidnightIsLate()
    {
        var received = Utc(2026, 7, 1);
        var complaint = new Complaint { Id = "C1", Jurisdiction = "UK", ReceivedAt = received }.Decide(Uk);

        Assert.True((complaint with { AcknowledgedAt = Utc(2026, 7, 30, 23, 59, 59, 999) }).AcknowledgedOnTime);
        Assert.False((complaint with { AcknowledgedAt = Utc(2026, 7, 31, 0, 0, 0) }).AcknowledgedOnTime);
        Assert.False(complaint.AcknowledgementOverdue(new DateOnly(2026, 7, 30)));
        Assert.True(complaint.AcknowledgementOverdue(new DateOnly(2026, 7, 31)));
    }

    [Fact]
    public void UkDuty_AppliesToComplaintsReceivedOnOrAfter19June2026_AndEarlierOnesHaveNoStatutoryDeadline()
    {
        var before = new Complaint { Id = "C0", Jurisdiction = "UK", ReceivedAt = Utc(2026, 6, 18, 23, 59, 59) }.Decide(Uk);
        var on = new Complaint { Id = "C1", Jurisdiction = "UK", ReceivedAt = Utc(2026, 6, 19, 0, 0, 0) }.Decide(Uk);

        Assert.Null(before.AcknowledgementDue);
        Assert.False(before.AcknowledgementStatutory);
        Assert.False(before.AcknowledgementOverdue(new DateOnly(2027, 1, 1)));
        Assert.Equal(new DateOnly(2026, 7, 18), on.AcknowledgementDue);
        Assert.True(on.AcknowledgementStatutory);
    }

    [Fact]
    public void JurisdictionsWithoutADuty_GetTheConfiguredInternalTarget_AndEveryoneTheConfiguredOutcomeTarget()
    {
        var options = new ComplaintOptions { InternalAcknowledgementDays = 10, OutcomeTargetDays = 60 };
        var eu = options.PolicyFor("EU");
        var complaint = new Complaint { Id = "C1", Jurisdiction = "EU", ReceivedAt = Utc(2025, 3, 1) }.Decide(eu);

        Assert.False(eu.Statutory);
        Assert.Equal(new DateOnly(2025, 3, 10), complaint.AcknowledgementDue);
        Assert.False(complaint.AcknowledgementStatutory);
        Assert.Equal(new DateOnly(2025, 4, 29), complaint.OutcomeTarget);
        Assert.Equal(new DateOnly(2026, 7, 1).AddDays(89), new ComplaintOptions().PolicyFor("UK").OutcomeTarget(Utc(2026, 7, 1)));
    }
}
