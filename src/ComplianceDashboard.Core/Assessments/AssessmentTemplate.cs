using static ComplianceDashboard.Core.Assessments.QuestionCatalogue;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>
/// A released question set: a stable id, a version and its questions in the order the editor and the PDF show
/// them. A released template never changes; a change is a new template version.
/// </summary>
public sealed record AssessmentTemplate(string Id, int Version, string Name, string Basis, IReadOnlyList<Question> Questions)
{
    /// <summary>Whether the template asks, for each safeguard, whether it goes beyond a legal duty and is relied on in the balancing.</summary>
    public bool AsksMitigatingMeasureFlags { get; init; }

    public string Label => $"{Name} v{Version}";

    public Question? Find(string key) => Questions.FirstOrDefault(q => q.Key == key);

    public bool Has(string key) => Find(key) is not null;

    public IEnumerable<Question> In(AssessmentPart part) => Questions.Where(q => q.Part == part);

    /// <summary>The parts this template has questions in, in order.</summary>
    public IEnumerable<AssessmentPart> Parts => Enum.GetValues<AssessmentPart>().Where(p => In(p).Any());

    public bool Is(AssessmentTemplate other) => Id == other.Id && Version == other.Version;
}

/// <summary>The released assessment templates (docs/assessments.md lists their keys and where each comes from).</summary>
public static class AssessmentTemplates
{
    public const string IcoId = "ico-legitimate-interests";
    public const string AiId = "ai-model-development";

    /// <summary>The ICO's legitimate interests template as of 2024: the questions assessments had before templates existed.</summary>
    public static readonly AssessmentTemplate IcoLegitimateInterests = new(IcoId, 1, "ICO legitimate interests assessment",
        "ICO guidance on legitimate interests and its LIA template (2024)", QuestionCatalogue.All);

    /// <summary>The ICO template plus what EDPB Opinion 28/2024 says the three-part test must examine for AI model development.</summary>
    public static readonly AssessmentTemplate AiModelDevelopment = new(AiId, 1, "AI model development (ICO template with EDPB Opinion 28/2024)",
        "ICO LIA template (2024); EDPB Opinion 28/2024 on AI models (adopted 17 December 2024); EDPB Guidelines 1/2024 on legitimate interests",
        AiQuestions())
    {
        AsksMitigatingMeasureFlags = true,
    };

    public static readonly IReadOnlyList<AssessmentTemplate> All = [IcoLegitimateInterests, AiModelDevelopment];

    public static AssessmentTemplate? Find(string id, int version) => All.FirstOrDefault(t => t.Id == id && t.Version == version);

    /// <summary>The template a version uses; a version stored before templates existed records none and uses the ICO template v1.</summary>
    public static AssessmentTemplate Of(AssessmentVersion version) =>
        string.IsNullOrEmpty(version.TemplateId)
            ? IcoLegitimateInterests
            : Find(version.TemplateId, version.TemplateVersion)
              ?? throw new InvalidOperationException($"Version {version.Number} uses template {version.TemplateId} v{version.TemplateVersion}, which this application does not know.");

    /// <summary>A question of any template by key.</summary>
    public static Question? FindQuestion(string key) => All.Select(t => t.Find(key)).FirstOrDefault(q => q is not null);

    /// <summary>The keys the AI template adds to the ICO template (docs/assessments.md gives the Opinion's paragraph for each).</summary>
    public static IReadOnlyList<Question> AiAdditions => AiModelDevelopment.Questions.Where(q => !IcoLegitimateInterests.Has(q.Key)).ToList();

