namespace ComplianceDashboard.Core.Compliance;

/// <summary>A check's verdict. NotApplicable (added last so stored values keep their meaning) is not a pass: the check does not apply, e.g. an AI-template check on an ICO-template assessment.</summary>
public enum CheckOutcome
{
    Pass,
    Warning,
    Fail,
    NotApplicable,
}

public static class CheckOutcomes
{
    /// <summary>How an outcome is named everywhere it is shown.</summary>
    public static string Describe(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "Pass",
        CheckOutcome.Warning => "Warning",
        CheckOutcome.Fail => "Fail",
        CheckOutcome.NotApplicable => "Not applicable",
        _ => outcome.ToString(),
    };

    /// <summary>Whether a gate check with this outcome lets training start: it passes, or it does not apply to the jurisdiction's assessment.</summary>
    public static bool LetsTrainingStart(this CheckOutcome outcome) => outcome is CheckOutcome.Pass or CheckOutcome.NotApplicable;

    /// <summary>How bad an outcome is, for "the worst of": not applicable &lt; pass &lt; warning &lt; fail.</summary>
    public static int Severity(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.NotApplicable => 0,
        CheckOutcome.Pass => 1,
        CheckOutcome.Warning => 2,
        CheckOutcome.Fail => 3,
        _ => 3,
    };
}

/// <summary>What the regulators asked to see; every check evidences exactly one.</summary>
public enum RegulatorAsk
{
    Transparency,
    SafeguardsBeforeTraining,
    RouteToObject,
    OngoingCompliance,
}

/// <summary>How much a failing check matters.</summary>
public enum CheckSeverity
{
    Critical,
    High,
    Medium,
}

/// <summary>One named check of the catalogue: what it verifies, the rule it serves and whether it gates training.</summary>
public sealed record CheckDefinition(
    string Id,
    int Number,
    string Title,
    string Reference,
    RegulatorAsk Ask,
    CheckSeverity Severity,
    bool GatesTraining);

/// <summary>A record a result rests on, as a label and an app-relative link (e.g. /assessments/lia-uk).</summary>
public sealed record EvidenceLink(string Label, string Href);

/// <summary>The evaluation of one check for one jurisdiction as of a moment.</summary>
public sealed record CheckResult
{
    public string CheckId { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public DateTime AsOf { get; init; }
    public CheckOutcome Outcome { get; init; }

    /// <summary>The measured value as shown to people, e.g. "99.4 %" or "0 prior objectors contacted".</summary>
    public string Measured { get; init; } = "";

    /// <summary>What the value is compared with, e.g. "≥ 99 %".</summary>
    public string Threshold { get; init; } = "";
    public string Explanation { get; init; } = "";
    public EvidenceLink[] Evidence { get; init; } = [];

    public CheckDefinition Definition => CheckCatalogue.Find(CheckId)
        ?? throw new InvalidOperationException($"Unknown check {CheckId}.");
}

/// <summary>The catalogue of compliance checks (issue 6). Ids are stable: stored results and packs refer to them.</summary>
public static class CheckCatalogue
{
    public static readonly CheckDefinition ApprovedAssessmentInForce = new(
        "lia-in-force", 1, "An approved LIA covering the jurisdiction is in force",
        "UK GDPR / GDPR Art. 6(1)(f), accountability Art. 5(2); LGPD Art. 7 IX and 10", RegulatorAsk.SafeguardsBeforeTraining, CheckSeverity.Critical, true);

    public static readonly CheckDefinition AssessmentReviewNotOverdue = new(
        "lia-review-current", 2, "The LIA's periodic review is not overdue",
        "Accountability Art. 5(2); ICO LI guidance: keep the LIA under review", RegulatorAsk.OngoingCompliance, CheckSeverity.High, true);

    public static readonly CheckDefinition SafeguardsVerified = new(
        "safeguards-verified", 3, "Every safeguard required before training is verified",
        "Art. 6(1)(f) balancing; regulators' ask: safeguards in place before training", RegulatorAsk.SafeguardsBeforeTraining, CheckSeverity.Critical, true);

    public static readonly CheckDefinition CoverageTargetReached = new(
        "notice-coverage", 4, "Notice coverage reached the campaign target before the training start",
        "Transparency Art. 13/14 and 21(4); LGPD Art. 9", RegulatorAsk.Transparency, CheckSeverity.Critical, true);

    public static readonly CheckDefinition ObjectionWindowsLongEnough = new(
        "objection-window", 5, "Every cohort's objection window is at least the policy minimum",
        "Art. 21(4) right to object brought to attention before processing", RegulatorAsk.RouteToObject, CheckSeverity.Critical, true);

    public static readonly CheckDefinition NoPriorObjectorsContacted = new(
        "prior-objectors-suppressed", 6, "No earlier objector was sent a notice",
        "Art. 21(3) objections honoured; programme policy on suppression", RegulatorAsk.RouteToObject, CheckSeverity.High, true);

