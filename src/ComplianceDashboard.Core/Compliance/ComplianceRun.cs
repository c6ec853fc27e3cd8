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

/// <summary>Which records an evaluation as of T reads.</summary>
public enum AsOfCut
{
    /// <summary>Events dated up to T, whenever they were recorded: monitoring now, and what the records say about a past moment.</summary>
    EventsUpToT,

    /// <summary>
    /// Also only what had been recorded by T (campaigns, cohorts, commitments, recorded chain heads), as an evidence pack as of T reads
    /// the store (docs/evidence-packs.md, "What belongs to a pack as of T"): what could have been known at T, the same whenever it is asked.
    /// </summary>
    RecordedByT,
}

/// <summary>Evaluates checks as of a moment, using only events dated up to it. Read-only.</summary>
public interface IComplianceEvaluator
{
    /// <summary>Every check of the catalogue, in catalogue order, for one jurisdiction.</summary>
    IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf);

    /// <summary>Only the given checks (e.g. <see cref="CheckCatalogue.Gate"/>), in the order given.</summary>
    IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks);

    /// <summary>Every check of the catalogue with the given cut (an evidence pack's retrospective evaluation uses <see cref="AsOfCut.RecordedByT"/>).</summary>
    IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, AsOfCut cut);
}

/// <summary>Stores check runs.</summary>
public interface IComplianceRunRepository
{
    /// <summary>Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<ComplianceRun> Save(ComplianceRun run);

    ComplianceRun? Latest(string jurisdiction);

    /// <summary>Every stored run, by id (moving a store).</summary>
    IReadOnlyList<ComplianceRun> All();

    /// <summary>Runs whose <see cref="ComplianceRun.RanAt"/> lies in [from, to], oldest first.</summary>
    IReadOnlyList<ComplianceRun> History(string jurisdiction, DateTime from, DateTime to);
}
