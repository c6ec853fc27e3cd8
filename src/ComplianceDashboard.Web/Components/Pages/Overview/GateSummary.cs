using ComplianceDashboard.Core.Compliance;

namespace ComplianceDashboard.Web.Components.Pages.Overview;

/// <summary>
/// What the Overview says about a jurisdiction's checks: the failing ones and whether the training gate is open
/// (every gate check passed in the latest run), and any override in force, which the Overview flags.
/// </summary>
public sealed record GateSummary(ComplianceRun? Run, IReadOnlyList<CheckResult> Failing, IReadOnlyList<CheckResult> GateNotPassing, GateOverride? Override = null)
{
    public bool HasRun => Run is not null;
    public bool GateOpen => Run is not null && GateNotPassing.Count == 0;
    public bool Overridden => Override is not null;

    public static GateSummary Of(ComplianceRun? run, GateOverride? overrideInForce = null)
    {
        if (run is null) return new(null, [], [], overrideInForce);
        var failing = run.Results.Where(r => r.Outcome == CheckOutcome.Fail).OrderBy(r => r.Definition.Number).ToList();
        var gate = CheckCatalogue.Gate.Select(c => run.ResultOf(c.Id)).ToList();
        var notPassing = gate.Where(r => r is null || r.Outcome != CheckOutcome.Pass).OfType<CheckResult>().ToList();
        // A gate check missing from a stored run (an older catalogue) keeps the gate closed too.
        if (gate.Any(r => r is null)) notPassing.Add(new CheckResult { CheckId = CheckCatalogue.Gate[0].Id, Outcome = CheckOutcome.Fail });
        return new(run, failing, notPassing, overrideInForce);
    }
}
