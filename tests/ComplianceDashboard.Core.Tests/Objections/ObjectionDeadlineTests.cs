using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Tests.Objections;

public sealed class ObjectionDeadlineTests
{
    private static readonly DeadlinePolicy Uk = JurisdictionPresets.Find("UK")!.DeadlinePolicy;
    private static readonly DeadlinePolicy Eu = JurisdictionPresets.Find("EU")!.DeadlinePolicy;

    private static DateTime T(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static Objection Received(string at) => new() { Id = "O", Jurisdiction = "UK", ReceivedAt = T(at) };

    [Theory]
    [InlineData("2025-01-31T23:59:00", "2025-02-28")]
    [InlineData("2024-01-31T08:00:00", "2024-02-29")]
    [InlineData("2024-02-29T08:00:00", "2024-03-29")]
    public void Decide_SetsTheDueDateFromTheCalendarMonthRule(string received, string due)
    {
        Assert.Equal(DateOnly.Parse(due), Received(received).Decide(Eu).DueDate);
    }

    [Theory]
    [InlineData("2025-11-25T10:00:00", "2025-12-29")] // Christmas, Boxing Day, weekend
    [InlineData("2025-07-25T10:00:00", "2025-08-26")] // August bank holiday
    [InlineData("2026-01-31T10:00:00", "2026-03-02")] // 28 February 2026 is a Saturday
    public void Decide_InTheUk_MovesTheDueDateToTheNextWorkingDay(string received, string due)
    {
        Assert.Equal(DateOnly.Parse(due), Received(received).Decide(Uk).DueDate);
    }

    [Fact]
    public void Decide_ExtendsByTwoMonths_WhenTheExtensionWasNotifiedWithinTheFirstMonth()
    {
        var o = Received("2025-01-15T10:00:00") with { ExtensionNotifiedAt = T("2025-02-14T10:00:00") };

        Assert.Equal(new DateOnly(2025, 4, 15), o.Decide(Eu).DueDate);
    }

    [Fact]
    public void Decide_DoesNotExtend_WhenTheExtensionWasNotifiedAfterTheFirstMonth()
    {
        var o = Received("2025-01-15T10:00:00") with { ExtensionNotifiedAt = T("2025-02-16T10:00:00") };

        Assert.Equal(new DateOnly(2025, 2, 15), o.Decide(Eu).DueDate);
    }

    [Fact]
    public void Decide_CountsAnAnswerOnTheDueDateAsWithinTheLegalLimit_AndTheDayAfterAsLate()
    {
        var onTime = Received("2025-01-31T10:00:00") with { Status = ObjectionStatus.Honoured, ResolvedAt = T("2025-02-28T23:59:59") };
        var late = onTime with { ResolvedAt = T("2025-03-01T00:00:01") };

        Assert.True(onTime.Decide(Eu).WithinLegalLimit);
        Assert.False(late.Decide(Eu).WithinLegalLimit);
    }

    [Fact]
    public void Decide_LeavesWithinLegalLimitOpen_ForReceivedAndWithdrawn_AndIndexesOnlyOpenObjectionsByDueDate()
    {
        var open = Received("2025-01-15T10:00:00").Decide(Eu);
        var withdrawn = (Received("2025-01-15T10:00:00") with { Status = ObjectionStatus.Withdrawn, ResolvedAt = T("2025-01-16T10:00:00") }).Decide(Eu);

        Assert.Null(open.WithinLegalLimit);
        Assert.Equal(open.DueDate, open.OpenDueDate);
        Assert.Null(withdrawn.WithinLegalLimit);
        Assert.Null(withdrawn.OpenDueDate);
    }

    [Fact]
    public void TimeToHonour_IsResolvedMinusReceived_ForHonouredOnly()
    {
        var honoured = Received("2025-01-15T10:00:00") with { Status = ObjectionStatus.Honoured, ResolvedAt = T("2025-01-16T12:30:00") };

        Assert.Equal(TimeSpan.FromHours(26.5), honoured.TimeToHonour);
        Assert.Null((honoured with { Status = ObjectionStatus.Withdrawn }).TimeToHonour);
    }
}
