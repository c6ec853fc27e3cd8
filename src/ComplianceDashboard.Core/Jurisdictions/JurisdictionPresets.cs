namespace ComplianceDashboard.Core.Jurisdictions;

/// <summary>Ready-made jurisdictions an admin can start from (REGULATORY.md).</summary>
public static class JurisdictionPresets
{
    public static readonly IReadOnlyList<Jurisdiction> All =
    [
        new Jurisdiction
        {
            Id = "UK",
            Name = "United Kingdom",
            Regulator = new Regulator { Name = "Information Commissioner's Office", ShortName = "ICO" },
            GoverningLaw = "UK GDPR and the Data Protection Act 2018",
            LegalBasisArticle = "UK GDPR Art 6(1)(f)",
            ObjectionRightArticle = "UK GDPR Art 21",
            DeadlinePolicy = new DeadlinePolicy { Months = 1, MoveToNextWorkingDay = true, BankHolidays = EnglandAndWalesBankHolidays() },
        },
        new Jurisdiction
        {
            Id = "EU",
            Name = "European Union",
            Regulator = new Regulator { Name = "Data Protection Commission (Ireland, lead authority)", ShortName = "DPC" },
            GoverningLaw = "GDPR (Regulation (EU) 2016/679)",
            LegalBasisArticle = "GDPR Art 6(1)(f)",
            ObjectionRightArticle = "GDPR Art 21",
            DeadlinePolicy = new DeadlinePolicy { Months = 1 },
        },
        new Jurisdiction
        {
            Id = "BR",
            Name = "Brazil",
            Regulator = new Regulator { Name = "Autoridade Nacional de Proteção de Dados", ShortName = "ANPD" },
            GoverningLaw = "LGPD (Lei nº 13.709/2018)",
            LegalBasisArticle = "LGPD Art 7 IX",
            ObjectionRightArticle = "LGPD Art 18 §2",
            DeadlinePolicy = new DeadlinePolicy { Months = 1 },
        },
    ];

    public static Jurisdiction? Find(string code) =>
        All.FirstOrDefault(j => string.Equals(j.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>England and Wales bank holidays 2024–2027 as published by the UK government.</summary>
    private static DateOnly[] EnglandAndWalesBankHolidays() =>
    [
        new(2024, 1, 1), new(2024, 3, 29), new(2024, 4, 1), new(2024, 5, 6), new(2024, 5, 27), new(2024, 8, 26), new(2024, 12, 25), new(2024, 12, 26),
        new(2025, 1, 1), new(2025, 4, 18), new(2025, 4, 21), new(2025, 5, 5), new(2025, 5, 26), new(2025, 8, 25), new(2025, 12, 25), new(2025, 12, 26),
        new(2026, 1, 1), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 4), new(2026, 5, 25), new(2026, 8, 31), new(2026, 12, 25), new(2026, 12, 28),
        new(2027, 1, 1), new(2027, 3, 26), new(2027, 3, 29), new(2027, 5, 3), new(2027, 5, 31), new(2027, 8, 30), new(2027, 12, 27), new(2027, 12, 28),
    ];
}
