using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class SegregationOfDutiesTests
{
    [Fact]
    public void Approve_IsRefused_WhenTheApproverEditedTheVersion()
    {
        var f = new AssessmentFixture();
        // Someone who drafted as an officer and was later made a legal reviewer holds both rights.
        var both = new Actor("user:legal@example.org", "Leo", RolePermissions.Of(Role.LegalReviewer).Append(Permission.DraftAssessments).ToHashSet());
        var a = f.Created();
        a = Ok(f.Service.SaveDraft(both, a.Id, a.Version, 1, CompleteContent()));
        Ok(f.Service.Submit(f.Officer, a.Id, 1));
        var before = f.Assessments.Find(a.Id);

        var result = f.Service.Approve(both, a.Id, 1, new Approval(Password));

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
        Assert.Contains("You edited version 1", result.Failure.Message);
        Assert.Equal(before, f.Assessments.Find(a.Id));
        Assert.True(f.Service.Approve(f.Legal2, a.Id, 1, new Approval(Password)).Succeeded);
    }

    [Fact]
    public void TheCreatorOfARevision_CountsAsAnEditor()
    {
        var f = new AssessmentFixture();
        var a = Ok(f.Service.Revise(f.Officer, f.Approved().Id, 1));

        Assert.Equal([f.Officer.Id], a.FindVersion(2)!.Editors);
    }

    [Theory]
    [InlineData(Role.ComplianceOfficer)]
    [InlineData(Role.Dpo)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void OnlyALegalReviewer_MayApprove(Role role)
    {
        var f = new AssessmentFixture();
        f.AddUser("someone@example.org", role);
        var a = f.InReview();

        var result = f.Service.Approve(f.ActorFor("someone@example.org"), a.Id, 1, new Approval(Password));

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
        Assert.Equal(AssessmentStatus.InReview, f.Assessments.Find(a.Id)!.FindVersion(1)!.Status);
    }

    [Fact]
    public void Approve_IsRefused_ForAWrongPassword_AndNothingChanges()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();
        var audit = f.Audit.Entries.Count;

        var result = f.Service.Approve(f.Legal, a.Id, 1, new Approval("not-my-password"));

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Contains("password", result.Failure.Message);
        Assert.Equal(a, f.Assessments.Find(a.Id));
        Assert.Equal(audit, f.Audit.Entries.Count);
    }

    [Fact]
    public void Approve_IsRefused_ForAnActorThatIsNotAPerson()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        Assert.Equal(FailureKind.Forbidden, f.Service.Approve(Actor.CommandLine, a.Id, 1, new Approval(Password)).Failure!.Kind);
    }

    [Theory]
    [InlineData(Role.Auditor)]
    [InlineData(Role.LegalReviewer)]
    [InlineData(Role.Dpo)]
    [InlineData(Role.Admin)]
    public void OnlyAComplianceOfficer_MayCreateEditOrSubmit(Role role)
    {
        var f = new AssessmentFixture();
        f.AddUser("someone@example.org", role);
        var actor = f.ActorFor("someone@example.org");
        var a = f.Drafted();

        Assert.Equal(FailureKind.Forbidden, f.Service.Create(actor, "Mine", ["UK"]).Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, f.Service.SaveDraft(actor, a.Id, a.Version, 1, CompleteContent("Mine")).Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, f.Service.Submit(actor, a.Id, 1).Failure!.Kind);
        Assert.Equal(a, f.Assessments.Find(a.Id));
    }

    [Fact]
    public void TheDpo_Advises_ButNeitherRequestsChangesNorApproves()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        Assert.True(f.Service.RecordDpoAdvice(f.Dpo, a.Id, 1, "Extend the objection window to 30 days.").Succeeded);
        Assert.Equal(FailureKind.Forbidden, f.Service.RequestChanges(f.Dpo, a.Id, 1, "No").Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, f.Service.Approve(f.Dpo, a.Id, 1, new Approval(Password)).Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, f.Service.RecordDpoAdvice(f.Legal, a.Id, 1, "advice").Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, f.Service.Comment(f.Officer, a.Id, 1, "A1", "note").Failure!.Kind);
    }

    [Fact]
    public void WhenTheDpoAdvised_TheApproverRecordsWhetherTheAdviceWasFollowed_AndWhyNot()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();
        Ok(f.Service.RecordDpoAdvice(f.Dpo, a.Id, 1, "Wait for the DPC's view before training."));

        var silent = f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password));
        var noReason = f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password, DpoAdviceFollowed: false));
        var approved = Ok(f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password, false, "The UK regulator has engaged; the EU is out of scope.")));

        Assert.Equal(FailureKind.Validation, silent.Failure!.Kind);
        Assert.Equal(FailureKind.Validation, noReason.Failure!.Kind);
        var v1 = approved.FindVersion(1)!;
        Assert.False(v1.DpoAdviceFollowed);
        Assert.Equal("The UK regulator has engaged; the EU is out of scope.", v1.DpoAdviceNotFollowedReason);
        Assert.Contains("DPO advice not followed", f.Audit.Entries[^1].Summary);
    }
}
