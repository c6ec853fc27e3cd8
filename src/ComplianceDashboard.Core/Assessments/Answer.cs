using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>Low, medium or high: likelihood and severity of an impact, residual risk of a DPIA.</summary>
public enum Level
{
    Low,
    Medium,
    High,
}

/// <summary>How far a safeguard has got.</summary>
public enum SafeguardStatus
{
    Planned,
    Implemented,
    Verified,
}

/// <summary>The outcome of the three-part test.</summary>
public enum DecisionOutcome
{
    Applies,
    AppliesWithConditions,
    DoesNotApply,
}

/// <summary>An alternative to the processing and why it was rejected.</summary>
public sealed record Alternative
{
    public string Option { get; init; } = "";
    public string WhyRejected { get; init; } = "";
}

/// <summary>A possible impact on people with its likelihood and severity.</summary>
public sealed record Impact
{
    public string Description { get; init; } = "";
    public Level Likelihood { get; init; }
    public Level Severity { get; init; }
}

/// <summary>The state of one safeguard; <see cref="RequiredBeforeTraining"/> safeguards form a jurisdiction's training gate.</summary>
public sealed record SafeguardValue
{
    public SafeguardStatus Status { get; init; }
    public string EvidenceReference { get; init; } = "";
    public DateOnly? Date { get; init; }
    public bool RequiredBeforeTraining { get; init; }

    /// <summary>Only for the objection window: days between the notice and the start of training.</summary>
    public int? Days { get; init; }

    /// <summary>AI template: the measure goes beyond what the law already requires (only such measures can tip the balance, EDPB Opinion 28/2024).</summary>
    public bool BeyondLegalDuty { get; init; }

    /// <summary>AI template: the balancing test relies on this measure; with <see cref="BeyondLegalDuty"/> it must be verified before training (check 15).</summary>
    public bool ReliedOnInBalancing { get; init; }

    /// <summary>A mitigating measure in the Opinion's sense that the balancing relies on.</summary>
    public bool IsReliedOnMitigation => BeyondLegalDuty && ReliedOnInBalancing;
}

/// <summary>The tests EDPB Opinion 28/2024 names for showing that a model's extraction and query risks are insignificant.</summary>
public enum AnonymityTestKind
{
    Extraction,
    MembershipInference,
    Regurgitation,
    ModelInversion,
}

/// <summary>What an anonymity test found: the risk was insignificant, or it was not.</summary>
public enum AnonymityTestResult
{
    RiskInsignificant,
    RiskNotInsignificant,
}

/// <summary>One anonymity test run against a model version: which test, by whom, on which day, with what result.</summary>
public sealed record AnonymityTest
{
    public AnonymityTestKind Kind { get; init; }
    public string RunBy { get; init; } = "";
    public DateOnly? On { get; init; }
    public string ModelVersion { get; init; } = "";
    public AnonymityTestResult Result { get; init; }
    public string Reference { get; init; } = "";

    public string Describe() =>
        $"{Kind.Describe()} test of model {ModelVersion} by {RunBy}" + (On is { } d ? $" on {d.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}" : "")
        + $": {Result.Describe()}" + (Reference.Length > 0 ? $" (ref {Reference})" : "");
}

public static class AnonymityTests
{
    public static string Describe(this AnonymityTestKind kind) => kind switch
    {
        AnonymityTestKind.Extraction => "Extraction",
        AnonymityTestKind.MembershipInference => "Membership inference",
        AnonymityTestKind.Regurgitation => "Regurgitation",
        AnonymityTestKind.ModelInversion => "Model inversion",
        _ => kind.ToString(),
    };

    public static string Describe(this AnonymityTestResult result) => result switch
    {
        AnonymityTestResult.RiskInsignificant => "risk insignificant",
        AnonymityTestResult.RiskNotInsignificant => "risk not insignificant",
        _ => result.ToString(),
    };
}

/// <summary>Whether a DPIA is needed, its reference, residual risk and whether the regulator must be consulted first.</summary>
public sealed record DpiaValue
{
    public bool? Needed { get; init; }
    public string Reference { get; init; } = "";
    public Level? ResidualRisk { get; init; }
    public bool? PriorConsultationRequired { get; init; }
}

/// <summary>
/// The answer to one question: the free text and whichever structured value the question's kind uses
/// (the others stay empty). An opt-out uses <see cref="YesNo"/> for "offered" and <see cref="Unconditional"/>.
/// </summary>
public sealed record Answer
{
    public const int MaxTextLength = 200_000;

