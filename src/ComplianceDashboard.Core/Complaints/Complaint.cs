using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>How the complaint reached us; s.164A requires complaints to be easy to make, and the ICO accepts social media.</summary>
public enum ComplaintChannel
{
    InAppForm,
    WebForm,
    Email,
    SocialMedia,
    Post,
    Phone,
    Other,
}

/// <summary>What the complaint is about.</summary>
public enum ComplaintCategory
{
    ObjectionNotHonoured,
    NotifiedAfterObjecting,
    NoticeUnclear,
    TrainingOnMyData,
    Children,
    Other,
}

/// <summary>The outcome the complainant was told.</summary>
public enum ComplaintOutcome
{
    Upheld,
    PartlyUpheld,
    NotUpheld,
    Withdrawn,
}

/// <summary>What retention left of a closed complaint: nothing yet, a further pseudonymised record, or an anonymous residue that only counts.</summary>
public enum ComplaintRedaction
{
    None,
    Pseudonymised,
    Deleted,
}

/// <summary>
/// A data protection complaint (s.164A DPA 2018), keyed by the source system's id, carrying a pseudonymous subject
/// reference only (DESIGN decision 6). Its acknowledgement deadline and outcome target are decided when it is first
/// written, against the jurisdiction's complaint policy (<see cref="ComplaintDeadlinePolicy"/>).
/// </summary>
public sealed record Complaint : Aggregate
{
    public string ComplaintId => Id;
    public string SubjectRef { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public ComplaintChannel Channel { get; init; }
    public DateTime ReceivedAt { get; init; }
    public ComplaintCategory Category { get; init; }
    public string[] LinkedObjectionIds { get; init; } = [];
    public DateTime? AcknowledgedAt { get; init; }
    /// <summary>The latest update given to the complainant (the duty to keep them informed).</summary>
    public DateTime? ProgressUpdatedAt { get; init; }
    /// <summary>When the complainant was told the outcome.</summary>
    public DateTime? OutcomeAt { get; init; }
    public ComplaintOutcome? Outcome { get; init; }
    /// <summary>Free text; it may hold personal data, so it never leaves in a pack attachment.</summary>
    public string? OutcomeSummary { get; init; }
    public DateTime? EscalatedAt { get; init; }
    public string? RegulatorReference { get; init; }

    /// <summary>The last UTC day on which the acknowledgement is on time; null when no deadline applies (e.g. received before the duty began).</summary>
    public DateOnly? AcknowledgementDue { get; init; }
    /// <summary>The deadline is a legal duty (s.164A), not an internal target.</summary>
    public bool AcknowledgementStatutory { get; init; }
    /// <summary>The last UTC day of the internal target for telling the outcome.</summary>
    public DateOnly OutcomeTarget { get; init; }
    public ComplaintRedaction Redaction { get; init; }
    public string BatchId { get; init; } = "";

    public bool IsOpen => OutcomeAt is null;
    public DateOnly ReceivedDay => DateOnly.FromDateTime(ReceivedAt);

    /// <summary>Acknowledged on or before the deadline; null while no deadline applies or while unacknowledged.</summary>
    public bool? AcknowledgedOnTime =>
        AcknowledgementDue is { } due && AcknowledgedAt is { } at ? DateOnly.FromDateTime(at) <= due : null;

    /// <summary>Not acknowledged and the deadline's last day is before <paramref name="today"/>.</summary>
    public bool AcknowledgementOverdue(DateOnly today) =>
        AcknowledgedAt is null && AcknowledgementDue is { } due && today > due;

    /// <summary>Acknowledged after the deadline, or still unacknowledged after it: what check 17 warns about.</summary>
    public bool AcknowledgementLateOrOverdue(DateOnly today) => AcknowledgedOnTime == false || AcknowledgementOverdue(today);

    /// <summary>
    /// The complaint as it stood at <paramref name="asOf"/>: null when it was received later; otherwise what happened
    /// afterwards (acknowledgement, update, outcome, escalation) is not yet known.
    /// </summary>
    public Complaint? AsOf(DateTime asOf)
    {
        if (ReceivedAt > asOf) return null;
        var told = OutcomeAt <= asOf;
        return this with
        {
            AcknowledgedAt = AcknowledgedAt <= asOf ? AcknowledgedAt : null,
            ProgressUpdatedAt = ProgressUpdatedAt <= asOf ? ProgressUpdatedAt : null,
            OutcomeAt = told ? OutcomeAt : null,
            Outcome = told ? Outcome : null,
            OutcomeSummary = told ? OutcomeSummary : null,
            EscalatedAt = EscalatedAt <= asOf ? EscalatedAt : null,
            RegulatorReference = EscalatedAt <= asOf ? RegulatorReference : null,
        };
    }

    /// <summary>Sets the deadlines from the policy and the record's own received time.</summary>
    public Complaint Decide(ComplaintDeadlinePolicy policy) => this with
    {
        AcknowledgementDue = policy.AcknowledgementDue(ReceivedAt),
        AcknowledgementStatutory = policy.IsStatutoryFor(ReceivedAt),
        OutcomeTarget = policy.OutcomeTarget(ReceivedAt),
    };
}

/// <summary>The CSV and API spellings of the closed sets.</summary>
public static class ComplaintTokens
{
    public static readonly IReadOnlyDictionary<string, ComplaintChannel> Channels = new Dictionary<string, ComplaintChannel>
    {
        ["in_app_form"] = ComplaintChannel.InAppForm,
        ["web_form"] = ComplaintChannel.WebForm,
        ["email"] = ComplaintChannel.Email,
        ["social_media"] = ComplaintChannel.SocialMedia,
        ["post"] = ComplaintChannel.Post,
        ["phone"] = ComplaintChannel.Phone,
        ["other"] = ComplaintChannel.Other,
    };

