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
        }.Where(p => p is not null)),
        ValueKind.Outcome => Outcome?.Describe() ?? "",
        ValueKind.Dpia => Dpia?.Needed is not { } needed ? "" : needed
            ? string.Join(", ", new[] { "DPIA needed", Dpia.Reference.Length > 0 ? $"ref {Dpia.Reference}" : null, Dpia.ResidualRisk is { } risk ? $"residual risk {risk}" : null, Dpia.PriorConsultationRequired is { } pc ? (pc ? "prior consultation required" : "no prior consultation") : null }.Where(p => p is not null))
            : "No DPIA needed",
        _ => "",
    };

    /// <summary>The answer in the canonical form the sign-off hash covers.</summary>
    internal IReadOnlyDictionary<string, object?> Canonical() => new Dictionary<string, object?>
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
