using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Gate;

/// <summary>An evaluator whose outcomes the test decides: every check passes unless told otherwise.</summary>
public sealed class ScriptedEvaluator : IComplianceEvaluator
{
    private readonly Dictionary<string, CheckOutcome> _outcomes = new();

    public void Set(CheckDefinition check, CheckOutcome outcome) => _outcomes[check.Id] = outcome;

    public void PassEverything() => _outcomes.Clear();

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf) => Evaluate(jurisdiction, asOf, CheckCatalogue.All);

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, AsOfCut cut) => Evaluate(jurisdiction, asOf, CheckCatalogue.All);

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks) =>
        checks.Select(c =>
        {
            var outcome = _outcomes.GetValueOrDefault(c.Id, CheckOutcome.Pass);
            return new CheckResult
            {
                CheckId = c.Id, Jurisdiction = jurisdiction, AsOf = asOf, Outcome = outcome,
                Measured = outcome.ToString(), Threshold = "pass", Explanation = $"scripted {outcome.ToString().ToLowerInvariant()} of {c.Id}",
            };
        }).ToList();
}

/// <summary>The app on a demo store with a scripted evaluator in place of the real one.</summary>
public sealed class GateFactory : DashboardFactory
{
    public ScriptedEvaluator Evaluator { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IComplianceEvaluator>(Evaluator));
    }
}
