using ComplianceDashboard.Core.Assessments;

namespace ComplianceDashboard.Web.Components.Pages.Assessments;

/// <summary>The editable copy of one answer; list values are edited one item per line.</summary>
public sealed class AnswerForm(Question question)
{
    public Question Question { get; } = question;
    public string Text { get; set; } = "";
    public bool? YesNo { get; set; }
    public int? Rating { get; set; }
    public bool? Unconditional { get; set; }
    public string Items { get; set; } = "";
    public List<Alternative> Alternatives { get; set; } = [];
    public List<Impact> Impacts { get; set; } = [];
    public SafeguardStatus? SafeguardStatus { get; set; }
    public string Evidence { get; set; } = "";
    public DateTime? SafeguardDate { get; set; }
    public bool RequiredBeforeTraining { get; set; }
    public int? Days { get; set; }
    public bool BeyondLegalDuty { get; set; }
    public bool ReliedOnInBalancing { get; set; }
    public List<AnonymityTest> AnonymityTests { get; set; } = [];
    public DecisionOutcome? Outcome { get; set; }
    public bool? DpiaNeeded { get; set; }
    public string DpiaReference { get; set; } = "";
    public Level? ResidualRisk { get; set; }
    public bool? PriorConsultation { get; set; }

    public static AnswerForm From(Question question, Answer answer) => new(question)
    {
        Text = answer.Text,
        YesNo = answer.YesNo,
        Rating = answer.Rating,
        Unconditional = answer.Unconditional,
        Items = string.Join('\n', answer.Items),
        Alternatives = [.. answer.Alternatives],
        Impacts = [.. answer.Impacts],
        SafeguardStatus = answer.Safeguard?.Status,
        Evidence = answer.Safeguard?.EvidenceReference ?? "",
        SafeguardDate = answer.Safeguard?.Date?.ToDateTime(TimeOnly.MinValue),
        RequiredBeforeTraining = answer.Safeguard?.RequiredBeforeTraining ?? false,
        Days = answer.Safeguard?.Days,
        BeyondLegalDuty = answer.Safeguard?.BeyondLegalDuty ?? false,
        ReliedOnInBalancing = answer.Safeguard?.ReliedOnInBalancing ?? false,
        AnonymityTests = [.. answer.AnonymityTests],
        Outcome = answer.Outcome,
        DpiaNeeded = answer.Dpia?.Needed,
        DpiaReference = answer.Dpia?.Reference ?? "",
        ResidualRisk = answer.Dpia?.ResidualRisk,
        PriorConsultation = answer.Dpia?.PriorConsultationRequired,
    };

    /// <summary>The answer as the service takes it; only the value its question's kind uses is kept.</summary>
    public Answer ToAnswer()
    {
        var kind = Question.Kind;
        var safeguard = kind is ValueKind.Safeguard or ValueKind.SafeguardWindow && SafeguardStatus is { } status
            ? new SafeguardValue
            {
                Status = status, EvidenceReference = Evidence, Date = SafeguardDate is { } d ? DateOnly.FromDateTime(d) : null,
                RequiredBeforeTraining = RequiredBeforeTraining, Days = kind == ValueKind.SafeguardWindow ? Days : null,
                BeyondLegalDuty = BeyondLegalDuty, ReliedOnInBalancing = ReliedOnInBalancing,
            }
            : null;
        return new Answer
        {
            Key = Question.Key,
            Text = Text ?? "",
            YesNo = kind is ValueKind.YesNo or ValueKind.OptOut ? YesNo : null,
            Rating = kind == ValueKind.Rating ? Rating : null,
            Unconditional = kind == ValueKind.OptOut && YesNo == true ? Unconditional : null,
            Items = kind == ValueKind.List ? (Items ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            Alternatives = kind == ValueKind.Alternatives ? [.. Alternatives] : [],
            Impacts = kind == ValueKind.Impacts ? [.. Impacts] : [],
            Safeguard = safeguard,
            AnonymityTests = kind == ValueKind.AnonymityTests ? [.. AnonymityTests] : [],
            Outcome = kind == ValueKind.Outcome ? Outcome : null,
            Dpia = kind == ValueKind.Dpia && DpiaNeeded is not null
                ? new DpiaValue { Needed = DpiaNeeded, Reference = DpiaReference, ResidualRisk = ResidualRisk, PriorConsultationRequired = PriorConsultation }
                : null,
        }.Normalised();
    }
}

/// <summary>The editable copy of a draft version: header fields and one <see cref="AnswerForm"/> per question.</summary>
public sealed class DraftForm
{
    public string Title { get; set; } = "";
    public IReadOnlyCollection<string> Jurisdictions { get; set; } = [];
    public IReadOnlyCollection<ReviewTrigger> ReviewTriggers { get; set; } = [];
    public IReadOnlyDictionary<string, AnswerForm> Answers { get; private init; } = new Dictionary<string, AnswerForm>();

    public static DraftForm From(AssessmentVersion version) => new()
    {
        Title = version.Title,
        Jurisdictions = version.Jurisdictions.ToList(),
        ReviewTriggers = version.ReviewTriggers.ToList(),
        Answers = version.Template().Questions.ToDictionary(q => q.Key, q => AnswerForm.From(q, version.AnswerTo(q.Key))),
    };

    public DraftContent ToContent() => new(
        Title ?? "",
        Jurisdictions.ToArray(),
        Answers.Values.Select(a => a.ToAnswer()).Where(a => !IsBlank(a)).ToArray(),
        ReviewTriggers.ToArray());

    /// <summary>The version as it would be if saved now (for completeness and change detection).</summary>
    public AssessmentVersion Preview(AssessmentVersion saved)
    {
        var content = ToContent();
        return saved with
        {
            Title = content.Title.Trim(),
            Jurisdictions = content.Jurisdictions.Select(j => j.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray(),
            Answers = content.Answers,
            ReviewTriggers = content.ReviewTriggers.Distinct().Order().ToArray(),
        };
    }

    private static bool IsBlank(Answer a) =>
        a.Text.Length == 0 && a.YesNo is null && a.Rating is null && a.Items.Length == 0 && a.Alternatives.Length == 0
        && a.Impacts.Length == 0 && a.Safeguard is null && a.Outcome is null && a.Dpia is null && a.AnonymityTests.Length == 0;
}
