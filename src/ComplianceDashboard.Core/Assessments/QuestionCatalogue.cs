namespace ComplianceDashboard.Core.Assessments;

/// <summary>The sections of a legitimate interests assessment, in the order the editor and the PDF show them.</summary>
public enum AssessmentPart
{
    Scope,
    Purpose,
    Necessity,
    Balancing,
    Safeguards,
    /// <summary>Whether the trained model may count as anonymous, and the tests that show it (AI template only).</summary>
    Anonymity,
    Decision,
}

/// <summary>The structured value a question carries beside its free-text answer.</summary>
public enum ValueKind
{
    /// <summary>Free text only.</summary>
    Text,
    YesNo,
    /// <summary>1 (low) to 5 (high).</summary>
    Rating,
    /// <summary>A list of short items (data categories, exclusions, measures, evidence).</summary>
    List,
    /// <summary>Alternatives considered, each with why it was rejected.</summary>
    Alternatives,
    /// <summary>Possible impacts, each with likelihood and severity.</summary>
    Impacts,
    /// <summary>Whether an opt-out is offered (yes/no), how (the text) and whether it is unconditional.</summary>
    OptOut,
    /// <summary>A safeguard: status, evidence, date, required before training.</summary>
    Safeguard,
    /// <summary>The objection-window safeguard, which also carries its length in days.</summary>
    SafeguardWindow,
    Outcome,
    Dpia,
    /// <summary>Tests of the model's anonymity: which test, by whom, when, against which model version, with what result.</summary>
    AnonymityTests,
}

/// <summary>One question of the three-part test: a stable key, the question, guidance, whether it must be answered and its value kind.</summary>
public sealed record Question(string Key, AssessmentPart Part, string Text, string Guidance, bool Required, ValueKind Kind);

