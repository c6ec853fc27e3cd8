using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>A check that was not failing in the previous run of its jurisdiction and fails in the latest.</summary>
public sealed record TurnedRed(string Jurisdiction, CheckResult Result, CheckOutcome? Before, DateTime RanAt);

/// <summary>Running the checks (on demand, on a schedule, at gate decisions), storing each run, and reading runs back.</summary>
public sealed class ComplianceService(
    IComplianceEvaluator evaluator, IComplianceRunRepository runs, IJurisdictionRepository jurisdictions,
    IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "ComplianceRun";

    /// <summary>How far back <see cref="TurnedRedSincePreviousRun"/> looks for the previous run.</summary>
    public static readonly TimeSpan PreviousRunWindow = TimeSpan.FromDays(366);

    /// <summary>
    /// Evaluates every check for one jurisdiction as of <paramref name="asOf"/> (default now) outside the writer, then
    /// stores the run and audits it in one write. On demand needs RunComplianceChecks; scheduled runs are the system's;
    /// gate-decision runs are authorised by the gate's own use case.
    /// </summary>
    public Result<ComplianceRun> Run(Actor actor, string jurisdiction, RunTrigger trigger, DateTime? asOf = null)
    {
        if (Authorise(actor, trigger) is { } denied) return denied;
        var code = jurisdiction.Trim().ToUpperInvariant();
        if (jurisdictions.Find(code) is null) return Failure.NotFound($"Jurisdiction {code} does not exist.");
        var now = clock.UtcNowMs();
        if (asOf is { } requested && (requested.Kind != DateTimeKind.Utc || requested > now))
            return Failure.Validation("The as-of time must be a UTC time that is not in the future.");
        var at = asOf is { } t ? TimeProviderExtensions.TruncateToMs(t) : now;
        var run = new ComplianceRun
        {
            Id = $"{code}-{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}"[..40],
            Jurisdiction = code, AsOf = at, RanAt = now, Trigger = trigger, RanBy = actor.DisplayName,
            Results = evaluator.Evaluate(code, at).ToArray(),
        };
        return store.Write(() =>
        {
            var saved = runs.Save(run);
            if (saved.Succeeded)
                audit.Append(actor, "compliance.checks-run", EntityType, run.Id, Summarise(run));
            return saved;
        });
    }

    /// <summary>Runs every jurisdiction's checks; stops at the first failure.</summary>
    public Result<IReadOnlyList<ComplianceRun>> RunAll(Actor actor, RunTrigger trigger)
    {
        if (Authorise(actor, trigger) is { } denied) return denied;
        var done = new List<ComplianceRun>();
        foreach (var j in jurisdictions.All().OrderBy(j => j.Code, StringComparer.Ordinal))
        {
            var run = Run(actor, j.Code, trigger);
            if (!run.Succeeded) return run.Failure!;
            done.Add(run.Value);
        }
        return done;
    }

    /// <summary>Evaluates without storing anything (the API and previews).</summary>
    public Result<IReadOnlyList<CheckResult>> Evaluate(Actor actor, string jurisdiction, DateTime asOf)
    {
        if (actor.Require(Permission.ViewProgramme) is { } denied) return denied;
        var code = jurisdiction.Trim().ToUpperInvariant();
        if (jurisdictions.Find(code) is null) return Failure.NotFound($"Jurisdiction {code} does not exist.");
        return Result<IReadOnlyList<CheckResult>>.Ok(evaluator.Evaluate(code, asOf));
    }

    public ComplianceRun? Latest(string jurisdiction) => runs.Latest(jurisdiction.ToUpperInvariant());

    /// <summary>Runs between <paramref name="from"/> and <paramref name="to"/> (default: the last year), oldest first.</summary>
    public IReadOnlyList<ComplianceRun> History(string jurisdiction, DateTime? from = null, DateTime? to = null)
    {
        var end = to ?? clock.UtcNowMs();
        return runs.History(jurisdiction.ToUpperInvariant(), from ?? end - PreviousRunWindow, end);
    }

    /// <summary>The checks failing in the latest run that did not fail in the run before it (every failure of a first run).</summary>
    public IReadOnlyList<TurnedRed> TurnedRedSincePreviousRun(string jurisdiction)
    {
        var latest = Latest(jurisdiction);
        if (latest is null) return [];
        var previous = runs.History(latest.Jurisdiction, latest.RanAt - PreviousRunWindow, latest.RanAt)
            .LastOrDefault(r => r.Id != latest.Id);
        return latest.Results
            .Where(r => r.Outcome == CheckOutcome.Fail)
            .Select(r => (Result: r, Before: previous?.ResultOf(r.CheckId)?.Outcome))
            .Where(x => x.Before != CheckOutcome.Fail)
            .Select(x => new TurnedRed(latest.Jurisdiction, x.Result, x.Before, latest.RanAt))
            .ToList();
    }

    public static string Summarise(ComplianceRun run)
    {
        int Count(CheckOutcome o) => run.Results.Count(r => r.Outcome == o);
        var failing = run.Results.Where(r => r.Outcome == CheckOutcome.Fail).Select(r => r.CheckId).ToList();
        return $"{run.Jurisdiction} ({run.Trigger}) as of {run.AsOf:yyyy-MM-ddTHH:mm:ss.fffZ}: {Count(CheckOutcome.Pass)} pass, " +
               $"{Count(CheckOutcome.Warning)} warning, {Count(CheckOutcome.Fail)} fail" + (failing.Count > 0 ? $" ({string.Join(", ", failing)})" : "");
    }

    private static Failure? Authorise(Actor actor, RunTrigger trigger) => trigger switch
    {
        RunTrigger.Scheduled => actor.Id == Actor.System.Id ? null : Failure.Forbidden("Only the system runs scheduled checks."),
        RunTrigger.OnDemand => actor.Require(Permission.RunComplianceChecks),
        _ => null,
    };
}

/// <summary>A change of a check's outcome between consecutive stored runs.</summary>
public sealed record CheckTransition(DateTime RanAt, DateTime AsOf, CheckOutcome? From, CheckOutcome To, string Measured);

/// <summary>The history of one check: when it turned red and when it recovered.</summary>
public static class CheckTimeline
{
    /// <summary>The first run's outcome and then every change, from runs ordered oldest first.</summary>
    public static IReadOnlyList<CheckTransition> Transitions(IEnumerable<ComplianceRun> runsOldestFirst, string checkId)
    {
        var changes = new List<CheckTransition>();
        CheckOutcome? last = null;
        foreach (var run in runsOldestFirst)
        {
            if (run.ResultOf(checkId) is not { } result || result.Outcome == last) continue;
            changes.Add(new CheckTransition(run.RanAt, run.AsOf, last, result.Outcome, result.Measured));
            last = result.Outcome;
        }
        return changes;
    }
}
