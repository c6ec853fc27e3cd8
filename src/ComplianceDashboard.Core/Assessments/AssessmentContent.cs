using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>How complete one section of a version is.</summary>
public sealed record SectionCompleteness(AssessmentPart Part, int Answered, int Required, int RequiredAnswered, IReadOnlyList<string> MissingKeys)
{
    public bool IsComplete => RequiredAnswered == Required;
}

/// <summary>What a version says, in the forms that are hashed, checked and compared.</summary>
public static class AssessmentContent
{
    public const string Schema = "assessment-version";
    public const int SchemaVersion = 1;

    /// <summary>
    /// The canonical JSON of a version's content (DESIGN decision 7): identity, title, jurisdictions, every answer
    /// by question key, review triggers and the DPO's advice. Review trail, status and sign-offs are not content.
    /// </summary>
    public static string Canonical(string assessmentId, AssessmentVersion version) =>
        CanonicalJson.Serialize(Schema, SchemaVersion, new Dictionary<string, object?>
        {
            ["assessmentId"] = assessmentId,
            ["version"] = version.Number,
            ["title"] = version.Title,
            ["jurisdictions"] = version.Jurisdictions.Order(StringComparer.Ordinal).ToArray(),
            ["answers"] = QuestionCatalogue.All.ToDictionary(q => q.Key, q => (object?)version.AnswerTo(q.Key).Canonical()),
            ["reviewTriggers"] = version.ReviewTriggers.Order().Select(t => t.ToString()).ToArray(),
            ["dpoAdvice"] = version.DpoAdvice?.Advice,
        });

    public static string Hash(string assessmentId, AssessmentVersion version) => CanonicalJson.Sha256Hex(Canonical(assessmentId, version));

    public static IReadOnlyList<SectionCompleteness> Completeness(AssessmentVersion version) =>
        Enum.GetValues<AssessmentPart>().Select(part =>
        {
            var questions = QuestionCatalogue.In(part).ToList();
            var complete = questions.Where(q => version.AnswerTo(q.Key).IsComplete(q)).Select(q => q.Key).ToHashSet();
            var required = questions.Where(q => q.Required).ToList();
            return new SectionCompleteness(part, complete.Count, required.Count, required.Count(q => complete.Contains(q.Key)),
                required.Where(q => !complete.Contains(q.Key)).Select(q => q.Key).ToList());
        }).ToList();

    /// <summary>The keys of required questions whose answer (text or structured value) is still empty.</summary>
    public static IReadOnlyList<string> MissingRequired(AssessmentVersion version) =>
        QuestionCatalogue.All.Where(q => q.Required && !version.AnswerTo(q.Key).IsComplete(q)).Select(q => q.Key).ToList();

    /// <summary>Safeguards marked "required before training": the training gate of the assessment's jurisdictions.</summary>
    public static IReadOnlyList<(Question Question, SafeguardValue Value)> TrainingGate(AssessmentVersion version) =>
        QuestionCatalogue.In(AssessmentPart.Safeguards)
            .Select(q => (q, version.AnswerTo(q.Key).Safeguard))
            .Where(x => x.Safeguard is { RequiredBeforeTraining: true })
            .Select(x => (x.q, x.Safeguard!))
            .ToList();
}

/// <summary>Whether an assessment's review is due.</summary>
public enum ReviewState
{
    NotScheduled,
    Scheduled,
    DueSoon,
    Overdue,
    Triggered,
}

/// <summary>Review cadence: 12 months after approval unless changed; due soon within 30 days; triggers make it due at once.</summary>
public static class ReviewSchedule
{
    public const int DefaultMonths = 12;
    public const int DueSoonDays = 30;

    public static DateOnly DefaultNextReview(DateOnly approvedOn) => approvedOn.AddMonths(DefaultMonths);

    public static ReviewState StateOf(Assessment assessment, DateOnly today)
    {
        var inForce = assessment.InForce();
        if (inForce?.NextReviewDate is not { } due) return ReviewState.NotScheduled;
        if (inForce.ApprovedAt is { } approved && assessment.TriggerEvents.Any(t => t.At > approved)) return ReviewState.Triggered;
        if (due < today) return ReviewState.Overdue;
        return due.DayNumber - today.DayNumber <= DueSoonDays ? ReviewState.DueSoon : ReviewState.Scheduled;
    }

    public static string Describe(this ReviewTrigger trigger) => trigger switch
    {
        ReviewTrigger.NewDataCategory => "New data category",
        ReviewTrigger.NewPurpose => "New purpose",
        ReviewTrigger.NewJurisdiction => "New jurisdiction",
        ReviewTrigger.RegulatorStatement => "Regulator statement",
        ReviewTrigger.ObjectionSpike => "Spike in objections or complaints",
        _ => trigger.ToString(),
    };
}

public static class AssessmentStatuses
{
    public static string Describe(this AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "Draft",
        AssessmentStatus.InReview => "In review",
        AssessmentStatus.ChangesRequested => "Changes requested",
        AssessmentStatus.Approved => "Approved",
        AssessmentStatus.Superseded => "Superseded",
        AssessmentStatus.Withdrawn => "Withdrawn",
        _ => status.ToString(),
    };
}
