using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.GateFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class TrainingRunRegisterTests(StoreProvider provider) : IDisposable
{
    private readonly GateFixture _f = new(provider);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void ARunIsRegisteredWhileTheGateIsOpen_NotUnderOverride_AndAudited()
    {
        var outcome = Ok(_f.Runs.Register(IngestKey, _f.Registration() with { SuppressionListSha256 = new string('A', 64) }));

        Assert.True(outcome.Created);
        var run = outcome.Run!;
        Assert.Equal("run-001", run.RunId);
        Assert.False(run.UnderOverride);
        Assert.Equal(new string('a', 64), run.SuppressionListSha256);
        Assert.Equal(_f.Now, run.RegisteredAt);
        Assert.Equal("API key 'pipeline'", run.RegisteredBy);
        Assert.Equal(["run-001"], _f.Runs.ForJurisdiction("UK").Select(r => r.RunId));
        Assert.Contains("suppression list 1234", Assert.Single(_f.Audit("training-run.registered")).Summary);
        Assert.Single(_f.GateRuns());
    }

    [Fact]
    public void ARegistrationIsRefusedWhileTheGateIsClosed_WithTheFailingChecks_AndTheRefusalIsStored()
    {
        _f.Evaluator.Set(CheckCatalogue.CoverageTargetReached, CheckOutcome.Fail);

        var outcome = Ok(_f.Runs.Register(IngestKey, _f.Registration()));

        Assert.True(outcome.Refused);
        Assert.Null(outcome.Run);
        Assert.Equal([4], outcome.Refusal!.FailingChecks.Select(c => c.Number));
        Assert.Empty(_f.Runs.ForJurisdiction("UK"));
        Assert.Null(_f.Runs.Find("run-001"));
        Assert.Single(_f.GateRuns());
        Assert.Contains("refused", Assert.Single(_f.Audit("gate.decision")).Summary);
        Assert.Empty(_f.Audit("training-run."));
    }

    [Fact]
    public void UnderAnOverride_TheRunIsRegisteredAndFlagged()
    {
        _f.Evaluator.CloseGate();
        _f.OverrideInForce();

        var run = Ok(_f.Runs.Register(IngestKey, _f.Registration())).Run!;

        Assert.True(run.UnderOverride);
        Assert.Contains("under gate override", Assert.Single(_f.Audit("training-run.registered")).Summary);
    }

    [Fact]
    public void AnIdenticalReRegistration_ReturnsTheStoredRun_AndChangesNothing()
    {
        var registration = _f.Registration();
        var first = Ok(_f.Runs.Register(IngestKey, registration)).Run!;
        _f.Clock.Advance(TimeSpan.FromMinutes(5));
        _f.Evaluator.CloseGate();
        var audit = _f.Audit("").Count;

        var again = Ok(_f.Runs.Register(IngestKey, registration));

        Assert.False(again.Created);
        Assert.False(again.Refused);
        Assert.Equal(first, again.Run);
        Assert.Equal(audit, _f.Audit("").Count);
    }

    [Fact]
    public void ADifferentRegistrationWithTheSameRunId_IsAConflict()
    {
        Ok(_f.Runs.Register(IngestKey, _f.Registration()));

        var clash = _f.Runs.Register(IngestKey, _f.Registration() with { SuppressionListSize = 1235 });

        Assert.Equal(FailureKind.Conflict, clash.Failure?.Kind);
        Assert.Contains("suppressionListSize 1234 ≠ 1235", clash.Failure!.Message);
        Assert.Equal(1234, _f.Runs.Find("run-001")!.SuppressionListSize);
    }

    [Fact]
    public void ARunsModelVersion_IsStoredTrimmedAndAudited_AndAnotherModelVersionUnderTheSameRunIdIsAConflict()
    {
        Ok(_f.Runs.Register(IngestKey, _f.Registration() with { ModelVersion = " m-7 " }));

        var clash = _f.Runs.Register(IngestKey, _f.Registration() with { ModelVersion = "m-8" });

        Assert.Equal("m-7", _f.Runs.Find("run-001")!.ModelVersion);
        Assert.Contains("; model version m-7", Assert.Single(_f.Audit("training-run.registered")).Summary);
        Assert.Equal(FailureKind.Conflict, clash.Failure?.Kind);
        Assert.Contains("modelVersion m-7 ≠ m-8", clash.Failure!.Message);
    }

    [Fact]
    public void ARunWithoutAModelVersion_IsStoredWithNone()
    {
        Ok(_f.Runs.Register(IngestKey, _f.Registration()));

        Assert.Equal("", _f.Runs.Find("run-001")!.ModelVersion);
    }

    [Fact]
    public void AnUnknownJurisdiction_IsNotFound()
    {
        var result = _f.Runs.Register(IngestKey, _f.Registration() with { Jurisdiction = "XX" });

        Assert.Equal(FailureKind.NotFound, result.Failure?.Kind);
        Assert.Empty(_f.GateRuns());
    }

    [Fact]
    public void EveryValidationProblemIsListed()
    {
        var result = _f.Runs.Register(IngestKey, new TrainingRunRegistration(
            " ", null, "", _f.Now.AddMinutes(1), _f.Now.AddDays(-1), "abc", -1, null));

        Assert.Equal(FailureKind.Validation, result.Failure?.Kind);
        var problems = result.Failure!.Details!;
        Assert.Equal(8, problems.Count);
        foreach (var field in new[] { "jurisdiction", "runId", "datasetSnapshotId", "dataCutoffAt", "suppressionListSha256", "suppressionListSize", "objectorsFoundAfterExclusion" })
            Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("objectionCutoffAt must not be before dataCutoffAt", StringComparison.Ordinal));
    }

    [Fact]
    public void CutOffsAtTheCurrentMomentAreAccepted_AndObjectionsCutOffAtTheDataCutOffIsAccepted()
    {
        var run = Ok(_f.Runs.Register(IngestKey, _f.Registration() with { DataCutoffAt = _f.Now, ObjectionCutoffAt = _f.Now })).Run!;

        Assert.Equal(_f.Now, run.DataCutoffAt);
    }

    [Fact]
    public void ObjectorsFoundAfterExclusion_AreRecorded_NotRefused_SoThatCheck13CanFlagThem()
    {
        var run = Ok(_f.Runs.Register(IngestKey, _f.Registration() with { ObjectorsFoundAfterExclusion = 3 })).Run!;

        Assert.Equal(3, run.ObjectorsFoundAfterExclusion);
    }

    [Fact]
    public void OnlyCallersWithTheIngestPermissionMayRegister()
    {
        foreach (var actor in new[] { Actor.ApiKey("k2", "reader", ApiScope.Read), _f.Legal, _f.Dpo, _f.Auditor })
            Assert.Equal(FailureKind.Forbidden, _f.Runs.Register(actor, _f.Registration()).Failure?.Kind);
        Assert.True(_f.Runs.Register(_f.Officer, _f.Registration()).Succeeded);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : TrainingRunRegisterTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : TrainingRunRegisterTests(StoreProvider.Postgres);
}