    private static List<Question> AiQuestions()
    {
        var ico = QuestionCatalogue.All;
        var questions = new List<Question>();
        questions.AddRange(ico.Where(q => q.Part is AssessmentPart.Scope or AssessmentPart.Purpose or AssessmentPart.Necessity));
        questions.AddRange(ico.Where(q => q.Part == AssessmentPart.Balancing));
        questions.AddRange(
        [
            // Reasonable expectations, factor by factor (the relationship itself is C-RELATIONSHIP).
            Q("C-EXP-PUBLIC", AssessmentPart.Balancing, "Reasonable expectations: was the data publicly available?", "Say what was public, to whom, and whether people chose to make it public; public availability alone does not make training expected.", true, ValueKind.YesNo),
            Q("C-EXP-SERVICE", AssessmentPart.Balancing, "Reasonable expectations: what is the nature of the service the data comes from?", "A social network for personal sharing raises different expectations from a professional or publishing service.", true),
            Q("C-EXP-SOURCE", AssessmentPart.Balancing, "Reasonable expectations: in what context and from what source was the data collected?", "Collected directly from the account holder or posted about them by others; the settings and notices in force at the time.", true),
            Q("C-EXP-FURTHER-USES", AssessmentPart.Balancing, "Reasonable expectations: what further uses of the model are possible?", "Who will use the model and for what (internal features, open release, third-party access), and how that reaches back to the people whose data trained it.", true),
            Q("C-EXP-AWARE", AssessmentPart.Balancing, "Reasonable expectations: are people aware that their data is online?", "Old posts, posts by others about them, and content people have forgotten about.", true, ValueKind.YesNo),
            // Rights and interests weighed beyond privacy.
            Q("C-RIGHT-EXPRESSION", AssessmentPart.Balancing, "Rights beyond privacy: could the processing chill freedom of expression?", "Would people post less, or differently, if they knew their posts train a model?", true, ValueKind.YesNo),
            Q("C-RIGHT-DISCRIMINATION", AssessmentPart.Balancing, "Rights beyond privacy: could the model or its outputs discriminate?", "Bias in the data or the outputs against groups of people; how it is tested and corrected.", true, ValueKind.YesNo),
            Q("C-RIGHT-CONTROL", AssessmentPart.Balancing, "Rights beyond privacy: does the processing reduce people's control over their own data?", "Once in a model, data is hard to withdraw; say what control people keep.", true, ValueKind.YesNo),
            Q("C-SCALE", AssessmentPart.Balancing, "The scale of the processing and the people concerned", "How many people, how much data, over how long; whether children or vulnerable people are among them or in the content.", true),
        ]);
        questions.AddRange(ico.Where(q => q.Part == AssessmentPart.Safeguards));
        questions.AddRange(
        [
            // Mitigating measures the ICO template lacks (the others reuse SG-TECHNICAL, SG-WINDOW, SG-UNCONDITIONAL, SG-ERASURE, SG-MEMORISATION, SG-TRANSPARENCY).
            Q("SG-PSEUDONYMISATION", AssessmentPart.Safeguards, "Technical: pseudonymisation", "Identifiers replaced before training so that the model cannot link content to a person.", true, ValueKind.Safeguard),
            Q("SG-MASKING", AssessmentPart.Safeguards, "Technical: masking or substitution of personal data", "Names, contact details and other personal data masked or replaced with fake values in the training data.", true, ValueKind.Safeguard),
            Q("SG-CAMPAIGNS", AssessmentPart.Safeguards, "Transparency: media or e-mail campaigns", "Campaigns beyond the Art 13/14 notice that tell people about the training and how to object.", true, ValueKind.Safeguard),
            Q("SG-MODEL-CARD", AssessmentPart.Safeguards, "Transparency: a model card", "A published model card describing the training data, its sources and the measures applied.", true, ValueKind.Safeguard),
            Q("SG-TRANSPARENCY-REPORT", AssessmentPart.Safeguards, "Transparency: an annual transparency report", "A yearly public report on the training, the objections received and how they were honoured.", true, ValueKind.Safeguard),
            Q("SG-OUTPUT-FILTERS", AssessmentPart.Safeguards, "Deployment: output filters against regurgitation", "Filters that stop the deployed model from reproducing personal data from its training set.", true, ValueKind.Safeguard),
            Q("SG-WATERMARKING", AssessmentPart.Safeguards, "Deployment: watermarking of outputs", "Generated content marked so that it is not mistaken for what a real person said or did.", true, ValueKind.Safeguard),
            Q("SG-OUTPUT-RIGHTS", AssessmentPart.Safeguards, "Deployment: rights applied to outputs", "Access, erasure and objection honoured for personal data in the model's outputs.", true, ValueKind.Safeguard),
            // Whether the model may count as anonymous.
            Q("AN-CLAIM", AssessmentPart.Anonymity, "Do you claim that the trained model is anonymous?", "Answer yes only if extraction and query risks are insignificant and the tests below show it; otherwise the model is treated as containing personal data.", true, ValueKind.YesNo),
            Q("AN-TESTS", AssessmentPart.Anonymity, "Anonymity tests run against the model", "Each test (extraction, membership inference, regurgitation, model inversion): who ran it, when, against which model version and with what result.", false, ValueKind.AnonymityTests),
            Q("AN-DOCUMENTATION", AssessmentPart.Anonymity, "Documentation of the anonymity assessment", "The DPIA, the DPO's advice and the technical reports the anonymity claim rests on; list each reference.", false, ValueKind.List),
        ]);
        questions.AddRange(ico.Where(q => q.Part == AssessmentPart.Decision));
        return questions;
    }
}
