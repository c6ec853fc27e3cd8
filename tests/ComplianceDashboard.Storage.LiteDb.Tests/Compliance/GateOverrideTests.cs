using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.GateFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class GateOverrideTests : IDisposable
{
    private readonly GateFixture _f;

    protected GateOverrideTests(StoreProvider provider)
    {
        _f = new(provider);
        _f.Evaluator.CloseGate();
    }

    public void Dispose() => _f.Dispose();

    private void DpoAdvises() => Ok(_f.Overrides.RecordDpoAdvice(_f.Dpo, "UK", "I advise against it until SG-3 is verified."));

    [Fact]
    public void DpoAdviceThenTwoDifferentLegalReviewers_PutTheOverrideInForce_RecordingTheFailingChecks_AndEveryStepIsAudited()
    {
        DpoAdvises();
        var first = Ok(_f.Overrides.Approve(_f.Legal, "UK", Password, "Needed for the launch."));
        Assert.False(first.IsInForce());
        Assert.Null(_f.Gate.OverrideInForce("UK"));

        var second = Ok(_f.Overrides.Approve(_f.Legal2, "UK", Password, "Agreed with conditions."));

        Assert.True(second.IsInForce());
        Assert.Equal(["legal@example.org", "legal2@example.org"], second.Approvals.Select(a => a.ById["user:".Length..]));
        Assert.Equal(["Needed for the launch.", "Agreed with conditions."], second.Approvals.Select(a => a.Reason));
        Assert.Equal([3], second.FailingChecks.Select(c => c.Number));
        Assert.Equal("I advise against it until SG-3 is verified.", second.DpoAdvice!.Advice);
        Assert.True(_f.Gate.Verdict("UK")!.OverrideInForce);
        Assert.Single(_f.Audit("gate.dpo-advice-recorded"));
        Assert.Equal(2, _f.Audit("gate.override-approved").Count);
        Assert.Single(_f.Audit("gate.override-in-force"));
        Assert.Equal(2, _f.GateRuns().Count);
    }

    [Fact]
    public void TheSameLegalReviewerCannotApproveTwice()
    {
        DpoAdvises();
        Ok(_f.Overrides.Approve(_f.Legal, "UK", Password, "Needed."));

        var again = _f.Overrides.Approve(_f.Legal, "UK", Password, "Still needed.");

        Assert.Equal(FailureKind.Forbidden, again.Failure?.Kind);
        Assert.Contains("different legal reviewer", again.Failure!.Message);
        Assert.Single(_f.Gate.OpenOverride("UK")!.Approvals);
        Assert.Null(_f.Gate.OverrideInForce("UK"));
    }

    [Fact]
    public void OnlyLegalReviewersMayApprove_AndOnlyTheDpoMayAdvise()
    {
        DpoAdvises();

        foreach (var actor in new[] { _f.Officer, _f.Dpo, _f.Auditor, _f.Admin, IngestKey })
            Assert.Equal(FailureKind.Forbidden, _f.Overrides.Approve(actor, "UK", Password, "Let me.").Failure?.Kind);
        foreach (var actor in new[] { _f.Officer, _f.Legal, _f.Auditor, _f.Admin })
            Assert.Equal(FailureKind.Forbidden, _f.Overrides.RecordDpoAdvice(actor, "UK", "My advice.").Failure?.Kind);
        // The system actor holds every permission but is nobody who can re-enter a password.
        Assert.Equal(FailureKind.Forbidden, _f.Overrides.Approve(Actor.System, "UK", Password, "Automated.").Failure?.Kind);
        Assert.Empty(_f.Gate.OpenOverride("UK")!.Approvals);
    }

    [Fact]
    public void AWrongPassword_IsRefused_AndTheRefusalIsAudited()
    {
        DpoAdvises();

        var result = _f.Overrides.Approve(_f.Legal, "UK", "not-my-password", "Needed.");

        Assert.Equal(FailureKind.Unauthorized, result.Failure?.Kind);
        Assert.Empty(_f.Gate.OpenOverride("UK")!.Approvals);
        Assert.Empty(_f.Audit("gate.override-approved"));
        Assert.Contains("Wrong password", Assert.Single(_f.Audit("gate.override-refused")).Summary);
    }

    [Fact]
    public void ApprovalBeforeTheDpoAdvice_IsRefused()
    {
        var result = _f.Overrides.Approve(_f.Legal, "UK", Password, "Needed.");

        Assert.Equal(FailureKind.Validation, result.Failure?.Kind);
        Assert.Contains("DPO's advice", result.Failure!.Message);
        Assert.Empty(_f.Gate.Overrides("UK"));
        Assert.Empty(_f.GateRuns());
    }

    [Fact]
    public void AWrittenReasonIsRequired()
    {
        DpoAdvises();

        Assert.Equal(FailureKind.Validation, _f.Overrides.Approve(_f.Legal, "UK", Password, "  ").Failure?.Kind);
    }

    [Fact]
    public void NoOverrideIsAccepted_WhileTheGateIsOpen()
    {
        DpoAdvises();
        _f.Evaluator.PassEverything();

        var approval = _f.Overrides.Approve(_f.Legal, "UK", Password, "Needed.");
        var advice = _f.Overrides.RecordDpoAdvice(_f.Dpo, "UK", "New advice.");

        Assert.Equal(FailureKind.Validation, approval.Failure?.Kind);
        Assert.Contains("no override is needed", approval.Failure!.Message);
        Assert.Equal(FailureKind.Validation, advice.Failure?.Kind);
        Assert.Empty(_f.Gate.OpenOverride("UK")!.Approvals);
        Assert.Empty(_f.GateRuns());
    }

    [Fact]
    public void TheDpoMayReviseTheAdviceUntilTheFirstApproval()
    {
        DpoAdvises();
        Ok(_f.Overrides.RecordDpoAdvice(_f.Dpo, "UK", "Revised advice."));
        Assert.Equal("Revised advice.", _f.Gate.OpenOverride("UK")!.DpoAdvice!.Advice);
        Ok(_f.Overrides.Approve(_f.Legal, "UK", Password, "Needed."));

        Assert.Equal(FailureKind.Validation, _f.Overrides.RecordDpoAdvice(_f.Dpo, "UK", "Third thoughts.").Failure?.Kind);
        Assert.Single(_f.Gate.Overrides("UK"));
    }

    [Fact]
    public void ALegalReviewerMayRevokeTheOverride_WhichClosesTheGateAgain()
    {
        var inForce = _f.OverrideInForce();

        var revoked = Ok(_f.Overrides.Revoke(_f.Legal2, "UK", "SG-3 verification slipped."));

        Assert.Equal(inForce.Id, revoked.Id);
        Assert.False(revoked.IsInForce());
        Assert.Contains("SG-3 verification slipped.", revoked.EndReason);
        Assert.False(_f.Gate.Verdict("UK")!.Allows);
        Assert.Single(_f.Audit("gate.override-revoked"));
        Assert.Equal(FailureKind.Validation, _f.Overrides.Revoke(_f.Legal, "UK", "Again.").Failure?.Kind);
        Assert.Equal(FailureKind.Forbidden, _f.Overrides.Revoke(_f.Officer, "UK", "Not mine to revoke.").Failure?.Kind);
    }

    [Fact]
    public void AfterARevocation_ANewOverrideStartsFromTheDpoAdviceAgain()
    {
        _f.OverrideInForce();
        Ok(_f.Overrides.Revoke(_f.Legal, "UK", "Circumstances changed."));

        Assert.Equal(FailureKind.Validation, _f.Overrides.Approve(_f.Legal, "UK", Password, "Again.").Failure?.Kind);
        _f.OverrideInForce();

        Assert.Equal(2, _f.Gate.Overrides("UK").Count);
        Assert.NotNull(_f.Gate.OverrideInForce("UK"));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : GateOverrideTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : GateOverrideTests(StoreProvider.Postgres);
}
