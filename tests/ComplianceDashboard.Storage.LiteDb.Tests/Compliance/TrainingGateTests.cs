using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.GateFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class TrainingGateTests(StoreProvider provider) : IDisposable
{
    private readonly GateFixture _f = new(provider);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Verdict_IsOpen_WhenEveryGateCheckPasses()
    {
        var verdict = _f.Gate.Verdict("uk")!;

        Assert.True(verdict.Open);
        Assert.Empty(verdict.FailingChecks);
        Assert.Equal(CheckCatalogue.Gate.Select(c => c.Id), verdict.Results.Select(r => r.CheckId));
    }

    [Fact]
    public void Verdict_IsClosed_WhenAGateCheckFailsOrOnlyWarns_AndListsEachWithItsNumberTitleAndExplanation()
    {
        _f.Evaluator.Set(CheckCatalogue.SafeguardsVerified, CheckOutcome.Fail);
        _f.Evaluator.Set(CheckCatalogue.ObjectionsHonouredBeforeTraining, CheckOutcome.Warning);
        _f.Evaluator.Set(CheckCatalogue.AuditChainIntact, CheckOutcome.Fail); // not a gate check

        var verdict = _f.Gate.Verdict("UK")!;

        Assert.False(verdict.Open);
        Assert.False(verdict.Allows);
        Assert.Equal([3, 9], verdict.FailingChecks.Select(f => f.Number));
        var first = verdict.FailingChecks[0];
        Assert.Equal(CheckCatalogue.SafeguardsVerified.Title, first.Title);
        Assert.Equal(CheckOutcome.Fail, first.Outcome);
        Assert.Equal("scripted fail of safeguards-verified", first.Explanation);
    }

    [Fact]
    public void Verdict_IsNull_ForAnUnknownJurisdiction() => Assert.Null(_f.Gate.Verdict("XX"));

    [Fact]
    public void StartingTraining_IsRefusedWhileTheGateIsClosed_ListingEachFailingCheck_AndTheRefusalIsStoredAndAudited()
    {
        _f.Evaluator.Set(CheckCatalogue.ApprovedAssessmentInForce, CheckOutcome.Fail);
        _f.Evaluator.Set(CheckCatalogue.DeliveryDataComplete, CheckOutcome.Warning);
        var before = _f.Uk;

        var result = _f.StartTraining();

        Assert.False(result.Succeeded);
        Assert.Equal(FailureKind.Conflict, result.Failure!.Kind);
        Assert.Contains("gate is closed", result.Failure.Message);
        Assert.Equal(2, result.Failure.Details!.Count);
        Assert.StartsWith("Check 1 (fail): " + CheckCatalogue.ApprovedAssessmentInForce.Title, result.Failure.Details[0]);
        Assert.StartsWith("Check 7 (warning): " + CheckCatalogue.DeliveryDataComplete.Title, result.Failure.Details[1]);
        Assert.Equal(before.State, _f.Uk.State);
        Assert.Equal(before.Version, _f.Uk.Version);
        var run = Assert.Single(_f.GateRuns());
        Assert.Equal(CheckOutcome.Fail, run.ResultOf(CheckCatalogue.ApprovedAssessmentInForce.Id)!.Outcome);
        Assert.Equal(CheckCatalogue.All.Select(c => c.Id), run.Results.Select(r => r.CheckId));
        var decision = Assert.Single(_f.Audit("gate.decision"));
        Assert.Contains("Training start", decision.Summary);
        Assert.Contains("refused", decision.Summary);
        Assert.Empty(_f.Audit("jurisdiction.state-changed"));
    }

    [Fact]
    public void StartingTraining_IsAllowedWhenTheGateIsOpen_SetsTheActualTrainingStart_AndStoresTheDecision()
    {
        var result = _f.StartTraining();

        var uk = Ok(result);
        Assert.Equal(ProgrammeState.Training, uk.State);
        Assert.Equal(DateOnly.FromDateTime(_f.Now), uk.ActualTrainingStart);
        Assert.Single(_f.GateRuns());
        Assert.Contains("allowed (gate open)", Assert.Single(_f.Audit("gate.decision")).Summary);
        Assert.Single(_f.Audit("jurisdiction.state-changed"));
    }

    [Fact]
    public void StartingTraining_KeepsAnActualTrainingStartAlreadySet()
    {
        var set = new DateOnly(2026, 1, 2);
        Ok(_f.Jurisdictions.Update(Actor.System, "UK", _f.Uk.Version, JurisdictionDetails.From(_f.Uk) with { ActualTrainingStart = set }));

        Assert.Equal(set, Ok(_f.StartTraining()).ActualTrainingStart);
    }

    [Fact]
    public void StartingTraining_NeedsTheRequestTrainingStartPermission_AsWellAsChangingState()
    {
        var stateOnly = new Actor("user:x@example.org", "X", new HashSet<Permission> { Permission.ChangeJurisdictionState });

        var result = _f.StartTraining(stateOnly);

        Assert.Equal(FailureKind.Forbidden, result.Failure?.Kind);
        Assert.Contains(nameof(Permission.RequestTrainingStart), result.Failure!.Message);
        Assert.Empty(_f.GateRuns());
    }

    [Fact]
    public void OtherStateChanges_DoNotConsultTheGate()
    {
        _f.Evaluator.CloseGate();

        Ok(_f.Jurisdictions.ChangeState(_f.Officer, "UK", _f.Uk.Version, ProgrammeState.Notifying, "Notices out."));

        Assert.Empty(_f.GateRuns());
        Assert.Empty(_f.Audit("gate."));
    }

    [Fact]
    public void AnOverrideInForce_LetsTrainingStartWhileTheGateIsClosed_AndTheDecisionSaysSo()
    {
        _f.Evaluator.CloseGate();
        var inForce = _f.OverrideInForce();

        var uk = Ok(_f.StartTraining());

        Assert.Equal(ProgrammeState.Training, uk.State);
        var verdict = _f.Gate.Verdict("UK")!;
        Assert.False(verdict.Open);
        Assert.True(verdict.OverrideInForce);
        Assert.Equal(inForce.Id, _f.Gate.OverrideInForce("UK")?.Id);
        Assert.Contains($"allowed under override {inForce.Id}", _f.Audit("gate.decision").Last().Summary);
    }

    [Fact]
    public void LeavingTraining_EndsTheOverride()
    {
        _f.Evaluator.CloseGate();
        var inForce = _f.OverrideInForce();
        Ok(_f.StartTraining());

        Ok(_f.Jurisdictions.ChangeState(_f.Officer, "UK", _f.Uk.Version, ProgrammeState.Paused, "Regulator asked us to pause."));

        Assert.Null(_f.Gate.OverrideInForce("UK"));
        var ended = _f.Gate.Overrides("UK").Single();
        Assert.Equal(inForce.Id, ended.Id);
        Assert.Contains("left Training", ended.EndReason);
        Assert.Single(_f.Audit("gate.override-ended"));
        Assert.False(_f.StartTraining().Succeeded);
        Assert.Single(_f.Gate.OverridesInForceDuring("UK", ended.InForceSince!.Value, ended.EndedAt!.Value));
        Assert.Empty(_f.Gate.OverridesInForceDuring("UK", ended.EndedAt!.Value.AddMilliseconds(1), DateTime.MaxValue));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : TrainingGateTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : TrainingGateTests(StoreProvider.Postgres);
}
