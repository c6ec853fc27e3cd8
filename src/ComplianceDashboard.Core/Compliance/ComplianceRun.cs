using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>Why the checks ran.</summary>
public enum RunTrigger
{
    Scheduled,
    OnDemand,
    GateDecision,
}

/// <summary>One stored evaluation of every check for one jurisdiction; the history is the sequence of runs.</summary>
public sealed record ComplianceRun : Aggregate
{
    public string Jurisdiction { get; init; } = "";

    /// <summary>The moment the checks were evaluated as of (events dated later are ignored).</summary>
    public DateTime AsOf { get; init; }
    public DateTime RanAt { get; init; }
    public RunTrigger Trigger { get; init; }
    public string RanBy { get; init; } = "";
    public CheckResult[] Results { get; init; } = [];

    public CheckResult? ResultOf(string checkId) => Results.FirstOrDefault(r => r.CheckId == checkId);
}

/// <summary>Evaluates checks as of a moment, using only events dated up to it. Read-only.</summary>
public interface IComplianceEvaluator
{
    /// <summary>Every check of the catalogue, in catalogue order, for one jurisdiction.</summary>
    IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf);

    /// <summary>Only the given checks (e.g. <see cref="CheckCatalogue.Gate"/>), in the order given.</summary>
    IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks);
}

/// <summary>Stores check runs.</summary>
public interface IComplianceRunRepository
{
    /// <summary>Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<ComplianceRun> Save(ComplianceRun run);

    ComplianceRun? Latest(string jurisdiction);

    /// <summary>Runs whose <see cref="ComplianceRun.RanAt"/> lies in [from, to], oldest first.</summary>
    IReadOnlyList<ComplianceRun> History(string jurisdiction, DateTime from, DateTime to);
}