    public string Key { get; init; } = "";
    public string Text { get; init; } = "";
    public bool? YesNo { get; init; }
    public int? Rating { get; init; }
    public bool? Unconditional { get; init; }
    public string[] Items { get; init; } = [];
    public Alternative[] Alternatives { get; init; } = [];
    public Impact[] Impacts { get; init; } = [];
    public SafeguardValue? Safeguard { get; init; }
    public DecisionOutcome? Outcome { get; init; }
    public DpiaValue? Dpia { get; init; }
    public AnonymityTest[] AnonymityTests { get; init; } = [];

    public static Answer Empty(string key) => new() { Key = key };

    /// <summary>Whether both the text and the structured value the question needs are given.</summary>
    public bool IsComplete(Question question)
    {
        if (string.IsNullOrWhiteSpace(Text)) return false;
        return question.Kind switch
        {
            ValueKind.Text => true,
            ValueKind.YesNo => YesNo.HasValue,
            ValueKind.Rating => Rating is >= 1 and <= 5,
            ValueKind.List => Items.Any(i => !string.IsNullOrWhiteSpace(i)),
            ValueKind.Alternatives => Alternatives.Any(a => !string.IsNullOrWhiteSpace(a.Option)),
            ValueKind.Impacts => Impacts.Any(i => !string.IsNullOrWhiteSpace(i.Description)),
            ValueKind.OptOut => YesNo == false || (YesNo == true && Unconditional.HasValue),
            ValueKind.Safeguard => Safeguard is not null,
            ValueKind.SafeguardWindow => Safeguard is { Days: > 0 },
            ValueKind.Outcome => Outcome.HasValue,
            ValueKind.Dpia => Dpia?.Needed is not null,
            ValueKind.AnonymityTests => AnonymityTests.Length > 0,
            _ => true,
        };
    }

    /// <summary>Problems with the structured value, whatever the question's kind (e.g. a rating of 9).</summary>
    public IEnumerable<string> Problems(Question question)
    {
        if (Text.Length > MaxTextLength)
            yield return $"{question.Key}: the answer is longer than {MaxTextLength:N0} characters.";
        if (Rating is < 1 or > 5)
            yield return $"{question.Key}: a rating is 1 to 5.";
        if (Safeguard is { Days: < 0 or > 3650 })
            yield return $"{question.Key}: the objection window must be 0 to 3,650 days.";
        if (Alternatives.Any(a => !string.IsNullOrWhiteSpace(a.Option) && string.IsNullOrWhiteSpace(a.WhyRejected)))
            yield return $"{question.Key}: say why each alternative was rejected.";
        foreach (var test in AnonymityTests)
        {
            if (string.IsNullOrWhiteSpace(test.ModelVersion)) yield return $"{question.Key}: name the model version each {test.Kind.Describe().ToLowerInvariant()} test ran against.";
            if (string.IsNullOrWhiteSpace(test.RunBy)) yield return $"{question.Key}: say who ran each {test.Kind.Describe().ToLowerInvariant()} test.";
            if (test.On is null) yield return $"{question.Key}: give the date of each {test.Kind.Describe().ToLowerInvariant()} test.";
        }
    }

    /// <summary>
    /// Drops blank list entries and trims, so that saving twice stores the same thing and the stored copy hashes
    /// like the saved one (the LiteDB mapper trims strings).
    /// </summary>
    public Answer Normalised() => this with
    {
        Text = Text.Replace("\r\n", "\n").Trim(),
        Items = Items.Select(i => i.Trim()).Where(i => i.Length > 0).ToArray(),
        Alternatives = Alternatives.Where(a => !string.IsNullOrWhiteSpace(a.Option) || !string.IsNullOrWhiteSpace(a.WhyRejected))
            .Select(a => a with { Option = a.Option.Trim(), WhyRejected = a.WhyRejected.Trim() }).ToArray(),
        Impacts = Impacts.Where(i => !string.IsNullOrWhiteSpace(i.Description)).Select(i => i with { Description = i.Description.Trim() }).ToArray(),
        Safeguard = Safeguard is null ? null : Safeguard with { EvidenceReference = Safeguard.EvidenceReference.Trim() },
        Dpia = Dpia is null ? null : Dpia with { Reference = Dpia.Reference.Trim() },
        AnonymityTests = AnonymityTests.Select(t => t with { RunBy = t.RunBy.Trim(), ModelVersion = t.ModelVersion.Trim(), Reference = t.Reference.Trim() }).ToArray(),
    };

