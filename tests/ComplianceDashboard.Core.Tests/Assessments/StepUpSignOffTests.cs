using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using OtpNet;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

/// <summary>Approving an assessment re-authenticates the approver: the password, plus a code when they use MFA; the audit says how.</summary>
public sealed class StepUpSignOffTests
{
    private readonly AssessmentFixture _f = new();

    private string CodeNow(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(_f.Clock.Now.UtcDateTime);

    [Fact]
    public void Approve_WithoutMfa_RecordsThatThePasswordWasReEntered()
    {
        var approved = _f.Approved();

        Assert.EndsWith("; re-authenticated with a password", _f.Audit.Entries.Last(e => e.Action == "assessment.approved").Summary);
        Assert.Equal(AssessmentStatus.Approved, approved.FindVersion(1)!.Status);
    }

    [Fact]
    public void Approve_WithMfa_IsRefusedWithThePasswordAlone_AndNothingIsApproved()
    {
        var a = _f.InReview();
        _f.EnrolAuthenticator("legal@example.org");

        var result = _f.Service.Approve(_f.Legal, a.Id, 1, new Approval(Password));

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal(StepUp.CodeMissing, result.Failure.Message);
        Assert.Equal(AssessmentStatus.InReview, _f.Service.Find(a.Id)!.FindVersion(1)!.Status);
    }

    [Fact]
    public void Approve_WithMfa_AndAWrongCode_IsRefused_AuditedAndCountedTowardLockout()
    {
        var a = _f.InReview();
        var key = _f.EnrolAuthenticator("legal@example.org");
        var wrong = CodeNow(key) == "000000" ? "000001" : "000000";

        var result = _f.Service.Approve(_f.Legal, a.Id, 1, new Approval(Password, Code: wrong));

        Assert.Equal(SignInService.StepUpCodeFailure, result.Failure!.Message);
        Assert.Equal(AssessmentStatus.InReview, _f.Service.Find(a.Id)!.FindVersion(1)!.Status);
        Assert.Contains(_f.Audit.Entries, e => e is { Action: "stepup.failed", EntityType: AssessmentService.EntityType } && e.EntityId == a.Id);
        Assert.Equal(1, _f.SignIns.RecentFailures("legal@example.org"));
    }

    [Fact]
    public void Approve_WithMfa_AndTheRightCode_SignsOff_AndRecordsPasswordAndAuthenticatorCode()
    {
        var a = _f.InReview();
        var key = _f.EnrolAuthenticator("legal@example.org");

        var approved = Ok(_f.Service.Approve(_f.Legal, a.Id, 1, new Approval(Password, Code: CodeNow(key))));

        Assert.Equal(AssessmentStatus.Approved, approved.FindVersion(1)!.Status);
        Assert.EndsWith("; re-authenticated with a password and an authenticator code", _f.Audit.Entries.Last(e => e.Action == "assessment.approved").Summary);
    }
}