    public static readonly IReadOnlyDictionary<string, ComplaintCategory> Categories = new Dictionary<string, ComplaintCategory>
    {
        ["objection_not_honoured"] = ComplaintCategory.ObjectionNotHonoured,
        ["notified_after_objecting"] = ComplaintCategory.NotifiedAfterObjecting,
        ["notice_unclear"] = ComplaintCategory.NoticeUnclear,
        ["training_on_my_data"] = ComplaintCategory.TrainingOnMyData,
        ["children"] = ComplaintCategory.Children,
        ["other"] = ComplaintCategory.Other,
    };

    public static readonly IReadOnlyDictionary<string, ComplaintOutcome> Outcomes = new Dictionary<string, ComplaintOutcome>
    {
        ["upheld"] = ComplaintOutcome.Upheld,
        ["partly_upheld"] = ComplaintOutcome.PartlyUpheld,
        ["not_upheld"] = ComplaintOutcome.NotUpheld,
        ["withdrawn"] = ComplaintOutcome.Withdrawn,
    };

    public static string Token(this ComplaintChannel c) => Channels.First(kv => kv.Value == c).Key;
    public static string Token(this ComplaintCategory c) => Categories.First(kv => kv.Value == c).Key;
    public static string Token(this ComplaintOutcome o) => Outcomes.First(kv => kv.Value == o).Key;

    public static string DisplayName(this ComplaintChannel c) => c switch
    {
        ComplaintChannel.InAppForm => "In-app form",
        ComplaintChannel.WebForm => "Web form",
        ComplaintChannel.Email => "E-mail",
        ComplaintChannel.SocialMedia => "Social media",
        ComplaintChannel.Post => "Post",
        ComplaintChannel.Phone => "Phone",
        _ => "Other",
    };

    public static string DisplayName(this ComplaintCategory c) => c switch
    {
        ComplaintCategory.ObjectionNotHonoured => "Objection not honoured",
        ComplaintCategory.NotifiedAfterObjecting => "Notified after objecting",
        ComplaintCategory.NoticeUnclear => "Notice unclear",
        ComplaintCategory.TrainingOnMyData => "Training on my data",
        ComplaintCategory.Children => "Children",
        _ => "Other",
    };

    public static string DisplayName(this ComplaintOutcome o) => o switch
    {
        ComplaintOutcome.Upheld => "Upheld",
        ComplaintOutcome.PartlyUpheld => "Partly upheld",
        ComplaintOutcome.NotUpheld => "Not upheld",
        _ => "Withdrawn",
    };
}
