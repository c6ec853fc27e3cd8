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

    /// <summary>The content schema of new versions: schema 1 plus the template and the AI template's structured values.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The schema of versions stored before templates existed: their sign-off hashes cover exactly this.</summary>
    public const int SchemaVersionBeforeTemplates = 1;

    /// <summary>The content schema a version is hashed with: 1 when it records no template (stored before templates), else 2.</summary>
    public static int SchemaOf(AssessmentVersion version) =>
        string.IsNullOrEmpty(version.TemplateId) ? SchemaVersionBeforeTemplates : SchemaVersion;

    /// <summary>
    /// The canonical JSON of a version's content (DESIGN decision 7): identity, title, jurisdictions, every answer
    /// by question key of its template, review triggers and the DPO's advice; from schema 2 also the template's id
    /// and version. Review trail, status and sign-offs are not content.
    /// </summary>
    public static string Canonical(string assessmentId, AssessmentVersion version)
    {
        var schema = SchemaOf(version);
        var template = version.Template();
        var fields = new Dictionary<string, object?>
        {
            ["assessmentId"] = assessmentId,
            ["version"] = version.Number,
            ["title"] = version.Title,
            ["jurisdictions"] = version.Jurisdictions.Order(StringComparer.Ordinal).ToArray(),
            ["answers"] = template.Questions.ToDictionary(q => q.Key, q => (object?)version.AnswerTo(q.Key).Canonical(schema)),
            ["reviewTriggers"] = version.ReviewTriggers.Order().Select(t => t.ToString()).ToArray(),
            ["dpoAdvice"] = version.DpoAdvice?.Advice,
        };
        if (schema >= 2)
            fields["template"] = new Dictionary<string, object?> { ["id"] = template.Id, ["version"] = template.Version };
        return CanonicalJson.Serialize(Schema, schema, fields);
    }

    public static string Hash(string assessmentId, AssessmentVersion version) => CanonicalJson.Sha256Hex(Canonical(assessmentId, version));

    /// <summary>Whether an approved version's content still hashes to what was signed.</summary>
    public static bool Verifies(string assessmentId, AssessmentVersion version) =>
        version.ContentHash.Length > 0 && version.ContentHash == Hash(assessmentId, version);

    public static IReadOnlyList<SectionCompleteness> Completeness(AssessmentVersion version)
    {
        var template = version.Template();
        return template.Parts.Select(part =>
        {
            var questions = template.In(part).ToList();
            var complete = questions.Where(q => version.AnswerTo(q.Key).IsComplete(q)).Select(q => q.Key).ToHashSet();
            var required = questions.Where(q => q.Required).ToList();
            return new SectionCompleteness(part, complete.Count, required.Count, required.Count(q => complete.Contains(q.Key)),
                required.Where(q => !complete.Contains(q.Key)).Select(q => q.Key).ToList());
        }).ToList();
    }

    /// <summary>The keys of required questions whose answer (text or structured value) is still empty.</summary>
    public static IReadOnlyList<string> MissingRequired(AssessmentVersion version) =>
        version.Template().Questions.Where(q => q.Required && !version.AnswerTo(q.Key).IsComplete(q)).Select(q => q.Key).ToList();

    /// <summary>Every safeguard of the version's template with its value (unanswered ones have none).</summary>
    public static IReadOnlyList<(Question Question, SafeguardValue? Value)> Safeguards(AssessmentVersion version) =>
        version.Template().In(AssessmentPart.Safeguards).Select(q => (q, version.AnswerTo(q.Key).Safeguard)).ToList();

    /// <summary>Safeguards marked "required before training": the training gate of the assessment's jurisdictions.</summary>
    public static IReadOnlyList<(Question Question, SafeguardValue Value)> TrainingGate(AssessmentVersion version) =>
        Safeguards(version).Where(x => x.Value is { RequiredBeforeTraining: true }).Select(x => (x.Question, x.Value!)).ToList();

    /// <summary>
    /// Mitigating measures the balancing relies on and that go beyond a legal duty (AI template; EDPB Opinion 28/2024):
    /// check 15 wants each verified before training.
    /// </summary>
    public static IReadOnlyList<(Question Question, SafeguardValue Value)> ReliedOnMitigations(AssessmentVersion version) =>
        Safeguards(version).Where(x => x.Value is { IsReliedOnMitigation: true }).Select(x => (x.Question, x.Value!)).ToList();

    /// <summary>Whether the version claims the trained model is anonymous (AN-CLAIM answered yes).</summary>
    public static bool ClaimsAnonymousModel(AssessmentVersion version) =>
        version.Template().Has("AN-CLAIM") && version.AnswerTo("AN-CLAIM").YesNo == true;

    public static IReadOnlyList<AnonymityTest> AnonymityTests(AssessmentVersion version) =>
        version.Template().Has("AN-TESTS") ? version.AnswerTo("AN-TESTS").AnonymityTests : [];
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
