namespace ComplianceDashboard.Core.Complaints;

/// <summary>
/// How a jurisdiction times complaints, separate from the objection <see cref="Jurisdictions.DeadlinePolicy"/> (which counts
/// months and moves to working days). Periods are whole UTC calendar days and the day of receipt is day 1, so a period of
/// N days ends at the end of the (N−1)th day after the day of receipt; nothing moves for weekends or bank holidays.
/// </summary>
public sealed record ComplaintDeadlinePolicy
{
    /// <summary>s.164A(3) DPA 2018: "within the period of 30 days beginning when the complaint is received".</summary>
    public const int StatutoryAcknowledgementDays = 30;

    /// <summary>The day s.164A came into force (Data (Use and Access) Act 2025); complaints received earlier have no statutory deadline.</summary>
    public static readonly DateOnly UkDutyInForce = new(2026, 6, 19);

    public int AcknowledgementDays { get; init; } = StatutoryAcknowledgementDays;
    /// <summary>The acknowledgement period is a legal duty rather than an internal target.</summary>
    public bool Statutory { get; init; }
    /// <summary>Complaints received before this UTC day have no acknowledgement deadline (the duty did not exist yet).</summary>
    public DateOnly? AppliesFrom { get; init; }
    public int OutcomeTargetDays { get; init; } = ComplaintOptions.DefaultOutcomeTargetDays;

    /// <summary>The UK duty under s.164A DPA 2018.</summary>
    public static ComplaintDeadlinePolicy UkSection164A(int outcomeTargetDays) => new()
    {
        AcknowledgementDays = StatutoryAcknowledgementDays,
        Statutory = true,
        AppliesFrom = UkDutyInForce,
        OutcomeTargetDays = outcomeTargetDays,
    };

    /// <summary>The last UTC day on which an acknowledgement is on time, or null when the complaint predates the duty.</summary>
    public DateOnly? AcknowledgementDue(DateTime receivedUtc)
    {
        var day = DateOnly.FromDateTime(receivedUtc);
        return AppliesFrom is { } from && day < from ? null : LastDay(day, AcknowledgementDays);
    }

    public bool IsStatutoryFor(DateTime receivedUtc) => Statutory && AcknowledgementDue(receivedUtc) is not null;

    /// <summary>The last UTC day of the internal target for telling the complainant the outcome.</summary>
    public DateOnly OutcomeTarget(DateTime receivedUtc) => LastDay(DateOnly.FromDateTime(receivedUtc), OutcomeTargetDays);

    private static DateOnly LastDay(DateOnly received, int days) => received.AddDays(days - 1);

    public string Describe() =>
        (Statutory
            ? $"acknowledge within {AcknowledgementDays} days beginning with the day of receipt (s.164A DPA 2018; complaints received from {AppliesFrom?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))})"
            : $"acknowledge within {AcknowledgementDays} days beginning with the day of receipt (internal target; no statutory duty)") +
        $"; outcome target {OutcomeTargetDays} days; calendar days in UTC, not moved for weekends or bank holidays";
}

/// <summary>What to do with closed complaints once the retention period has passed.</summary>
public enum ComplaintRetentionMode
{
    /// <summary>Replace the subject reference and clear the free text and links; the complaint id and every counted fact stay.</summary>
    Pseudonymise,
    /// <summary>Delete the record, keeping an anonymous residue with a new id that holds only the counted facts.</summary>
    Delete,
}

/// <summary>Configuration of complaint handling (<c>ComplianceDashboard:Complaints</c>).</summary>
public sealed record ComplaintOptions
{
    public const int DefaultOutcomeTargetDays = 90;
    public const int DefaultInternalAcknowledgementDays = 30;
    public const int DefaultRetentionDays = 730;

    /// <summary>Internal target for telling the outcome, in days beginning with the day of receipt.</summary>
    public int OutcomeTargetDays { get; init; } = DefaultOutcomeTargetDays;
    /// <summary>Acknowledgement target for jurisdictions without a statutory duty.</summary>
    public int InternalAcknowledgementDays { get; init; } = DefaultInternalAcknowledgementDays;
    /// <summary>Jurisdiction codes where s.164A DPA 2018 applies.</summary>
    public string[] StatutoryJurisdictions { get; init; } = ["UK"];
    /// <summary>Days after the outcome was told before a closed complaint is redacted.</summary>
    public int RetentionDays { get; init; } = DefaultRetentionDays;
    public ComplaintRetentionMode RetentionMode { get; init; } = ComplaintRetentionMode.Pseudonymise;

    public ComplaintDeadlinePolicy PolicyFor(string jurisdiction) =>
        StatutoryJurisdictions.Contains(jurisdiction, StringComparer.Ordinal)
            ? ComplaintDeadlinePolicy.UkSection164A(OutcomeTargetDays)
            : new ComplaintDeadlinePolicy { AcknowledgementDays = InternalAcknowledgementDays, OutcomeTargetDays = OutcomeTargetDays };
}
