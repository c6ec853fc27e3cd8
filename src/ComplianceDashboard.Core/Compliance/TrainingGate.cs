using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>What the gate says for one jurisdiction at one moment: the gate checks' results and any override in force.</summary>
public sealed record GateVerdict(string Jurisdiction, DateTime AsOf, IReadOnlyList<CheckResult> Results, GateOverride? Override)
{
    /// <summary>Every gate check passes or does not apply (a warning does not count as passing).</summary>
    public bool Open => Results.All(r => r.Outcome.LetsTrainingStart());

    public bool OverrideInForce => Override?.IsInForce() == true;

    /// <summary>Training may start, or a run be registered: the gate is open or an override is in force.</summary>
    public bool Allows => Open || OverrideInForce;

    public IReadOnlyList<GateCheckFailure> FailingChecks =>
        Results.Where(r => !r.Outcome.LetsTrainingStart()).Select(GateCheckFailure.From).ToList();

    public string Describe() => Open ? "open"
        : OverrideInForce ? $"closed, overridden ({FailingChecks.Count} failing: {Numbers()})"
        : $"closed ({FailingChecks.Count} failing: {Numbers()})";

    private string Numbers() => string.Join(", ", FailingChecks.Select(f => f.Number));
}

/// <summary>What asked the gate: the decision a stored gate run belongs to.</summary>
public enum GateDecisionKind
{
    TrainingStart,
    TrainingRunRegistration,
    OverrideApproval,
}

/// <summary>
/// The pre-training gate (issue 6): checks 1–7, 9 and 15 must pass (or not apply) now, or an override must be in force, before a
/// jurisdiction moves to Training or a training run is registered. Every decision stores a compliance run
/// (trigger <see cref="RunTrigger.GateDecision"/>) and an audit entry in the transaction of the decision.
/// </summary>
public sealed class TrainingGate(
    IComplianceEvaluator evaluator, IComplianceRunRepository runs, IGateOverrideRepository overrides,
    IJurisdictionRepository jurisdictions, IAuditLog audit, TimeProvider clock)
{
    public const string EntityType = "TrainingGate";

    /// <summary>The gate now for a jurisdiction, or null when there is no such jurisdiction. Read-only.</summary>
    public GateVerdict? Verdict(string jurisdiction)
    {
        var code = jurisdiction.Trim().ToUpperInvariant();
        return jurisdictions.Find(code) is null ? null : Evaluate(code, clock.UtcNowMs());
    }

    /// <summary>The override in force for the jurisdiction now, if any (for the Overview and evidence packs).</summary>
    public GateOverride? OverrideInForce(string jurisdiction) =>
        overrides.ForJurisdiction(jurisdiction.Trim().ToUpperInvariant()).LastOrDefault(o => o.IsInForce());

    /// <summary>The jurisdiction's override that has not ended (awaiting advice or approvals, or in force), if any.</summary>
    public GateOverride? OpenOverride(string jurisdiction) =>
        overrides.ForJurisdiction(jurisdiction.Trim().ToUpperInvariant()).LastOrDefault(o => o.IsOpen());

    /// <summary>Every override of the jurisdiction, oldest first, ended ones included.</summary>
    public IReadOnlyList<GateOverride> Overrides(string jurisdiction) =>
        overrides.ForJurisdiction(jurisdiction.Trim().ToUpperInvariant());

    /// <summary>The overrides that were in force at any moment of [from, to]: an evidence pack for the period must flag them.</summary>
    public IReadOnlyList<GateOverride> OverridesInForceDuring(string jurisdiction, DateTime from, DateTime to) =>
        Overrides(jurisdiction).Where(o => o.WasInForceDuring(from, to)).ToList();

    /// <summary>
    /// Evaluates the gate now, stores the evaluation as a gate-decision run and audits the decision.
    /// Only valid inside <see cref="IUnitOfWork.Write{T}"/>; the caller acts on <see cref="GateVerdict.Allows"/>.
    /// </summary>
    public Result<GateVerdict> Decide(Actor actor, string jurisdiction, GateDecisionKind kind, string subject)
    {
        var now = clock.UtcNowMs();
        // The stored run holds the whole catalogue, like scheduled and on-demand runs, so the history and the
        // latest run stay complete; the verdict reads only the gate checks.
        var all = evaluator.Evaluate(jurisdiction, now);
        var verdict = new GateVerdict(jurisdiction, now, GateResults(jurisdiction, now, all), OverrideInForce(jurisdiction));
        var run = runs.Save(new ComplianceRun
        {
            Id = $"gate-{jurisdiction.ToLowerInvariant()}-{Guid.NewGuid():N}",
            Jurisdiction = jurisdiction,
            AsOf = now,
            RanAt = now,
            Trigger = RunTrigger.GateDecision,
            RanBy = actor.DisplayName,
            Results = all.ToArray(),
        });
        if (!run.Succeeded) return run.Failure!;
        var outcome = kind == GateDecisionKind.OverrideApproval
            ? (verdict.Open ? "gate already open" : "gate closed")
            : verdict.Open ? "allowed (gate open)"
            : verdict.OverrideInForce ? $"allowed under override {verdict.Override!.Id}"
            : "refused";
        audit.Append(actor, "gate.decision", EntityType, jurisdiction,
            $"{Describe(kind)} {subject}: {outcome}; gate {verdict.Describe()}; stored as check run {run.Value.Id}");
        return verdict;
    }

    /// <summary>Ends the jurisdiction's open override, if any. Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    public Result<GateOverride?> EndOpenOverride(Actor actor, string jurisdiction, string reason, string action = "gate.override-ended")
    {
        if (OpenOverride(jurisdiction) is not { } open) return Result<GateOverride?>.Ok(null);
        var ended = overrides.Save(open with { EndedAt = clock.UtcNowMs(), EndedBy = actor.DisplayName, EndReason = reason });
        if (!ended.Succeeded) return ended.Failure!;
        audit.Append(actor, action, EntityType, jurisdiction, $"Override {open.Id} ({(open.IsInForce() ? "in force" : open.Describe())}) ended: {reason}");
        return ended.Value;
    }

    private GateVerdict Evaluate(string code, DateTime now) =>
        new(code, now, GateResults(code, now, evaluator.Evaluate(code, now, CheckCatalogue.Gate)), OverrideInForce(code));

    /// <summary>The gate checks' results in catalogue order; a gate check the evaluator did not report counts as not passing.</summary>
    private static CheckResult[] GateResults(string code, DateTime now, IReadOnlyList<CheckResult> results) =>
        CheckCatalogue.Gate.Select(check => results.FirstOrDefault(r => r.CheckId == check.Id) ?? new CheckResult
        {
            CheckId = check.Id, Jurisdiction = code, AsOf = now, Outcome = CheckOutcome.Warning,
            Measured = "not evaluated", Threshold = "pass", Explanation = "not evaluated",
        }).ToArray();

    private static string Describe(GateDecisionKind kind) => kind switch
    {
        GateDecisionKind.TrainingStart => "Training start",
        GateDecisionKind.TrainingRunRegistration => "Training run registration",
        GateDecisionKind.OverrideApproval => "Override approval",
        _ => kind.ToString(),
    };
}
