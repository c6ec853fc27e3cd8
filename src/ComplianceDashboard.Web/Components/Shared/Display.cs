using System.Globalization;
using ComplianceDashboard.Core.Jurisdictions;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Shared;

/// <summary>How the UI shows dates, times and states (en-GB).</summary>
public static class Display
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? date) => date?.ToString("d MMM yyyy", Culture) ?? "not set";

    public static string Date(DateTime? utc) => utc is { } t ? t.ToString("d MMM yyyy", Culture) : "not set";

    /// <summary>A day as a date picker holds it (midnight), and back: the filters keep days, the pickers show them in en-GB.</summary>
    public static DateTime? AsDate(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? DayOf(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public static string DateTime(DateTime? utc) => utc is { } t ? t.ToString("d MMM yyyy, HH:mm 'UTC'", Culture) : "never";

    public static string StateLabel(ProgrammeState state) => state switch
    {
        ProgrammeState.Planned => "Planned",
        ProgrammeState.Notifying => "Notifying users",
        ProgrammeState.Paused => "Paused",
        ProgrammeState.Suspended => "Suspended",
        ProgrammeState.Training => "Training",
        ProgrammeState.Completed => "Completed",
        _ => state.ToString(),
    };

    public static Color StateColour(ProgrammeState state) => state switch
    {
        ProgrammeState.Notifying => Color.Info,
        ProgrammeState.Paused => Color.Warning,
        ProgrammeState.Suspended => Color.Error,
        ProgrammeState.Training => Color.Success,
        ProgrammeState.Completed => Color.Dark,
        _ => Color.Default,
    };
}
