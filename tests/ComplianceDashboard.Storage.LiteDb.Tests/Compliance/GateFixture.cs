using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

/// <summary>An evaluator whose outcomes the test decides: every check passes unless told otherwise.</summary>
public sealed class ScriptedEvaluator : IComplianceEvaluator
{
    private readonly Dictionary<string, CheckOutcome> _outcomes = new();

    public void Set(CheckDefinition check, CheckOutcome outcome) => _outcomes[check.Id] = outcome;

    public void CloseGate() => Set(CheckCatalogue.SafeguardsVerified, CheckOutcome.Fail);

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

/// <summary>A real store with the real gate services over it, a scripted evaluator, the UK jurisdiction and one user per role plus a second legal reviewer.</summary>
public sealed class GateFixture : IDisposable
{
    public const string Password = "correct-horse-battery-staple";
    private readonly TestStore _test;

    public GateFixture(StoreProvider provider = StoreProvider.LiteDb)
    {
        // After the core registrations, so the scripted evaluator replaces whichever one Core registers.
        _test = TestStore.Create(provider, demoMode: false, configure: services => services.AddSingleton<IComplianceEvaluator>(Evaluator));
        Assert.True(Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK").Succeeded);
        foreach (var (email, role) in new[]
                 {
                     ("officer@example.org", Role.ComplianceOfficer), ("legal@example.org", Role.LegalReviewer), ("legal2@example.org", Role.LegalReviewer),
                     ("dpo@example.org", Role.Dpo), ("auditor@example.org", Role.Auditor), ("admin@example.org", Role.Admin),
                 })
            Assert.True(Get<UserService>().Add(Actor.CommandLine, email, email.Split('@')[0], role, Password).Succeeded);
    }

    public ScriptedEvaluator Evaluator { get; } = new();
    public ManualClock Clock => _test.Clock;
    public DateTime Now => _test.Clock.UtcDateTime;

    public T Get<T>() where T : notnull => _test.Get<T>();

    public TrainingGate Gate => Get<TrainingGate>();
    public GateOverrideService Overrides => Get<GateOverrideService>();
    public TrainingRunService Runs => Get<TrainingRunService>();
    public JurisdictionService Jurisdictions => Get<JurisdictionService>();
    public Jurisdiction Uk => Jurisdictions.Find("UK")!;

    public Actor Officer => ActorFor("officer@example.org");
    public Actor Legal => ActorFor("legal@example.org");
    public Actor Legal2 => ActorFor("legal2@example.org");
    public Actor Dpo => ActorFor("dpo@example.org");
    public Actor Auditor => ActorFor("auditor@example.org");
    public Actor Admin => ActorFor("admin@example.org");
    public static Actor IngestKey => Actor.ApiKey("k1", "pipeline", ApiScope.Ingest);

    public Actor ActorFor(string email)
    {
        var user = Get<IUserRepository>().Find(email)!;
        return Actor.User(user.Email, user.DisplayName, user.Role);
    }

    public IReadOnlyList<AuditEntry> Audit(string actionPrefix) =>
        Get<IAuditLog>().ReadAll().Where(e => e.Action.StartsWith(actionPrefix, StringComparison.Ordinal)).ToList();

    public IReadOnlyList<ComplianceRun> GateRuns() =>
        Get<IComplianceRunRepository>().History("UK", DateTime.MinValue, DateTime.MaxValue).Where(r => r.Trigger == RunTrigger.GateDecision).ToList();

    public Result<Jurisdiction> StartTraining(Actor? actor = null) =>
        Jurisdictions.ChangeState(actor ?? Officer, "UK", Uk.Version, ProgrammeState.Training, "Gate checks reviewed; starting training.");

    /// <summary>DPO advice and two approvals: the override is in force.</summary>
    public GateOverride OverrideInForce()
    {
        Ok(Overrides.RecordDpoAdvice(Dpo, "UK", "Proceed only once safeguard SG-3 is verified within a week."));
        Ok(Overrides.Approve(Legal, "UK", Password, "Business-critical; SG-3 verification is scheduled."));
        return Ok(Overrides.Approve(Legal2, "UK", Password, "Agree, with weekly review."));
    }

    public TrainingRunRegistration Registration(string runId = "run-001") => new(
        "UK", runId, "snapshot-2026-01-10", Now.AddDays(-5), Now.AddDays(-4), new string('a', 64), 1234, 0);

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Failure?.Message + " " + string.Join("; ", result.Failure?.Details ?? []));
        return result.Value;
    }

    public void Dispose()
    {
        _test.Dispose();
    }
}