    /// <summary>The structured value as one readable line (for diffs, the API and the audit log); empty when there is none.</summary>
    public string DescribeValue(Question question) => question.Kind switch
    {
        ValueKind.Text => "",
        ValueKind.YesNo => YesNo is { } b ? (b ? "Yes" : "No") : "",
        ValueKind.Rating => Rating is { } r ? $"Rating {r} of 5" : "",
        ValueKind.List => string.Join("; ", Items),
        ValueKind.Alternatives => string.Join("; ", Alternatives.Select(a => $"{a.Option} (rejected: {a.WhyRejected})")),
        ValueKind.Impacts => string.Join("; ", Impacts.Select(i => $"{i.Description} (likelihood {i.Likelihood}, severity {i.Severity})")),
        ValueKind.OptOut => YesNo is null ? "" : YesNo.Value ? $"Offered, {(Unconditional == true ? "unconditional" : Unconditional == false ? "conditional" : "condition not stated")}" : "Not offered",
        ValueKind.Safeguard or ValueKind.SafeguardWindow => Safeguard is not { } s ? "" : string.Join(", ", new[]
        {
            s.Status.ToString(),
            s.Days is { } d ? $"{d} days" : null,
            s.EvidenceReference.Length > 0 ? $"evidence {s.EvidenceReference}" : null,
            s.Date is { } date ? $"dated {date.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}" : null,
            s.RequiredBeforeTraining ? "required before training" : null,
            s.BeyondLegalDuty ? "goes beyond a legal duty" : null,
            s.ReliedOnInBalancing ? "relied on in the balancing" : null,
        }.Where(p => p is not null)),
        ValueKind.Outcome => Outcome?.Describe() ?? "",
        ValueKind.Dpia => Dpia?.Needed is not { } needed ? "" : needed
            ? string.Join(", ", new[] { "DPIA needed", Dpia.Reference.Length > 0 ? $"ref {Dpia.Reference}" : null, Dpia.ResidualRisk is { } risk ? $"residual risk {risk}" : null, Dpia.PriorConsultationRequired is { } pc ? (pc ? "prior consultation required" : "no prior consultation") : null }.Where(p => p is not null))
            : "No DPIA needed",
        ValueKind.AnonymityTests => string.Join("; ", AnonymityTests.Select(t => t.Describe())),
        _ => "",
    };

    /// <summary>
    /// The answer in the canonical form the sign-off hash covers. Content schema 1 (versions without a template) is
    /// exactly what was hashed before templates; schema 2 adds the mitigating-measure flags and the anonymity tests.
    /// </summary>
    internal IReadOnlyDictionary<string, object?> Canonical(int schema)
    {
        var canonical = CanonicalV1();
        if (schema < 2) return canonical;
        if (Safeguard is { } s && canonical["safeguard"] is Dictionary<string, object?> safeguard)
        {
            safeguard["beyondLegalDuty"] = s.BeyondLegalDuty;
            safeguard["reliedOnInBalancing"] = s.ReliedOnInBalancing;
        }
        canonical["anonymityTests"] = AnonymityTests.Select(t => (object?)new Dictionary<string, object?>
        {
            ["kind"] = t.Kind, ["runBy"] = t.RunBy, ["on"] = t.On, ["modelVersion"] = t.ModelVersion, ["result"] = t.Result, ["reference"] = t.Reference,
        }).ToArray();
        return canonical;
    }

    private Dictionary<string, object?> CanonicalV1() => new()
    {
        ["text"] = Text,
        ["yesNo"] = YesNo,
        ["rating"] = Rating,
        ["unconditional"] = Unconditional,
        ["items"] = Items,
        ["alternatives"] = Alternatives.Select(a => (object?)new Dictionary<string, object?> { ["option"] = a.Option, ["whyRejected"] = a.WhyRejected }).ToArray(),
        ["impacts"] = Impacts.Select(i => (object?)new Dictionary<string, object?> { ["description"] = i.Description, ["likelihood"] = i.Likelihood, ["severity"] = i.Severity }).ToArray(),
        ["safeguard"] = Safeguard is not { } s ? null : new Dictionary<string, object?>
        {
            ["status"] = s.Status, ["evidence"] = s.EvidenceReference, ["date"] = s.Date, ["requiredBeforeTraining"] = s.RequiredBeforeTraining, ["days"] = s.Days,
        },
        ["outcome"] = Outcome,
        ["dpia"] = Dpia is not { } d ? null : new Dictionary<string, object?>
        {
            ["needed"] = d.Needed, ["reference"] = d.Reference, ["residualRisk"] = d.ResidualRisk, ["priorConsultationRequired"] = d.PriorConsultationRequired,
        },
    };
}

public static class DecisionOutcomes
{
    public static string Describe(this DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Applies => "Legitimate interests applies",
        DecisionOutcome.AppliesWithConditions => "Legitimate interests applies with conditions",
        DecisionOutcome.DoesNotApply => "Legitimate interests does not apply",
        _ => outcome.ToString(),
    };
}