    public static readonly CheckDefinition DeliveryDataComplete = new(
        "delivery-data-complete", 7, "Delivery data with the under-18 exclusion exists for every sending day",
        "Art. 8 / children's data exclusion; Age Appropriate Design Code; LGPD Art. 14", RegulatorAsk.Transparency, CheckSeverity.High, true);

    public static readonly CheckDefinition ObjectionsWithinLegalLimit = new(
        "objections-within-limit", 8, "Objections resolved within the legal limit (≥ 99 %) and none overdue",
        "Art. 12(3) one month, extendable by two; LGPD Art. 18", RegulatorAsk.RouteToObject, CheckSeverity.High, false);

    public static readonly CheckDefinition ObjectionsHonouredBeforeTraining = new(
        "objections-before-training", 9, "Every objection received before the training start was honoured before it",
        "Art. 21(3): no further processing for the objector", RegulatorAsk.RouteToObject, CheckSeverity.Critical, true);

    public static readonly CheckDefinition RefusalsHaveGrounds = new(
        "refusals-have-grounds", 10, "Every refusal states its grounds",
        "Art. 21(1) compelling legitimate grounds; Art. 12(4)", RegulatorAsk.RouteToObject, CheckSeverity.Medium, false);

    public static readonly CheckDefinition AuditChainIntact = new(
        "audit-chain-intact", 11, "The audit chain is intact, including every head recorded in a pack",
        "Accountability Art. 5(2); records of processing Art. 30", RegulatorAsk.OngoingCompliance, CheckSeverity.Critical, false);

    public static readonly CheckDefinition CommitmentsOnTrack = new(
        "regulator-commitments", 12, "Commitments made to the regulator are met or on track",
        "Art. 31 cooperation with the supervisory authority", RegulatorAsk.OngoingCompliance, CheckSeverity.High, false);

    public static readonly CheckDefinition NoObjectorInTrainingData = new(
        "training-runs-exclude-objectors", 13, "No objector appears in a registered training run's dataset",
        "Art. 21(3): no further processing for the objector", RegulatorAsk.RouteToObject, CheckSeverity.Critical, false);

    public static readonly CheckDefinition RealData = new(
        "real-data", 14, "The jurisdiction's data is not demo data",
        "Programme policy: demo data never reaches a regulator", RegulatorAsk.OngoingCompliance, CheckSeverity.Medium, false);

    public static readonly CheckDefinition ReliedOnMitigationsVerified = new(
        "mitigations-verified", 15, "Every mitigating measure the balancing relies on, beyond a legal duty, is verified before training",
        "Art. 6(1)(f) balancing; EDPB Opinion 28/2024 (mitigating measures); EDPB Guidelines 1/2024", RegulatorAsk.SafeguardsBeforeTraining, CheckSeverity.Critical, true);

    public static readonly CheckDefinition AnonymityEvidenceForLatestModel = new(
        "model-anonymity-evidence", 16, "Anonymity test evidence exists for the model version of the latest training run",
        "EDPB Opinion 28/2024 (when a model is anonymous); accountability Art. 5(2)", RegulatorAsk.OngoingCompliance, CheckSeverity.High, false);

    public static readonly CheckDefinition ComplaintsAcknowledgedInTime = new(
        "complaints-acknowledged", 17, "Every complaint is acknowledged within its deadline (none late, none overdue)",
        "s.164A(3) DPA 2018 (inserted by the Data (Use and Access) Act 2025): acknowledge within 30 days beginning with receipt", RegulatorAsk.OngoingCompliance, CheckSeverity.High, false);

    public static readonly IReadOnlyList<CheckDefinition> All =
    [
        ApprovedAssessmentInForce, AssessmentReviewNotOverdue, SafeguardsVerified, CoverageTargetReached,
        ObjectionWindowsLongEnough, NoPriorObjectorsContacted, DeliveryDataComplete, ObjectionsWithinLegalLimit,
        ObjectionsHonouredBeforeTraining, RefusalsHaveGrounds, AuditChainIntact, CommitmentsOnTrack,
        NoObjectorInTrainingData, RealData, ReliedOnMitigationsVerified, AnonymityEvidenceForLatestModel, ComplaintsAcknowledgedInTime,
    ];

    /// <summary>The checks that must pass (or not apply) before a jurisdiction may start training (1–7, 9 and 15).</summary>
    public static readonly IReadOnlyList<CheckDefinition> Gate = All.Where(c => c.GatesTraining).ToArray();

    /// <summary>The gate's checks as people read them, e.g. "1–7, 9 and 15" (runs of numbers joined with an en dash).</summary>
    public static readonly string GateNumbers = DescribeNumbers(Gate.Select(c => c.Number));

    private static string DescribeNumbers(IEnumerable<int> numbers)
    {
        var runs = new List<string>();
        foreach (var n in numbers.Order())
        {
            if (runs.Count > 0 && runs[^1].Split('–') is var parts && int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture) == n - 1)
                runs[^1] = $"{parts[0]}–{n}";
            else
                runs.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return runs.Count <= 1 ? string.Join("", runs) : string.Join(", ", runs[..^1]) + " and " + runs[^1];
    }

    public static CheckDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
