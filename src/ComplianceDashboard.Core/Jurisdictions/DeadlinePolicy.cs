namespace ComplianceDashboard.Core.Jurisdictions;

/// <summary>
/// How a jurisdiction computes the deadline for answering an objection: a number of calendar months
/// (same day number, or the month's last day when it has none), optionally moved off weekends and
/// bank holidays to the next working day (the UK regulator's practice).
/// </summary>
public sealed record DeadlinePolicy
{
    public int Months { get; init; } = 1;
    public int ExtensionMonths { get; init; } = 2;
    public bool MoveToNextWorkingDay { get; init; }
    public DateOnly[] BankHolidays { get; init; } = [];

    /// <summary>The last day to respond to an objection received on <paramref name="received"/>.</summary>
    public DateOnly DueDate(DateOnly received, bool extended = false)
    {
        var due = received.AddMonths(Months + (extended ? ExtensionMonths : 0));
        if (!MoveToNextWorkingDay) return due;
        while (due.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || BankHolidays.Contains(due))
            due = due.AddDays(1);
        return due;
    }

    public string Describe() =>
        $"{Months} calendar month{(Months == 1 ? "" : "s")}" +
        (MoveToNextWorkingDay ? $", moved to the next working day ({BankHolidays.Length} bank holidays listed)" : "") +
        $"; extendable by {ExtensionMonths} months";
}
