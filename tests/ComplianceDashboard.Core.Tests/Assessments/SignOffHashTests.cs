using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class SignOffHashTests
{
    [Fact]
    public void Approval_RecordsASignOff_WithWhoRoleWhenDecisionAndTheHashOfTheExactVersion()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();
        var expected = CanonicalJson.Sha256Hex(AssessmentContent.Canonical(a.Id, a.FindVersion(1)!));

        var v1 = Ok(f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password))).FindVersion(1)!;

        var signOff = Assert.Single(v1.SignOffs);
        Assert.Equal((f.Legal.Id, "Legal reviewer", SignOffDecision.Approved, f.Clock.Now.UtcDateTime), (signOff.ById, signOff.Role, signOff.Decision, signOff.At));
        Assert.Equal(expected, signOff.ContentHash);
        Assert.Equal(expected, v1.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", expected);
        // The approved version still hashes to what was signed: status and sign-offs are not content.
        Assert.Equal(expected, AssessmentContent.Hash(a.Id, v1));
    }

    [Fact]
    public void TheCanonicalContent_CarriesItsSchemaVersion_AndEveryQuestionKey()
    {
        var f = new AssessmentFixture();
        var a = f.Drafted();

        var json = AssessmentContent.Canonical(a.Id, a.FindVersion(1)!);

        Assert.StartsWith("{\"$schema\":\"assessment-version/v2\"", json);
        Assert.Contains("\"template\":{\"id\":\"ico-legitimate-interests\",\"version\":1}", json);
        Assert.All(QuestionCatalogue.All, q => Assert.Contains($"\"{q.Key}\":", json));
    }

    [Fact]
    public void AnyChangeToAnAnswer_ChangesTheHash_ButTheOrderOfAnswersDoesNot()
    {
        var f = new AssessmentFixture();
        var v = f.Drafted().FindVersion(1)!;
        var hash = AssessmentContent.Hash("lia-1", v);

        var reordered = v with { Answers = v.Answers.Reverse().ToArray() };
        var oneWord = v with { Answers = v.Answers.Select(x => x.Key == "C-POWER" ? x with { Text = x.Text + " Indeed." } : x).ToArray() };
        var oneFlag = v with { Answers = v.Answers.Select(x => x.Key == "SG-EXCLUSIONS" ? x with { Safeguard = x.Safeguard! with { RequiredBeforeTraining = false } } : x).ToArray() };

        Assert.Equal(hash, AssessmentContent.Hash("lia-1", reordered));
        Assert.NotEqual(hash, AssessmentContent.Hash("lia-1", oneWord));
        Assert.NotEqual(hash, AssessmentContent.Hash("lia-1", oneFlag));
        Assert.NotEqual(hash, AssessmentContent.Hash("lia-2", v));
    }

    [Fact]
    public void RequestingChanges_SignsTheVersionAsReviewed_WithoutApprovingIt()
    {
        var f = new AssessmentFixture();

        var v1 = f.ChangesRequested().FindVersion(1)!;

        var signOff = Assert.Single(v1.SignOffs);
        Assert.Equal(SignOffDecision.ChangesRequested, signOff.Decision);
        Assert.Equal("", v1.ContentHash);
        Assert.Null(v1.ApprovedAt);
    }
}
