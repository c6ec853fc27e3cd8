using System.Globalization;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Web.Components.Pages.Jurisdictions;

/// <summary>The editable copy of a jurisdiction behind the create/edit dialog.</summary>
public sealed class JurisdictionForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string RegulatorName { get; set; } = "";
    public string RegulatorShortName { get; set; } = "";
    public string GoverningLaw { get; set; } = "";
    public string LegalBasisArticle { get; set; } = "";
    public string ObjectionRightArticle { get; set; } = "";
    public int DeadlineMonths { get; set; } = 1;
    public int ExtensionMonths { get; set; } = 2;
    public bool MoveToNextWorkingDay { get; set; }
    public string BankHolidays { get; set; } = "";
    public DateTime? PlannedTrainingStart { get; set; }
    public DateTime? ActualTrainingStart { get; set; }

    public static JurisdictionForm From(JurisdictionDetails d) => new()
    {
        Code = d.Code,
        Name = d.Name,
        RegulatorName = d.RegulatorName,
        RegulatorShortName = d.RegulatorShortName,
        GoverningLaw = d.GoverningLaw,
        LegalBasisArticle = d.LegalBasisArticle,
        ObjectionRightArticle = d.ObjectionRightArticle,
        DeadlineMonths = d.DeadlinePolicy.Months,
        ExtensionMonths = d.DeadlinePolicy.ExtensionMonths,
        MoveToNextWorkingDay = d.DeadlinePolicy.MoveToNextWorkingDay,
        BankHolidays = string.Join('\n', d.DeadlinePolicy.BankHolidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        PlannedTrainingStart = d.PlannedTrainingStart?.ToDateTime(TimeOnly.MinValue),
        ActualTrainingStart = d.ActualTrainingStart?.ToDateTime(TimeOnly.MinValue),
    };

    /// <summary>The details to save, or the lines of the bank-holiday list that are not dates.</summary>
    public (JurisdictionDetails? Details, IReadOnlyList<string> Errors) ToDetails()
    {
        var holidays = new List<DateOnly>();
        var errors = new List<string>();
        foreach (var line in BankHolidays.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (DateOnly.TryParseExact(line, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                holidays.Add(day);
            else
                errors.Add($"Bank holiday '{line}' is not a date in the form 2026-12-25.");
        }
        if (errors.Count > 0) return (null, errors);
        return (new JurisdictionDetails(
            Code, Name, RegulatorName, RegulatorShortName, GoverningLaw, LegalBasisArticle, ObjectionRightArticle,
            new DeadlinePolicy { Months = DeadlineMonths, ExtensionMonths = ExtensionMonths, MoveToNextWorkingDay = MoveToNextWorkingDay, BankHolidays = [.. holidays] },
            PlannedTrainingStart is { } planned ? DateOnly.FromDateTime(planned) : null,
            ActualTrainingStart is { } actual ? DateOnly.FromDateTime(actual) : null), []);
    }
}
