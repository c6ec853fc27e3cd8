namespace ComplianceDashboard.Core.Compliance;

/// <summary>
/// Stands in until the real evaluator is registered: every requested check is a warning "not evaluated yet",
/// so nothing looks compliant that was never checked (and the training gate stays closed).
/// </summary>
public sealed class UnevaluatedComplianceEvaluator : IComplianceEvaluator
{
    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf) => Evaluate(jurisdiction, asOf, CheckCatalogue.All);

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks) =>
        checks.Select(c => new CheckResult
        {
            CheckId = c.Id,
            Jurisdiction = jurisdiction,
            AsOf = asOf,
            Outcome = CheckOutcome.Warning,
            Measured = "not evaluated",
            Threshold = "pass",
            Explanation = "not evaluated yet",
        }).ToList();
}