/// <summary>
/// Every question of REGULATORY.md section 1 with its stable key: the questions of the ICO legitimate interests
/// template v1 (<see cref="AssessmentTemplates.IcoLegitimateInterests"/>). PDFs, diffs, the API and tests use the keys,
/// so a key is never renamed or reused; a new question gets a new key. Released templates never change.
/// </summary>
public static class QuestionCatalogue
{
    public static readonly IReadOnlyList<Question> All =
    [
        // Scope and data: what is processed and what is left out.
        Q("S1", AssessmentPart.Scope, "What processing does this assessment cover?", "Describe the processing in one paragraph: whose data, from which products, for which model, in which jurisdictions.", true),
        Q("S2", AssessmentPart.Scope, "Which categories of personal data are used?", "List each category (e.g. public posts, public photos and captions, public comments). Anything not listed is out of scope.", true, ValueKind.List),
        Q("S3", AssessmentPart.Scope, "What is excluded from the data?", "List every exclusion, e.g. private messages, accounts of users under 18, content of users who objected.", true, ValueKind.List),

        // Part A: purpose test.
        Q("A1", AssessmentPart.Purpose, "Why do you want to process the data; what exactly is the interest?", "State the interest specifically, not open-ended: what the model is for and why this data is needed for it.", true),
        Q("A2", AssessmentPart.Purpose, "What benefit do you expect from the processing?", "Concrete benefits to the organisation and to users.", true),
        Q("A3", AssessmentPart.Purpose, "Do third parties benefit?", "Name them and how they benefit; answer no if nobody else does.", true, ValueKind.YesNo),
        Q("A4", AssessmentPart.Purpose, "Are there wider public or societal benefits?", "Describe them and how they are realised; avoid claims you cannot support.", true, ValueKind.YesNo),
        Q("A5", AssessmentPart.Purpose, "How important are these benefits?", "Rate 1 (marginal) to 5 (essential) and explain the rating.", true, ValueKind.Rating),
        Q("A6", AssessmentPart.Purpose, "What would the impact be if you could not go ahead?", "What happens to the product, the users and the organisation without this processing.", true),
        Q("A7", AssessmentPart.Purpose, "Are you complying with specific data protection rules that apply (e.g. profiling, e-privacy)?", "Name the rules considered and how each is met.", true, ValueKind.YesNo),
        Q("A8", AssessmentPart.Purpose, "Are you complying with other relevant laws?", "E.g. copyright, consumer, online safety and AI rules in each jurisdiction.", true, ValueKind.YesNo),
        Q("A9", AssessmentPart.Purpose, "Are you complying with industry guidelines or codes of practice?", "Name the guidance followed (regulator guidance on generative AI, codes of practice).", true, ValueKind.YesNo),
        Q("A10", AssessmentPart.Purpose, "Are there other ethical issues?", "Bias, misuse of outputs, creators' expectations; say how each is addressed.", true, ValueKind.YesNo),
        Q("A-LAWFUL", AssessmentPart.Purpose, "Is the interest lawful?", "EU-style check: the interest must be lawful under EU and national law. Justify the answer.", true, ValueKind.YesNo),
        Q("A-ARTICULATED", AssessmentPart.Purpose, "Is the interest clearly and precisely articulated?", "EU-style check: could a reader tell exactly what the interest is and what it is not?", true, ValueKind.YesNo),
        Q("A-REAL", AssessmentPart.Purpose, "Is the interest real and present (not speculative)?", "EU-style check: show that the interest exists now, not as a possible future use.", true, ValueKind.YesNo),

        // Part B: necessity test.
        Q("B1", AssessmentPart.Necessity, "Will the processing actually help achieve the purpose?", "Explain the link between this data and the model's quality for the stated purpose.", true, ValueKind.YesNo),
        Q("B2", AssessmentPart.Necessity, "Is it proportionate to the purpose?", "Volume, depth and duration of processing compared with what the purpose needs.", true, ValueKind.YesNo),
        Q("B3", AssessmentPart.Necessity, "Can the purpose be achieved without this processing?", "Answer yes if it can; then the processing is not necessary.", true, ValueKind.YesNo),
        Q("B4", AssessmentPart.Necessity, "Can it be achieved with less data, or in a more obvious or less intrusive way?", "Answer yes if it can, and say what you changed as a result.", true, ValueKind.YesNo),
        Q("B-ALTERNATIVES", AssessmentPart.Necessity, "Alternatives considered", "Each alternative (licensed data, synthetic data, a consented subset, …) with why it was rejected.", true, ValueKind.Alternatives),
        Q("B-MINIMISATION", AssessmentPart.Necessity, "Data-minimisation measures", "Filters, de-identification, date cut-offs, de-duplication: list each measure.", true, ValueKind.List),

        // Part C: balancing test.
        Q("C-SPECIAL", AssessmentPart.Balancing, "Nature of the data: is it special category or criminal-offence data?", "Public posts can reveal health, religion or politics; say how such data is treated.", true, ValueKind.YesNo),
        Q("C-PRIVATE", AssessmentPart.Balancing, "Nature of the data: would people see it as particularly private?", "Consider what people post publicly but would still not expect to be reused.", true, ValueKind.YesNo),
        Q("C-CHILDREN", AssessmentPart.Balancing, "Nature of the data: does it include children's or vulnerable people's data?", "Including adults' posts about children; say how such data is kept out.", true, ValueKind.YesNo),
        Q("C-CAPACITY", AssessmentPart.Balancing, "Nature of the data: is it about people in a personal or professional capacity?", "Most posts are personal; say whether creators' and businesses' accounts are treated differently.", true),
        Q("C-RELATIONSHIP", AssessmentPart.Balancing, "Reasonable expectations: what is the existing relationship and how was the data used before?", "The nature of the relationship, previous uses, whether the data was collected directly.", true),
        Q("C-TOLD", AssessmentPart.Balancing, "Reasonable expectations: what were people told at collection, and how long ago?", "The privacy information in force when the oldest data in scope was collected.", true),
        Q("C-CONTEXT", AssessmentPart.Balancing, "Reasonable expectations: have technology or context changed; is the purpose widely understood, new or innovative?", "Generative AI is new to most people: say how that affects expectations.", true),
        Q("C-EVIDENCE", AssessmentPart.Balancing, "Reasonable expectations: what evidence is there about expectations?", "Research, consultation, surveys: list each source.", false, ValueKind.List),
        Q("C-IMPACTS", AssessmentPart.Balancing, "Likely impact: what are the possible impacts, with likelihood and severity?", "Each impact on people with its likelihood and severity (low, medium, high).", true, ValueKind.Impacts),
        Q("C-OBJECT", AssessmentPart.Balancing, "Likely impact: would some people object or find it intrusive?", "Be candid; the objection figures will show it.", true, ValueKind.YesNo),
        Q("C-EXPLAIN", AssessmentPart.Balancing, "Likely impact: would you be happy to explain the processing to them?", "If not, the processing probably fails the balancing test.", true, ValueKind.YesNo),
        Q("C-POWER", AssessmentPart.Balancing, "Likely impact: is there an imbalance of power?", "Consider how hard it is for people to leave the platform or to object.", true),
        Q("C-SAFEGUARDS", AssessmentPart.Balancing, "Likely impact: can safeguards reduce the impact?", "Point to the safeguards below that reduce each impact.", true, ValueKind.YesNo),
        Q("C-OPTOUT", AssessmentPart.Balancing, "Is an opt-out offered?", "Yes or no; describe how it works in the answer and whether it is unconditional (no reason required).", true, ValueKind.OptOut),

        // Safeguards: each with status, evidence and date; some form the training gate.
        Q("SG-OPT-OUT", AssessmentPart.Safeguards, "Opt-out offered", "How people object: the form, its links from the notice, other channels.", true, ValueKind.Safeguard),
        Q("SG-UNCONDITIONAL", AssessmentPart.Safeguards, "Opt-out unconditional", "Every objection is honoured without asking for a reason.", true, ValueKind.Safeguard),
        Q("SG-WINDOW", AssessmentPart.Safeguards, "Objection window between notice and training start", "The days between the notice and the start of training; give the number of days.", true, ValueKind.SafeguardWindow),
        Q("SG-EARLIER-OBJECTIONS", AssessmentPart.Safeguards, "Earlier objections honoured", "Objections made before this notice are carried over; people need not object again.", true, ValueKind.Safeguard),
        Q("SG-NO-RECONTACT", AssessmentPart.Safeguards, "No re-contact of objectors", "People who objected earlier are not sent the notice again.", true, ValueKind.Safeguard),
        Q("SG-ERASURE", AssessmentPart.Safeguards, "Erasure beyond the strict legal grounds", "When data is removed from training sets even where the law would not require it.", true, ValueKind.Safeguard),
        Q("SG-MEMORISATION", AssessmentPart.Safeguards, "Handling of memorised or regurgitated personal data", "Testing for and suppressing personal data the model reproduces.", true, ValueKind.Safeguard),
        Q("SG-TRANSPARENCY", AssessmentPart.Safeguards, "Transparency measures", "In-app notice, email, FAQ, model card, transparency report, press: say which are in place.", true, ValueKind.Safeguard),
        Q("SG-TECHNICAL", AssessmentPart.Safeguards, "Technical measures", "Filtering and de-identification before training.", true, ValueKind.Safeguard),
        Q("SG-EXCLUSIONS", AssessmentPart.Safeguards, "Scope exclusions", "Private messages and accounts of users under 18 are kept out of the training data.", true, ValueKind.Safeguard),

        // Part D: decision.
        Q("D-OUTCOME", AssessmentPart.Decision, "Outcome", "Legitimate interests applies, applies with conditions, or does not apply.", true, ValueKind.Outcome),
        Q("D-RATIONALE", AssessmentPart.Decision, "Rationale", "Why the balance falls this way, citing the answers above.", true),
        Q("D-CONDITIONS", AssessmentPart.Decision, "Conditions before processing", "What must be true before training starts; list each condition.", false, ValueKind.List),
        Q("D-DPIA", AssessmentPart.Decision, "Is a DPIA needed?", "Yes or no; its reference, the residual risk level and whether prior consultation of the regulator is required.", true, ValueKind.Dpia),
    ];

    /// <summary>A question of any template by its key (keys mean the same in every template that uses them).</summary>
    public static Question? Find(string key) => AssessmentTemplates.FindQuestion(key);

    /// <summary>The ICO template's questions of one part.</summary>
    public static IEnumerable<Question> In(AssessmentPart part) => All.Where(q => q.Part == part);

    public static string Title(this AssessmentPart part) => part switch
    {
        AssessmentPart.Scope => "Scope and data",
        AssessmentPart.Purpose => "Part A · Purpose test",
        AssessmentPart.Necessity => "Part B · Necessity test",
        AssessmentPart.Balancing => "Part C · Balancing test",
        AssessmentPart.Safeguards => "Safeguards",
        AssessmentPart.Anonymity => "Model anonymity",
        AssessmentPart.Decision => "Part D · Decision",
        _ => part.ToString(),
    };

    internal static Question Q(string key, AssessmentPart part, string text, string guidance, bool required, ValueKind kind = ValueKind.Text) =>
        new(key, part, text, guidance, required, kind);
}
