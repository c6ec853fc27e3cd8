using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>Where a version of an assessment stands in review.</summary>
public enum AssessmentStatus
{
    Draft,
    InReview,
    ChangesRequested,
    Approved,
    Superseded,
    Withdrawn,
}

/// <summary>Circumstances that call for the assessment to be reviewed again (REGULATORY.md section 1).</summary>
public enum ReviewTrigger
{
    NewDataCategory,
    NewPurpose,
    NewJurisdiction,
    RegulatorStatement,
    ObjectionSpike,
}

/// <summary>What a reviewer decided when signing a version.</summary>
public enum SignOffDecision
{
    Approved,
    ChangesRequested,
}

/// <summary>A reviewer's or the DPO's comment on one question (or on the whole version when the key is empty).</summary>
public sealed record ReviewComment
{
    public string Id { get; init; } = "";
    public string QuestionKey { get; init; } = "";
    public string AuthorId { get; init; } = "";
    public string AuthorName { get; init; } = "";
    public string AuthorRole { get; init; } = "";
    public DateTime At { get; init; }
    public string Text { get; init; } = "";
}

/// <summary>A move of a version between statuses.</summary>
public sealed record StatusChange
{
    public AssessmentStatus From { get; init; }
    public AssessmentStatus To { get; init; }
    public DateTime At { get; init; }
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public string Note { get; init; } = "";
}

/// <summary>The DPO's advice on a version. The DPO advises; approval belongs to the legal reviewer.</summary>
public sealed record DpoAdvice
{
    public string Advice { get; init; } = "";
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public DateTime At { get; init; }
}

/// <summary>A reviewer's signature on the exact content of a version: who, role, when, decision and the SHA-256 of that content.</summary>
public sealed record SignOff
{
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTime At { get; init; }
    public SignOffDecision Decision { get; init; }
    public string ContentHash { get; init; } = "";
}

/// <summary>A circumstance that happened and calls for a review, recorded against the assessment.</summary>
public sealed record TriggerEvent
{
    public ReviewTrigger Trigger { get; init; }
    public string Note { get; init; } = "";
    public DateTime At { get; init; }
    public string ByName { get; init; } = "";
}

/// <summary>One version of an assessment: its answers, its review trail and, once approved, its sign-off.</summary>
public sealed record AssessmentVersion
{
    public int Number { get; init; }
    public AssessmentStatus Status { get; init; }
    public string Title { get; init; } = "";
    public string[] Jurisdictions { get; init; } = [];
    public Answer[] Answers { get; init; } = [];
    public ReviewTrigger[] ReviewTriggers { get; init; } = [];
    public int? BasedOn { get; init; }

    /// <summary>The template this version answers; empty on versions stored before templates existed (they use the ICO template v1).</summary>
    public string TemplateId { get; init; } = "";
    public int TemplateVersion { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime UpdatedAt { get; init; }

    /// <summary>Actor ids of everyone who changed this version's content; none of them may approve it.</summary>
    public string[] Editors { get; init; } = [];
    public ReviewComment[] Comments { get; init; } = [];
    public StatusChange[] History { get; init; } = [];
    public DpoAdvice? DpoAdvice { get; init; }
    public bool? DpoAdviceFollowed { get; init; }
    public string DpoAdviceNotFollowedReason { get; init; } = "";
    public SignOff[] SignOffs { get; init; } = [];

    /// <summary>The SHA-256 of the canonical content, fixed when the version is approved.</summary>
    public string ContentHash { get; init; } = "";
    public DateTime? ApprovedAt { get; init; }
    public DateOnly? NextReviewDate { get; init; }
    public int? SupersededBy { get; init; }

    public AssessmentTemplate Template() => AssessmentTemplates.Of(this);

    /// <summary>This version moved to <paramref name="template"/>: it records the template and keeps only the answers of keys the template has.</summary>
    public AssessmentVersion On(AssessmentTemplate template) => this with
    {
        TemplateId = template.Id,
        TemplateVersion = template.Version,
        Answers = Answers.Where(a => template.Has(a.Key)).ToArray(),
    };

    public Answer AnswerTo(string key) => Answers.FirstOrDefault(a => a.Key == key) ?? Answer.Empty(key);

    public bool IsEditable() => Status is AssessmentStatus.Draft or AssessmentStatus.ChangesRequested;

    public bool IsOpen() => Status is AssessmentStatus.Draft or AssessmentStatus.InReview or AssessmentStatus.ChangesRequested;
}

/// <summary>A legitimate interests assessment (the three-part test) with every version it has had.</summary>
public sealed record Assessment : Aggregate
{
    public string OwnerId { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public AssessmentVersion[] Versions { get; init; } = [];
    public TriggerEvent[] TriggerEvents { get; init; } = [];

    /// <summary>Whether this is demonstration data (DESIGN decision 5).</summary>
    public bool IsDemo { get; init; }

    public AssessmentVersion? FindVersion(int number) => Versions.FirstOrDefault(v => v.Number == number);

    /// <summary>The newest version: the one the list shows and the editor opens.</summary>
    public AssessmentVersion Latest() => Versions.MaxBy(v => v.Number) ?? throw new InvalidOperationException($"Assessment {Id} has no versions.");

    /// <summary>The version in force: the approved one, if any.</summary>
    public AssessmentVersion? InForce() => Versions.SingleOrDefault(v => v.Status == AssessmentStatus.Approved);

    public Assessment WithVersion(AssessmentVersion version) => this with
    {
        Versions = Versions.Select(v => v.Number == version.Number ? version : v).ToArray(),
    };
}

/// <summary>Stores assessments.</summary>
public interface IAssessmentRepository
{
    Assessment? Find(string id);
    IReadOnlyList<Assessment> All();

    /// <summary>Saves a new assessment (version 0) or a change to the stored version; a stale copy is a conflict.</summary>
    Result<Assessment> Save(Assessment assessment);
}
