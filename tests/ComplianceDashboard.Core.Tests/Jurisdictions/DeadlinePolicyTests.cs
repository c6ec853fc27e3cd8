using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Tests.Jurisdictions;

public sealed class DeadlinePolicyTests
{
    private static readonly DeadlinePolicy Uk = JurisdictionPresets.Find("UK")!.DeadlinePolicy;
    private static readonly DeadlinePolicy Eu = JurisdictionPresets.Find("EU")!.DeadlinePolicy;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-01-31", "2025-02-28")]
    [InlineData("2024-01-31", "2024-02-29")]
    [InlineData("2025-03-31", "2025-04-30")]
    [InlineData("2025-01-15", "2025-02-15")]
    public void DueDate_IsTheSameDayNextMonth_OrThatMonthsLastDay(string received, string due)
    {
        Assert.Equal(D(due), Eu.DueDate(D(received)));
    }

    [Theory]
    [InlineData("2025-02-15", "2025-03-17")] // due Saturday 15 March -> Monday
    [InlineData("2025-02-16", "2025-03-17")] // due Sunday 16 March -> Monday
    [InlineData("2026-01-31", "2026-03-02")] // due Saturday 28 February -> Monday 2 March
    [InlineData("2025-07-25", "2025-08-26")] // due on the August bank holiday Monday -> Tuesday
    [InlineData("2025-11-25", "2025-12-29")] // Christmas Day, Boxing Day, then a weekend
    [InlineData("2026-03-03", "2026-04-07")] // Good Friday, the weekend, Easter Monday
    public void DueDate_InTheUk_MovesOffWeekendsAndBankHolidaysToTheNextWorkingDay(string received, string due)
    {
        Assert.Equal(D(due), Uk.DueDate(D(received)));
    }

    [Theory]
    [InlineData("2025-01-31", "2025-02-28")] // Friday
    [InlineData("2025-03-31", "2025-04-30")] // Wednesday
    [InlineData("2025-07-26", "2025-08-26")] // Tuesday after the bank holiday
    public void DueDate_InTheUk_KeepsADueDateThatIsAWorkingDay(string received, string due)
    {
        Assert.Equal(D(due), Uk.DueDate(D(received)));
    }

    [Theory]
    [InlineData("2025-02-15", "2025-03-15")] // Saturday
    [InlineData("2025-02-16", "2025-03-16")] // Sunday
    [InlineData("2025-11-25", "2025-12-25")] // Christmas Day
    public void DueDate_InTheEu_IsACalendarMonthAndDoesNotMove(string received, string due)
    {
        Assert.Equal(D(due), Eu.DueDate(D(received)));
    }

    [Fact]
    public void DueDate_DoesNotMove_WhenMovingIsOffEvenIfBankHolidaysAreListed()
    {
        var policy = Uk with { MoveToNextWorkingDay = false };

        Assert.Equal(D("2025-08-25"), policy.DueDate(D("2025-07-25")));
    }

    [Theory]
    [InlineData("2025-01-15", "2025-04-15")]
    [InlineData("2025-01-31", "2025-04-30")]
    [InlineData("2024-11-30", "2025-02-28")]
    public void DueDate_WhenExtended_AddsTheTwoExtensionMonths(string received, string due)
    {
        Assert.Equal(D(due), Eu.DueDate(D(received), extended: true));
    }

    [Fact]
    public void DueDate_WhenExtendedInTheUk_StillMovesOffAWeekend()
    {
        // 14 March + 3 months = Saturday 14 June 2025.
        Assert.Equal(D("2025-06-16"), Uk.DueDate(D("2025-03-14"), extended: true));
    }

    [Fact]
    public void DueDate_WhenExtended_UsesThePolicysExtensionLength()
    {
        var policy = new DeadlinePolicy { Months = 1, ExtensionMonths = 0 };

        Assert.Equal(D("2025-02-15"), policy.DueDate(D("2025-01-15"), extended: true));
    }
}
