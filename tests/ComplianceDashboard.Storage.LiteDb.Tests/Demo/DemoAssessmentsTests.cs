using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Demo;

public abstract class DemoAssessmentsTests : IDisposable
{
    private readonly TestStore _store;

    protected DemoAssessmentsTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: true);
        _store.Get<DemoProgramme>().Seed();
    }

    public void Dispose() => _store.Dispose();

    private Assessment Uk => _store.Get<AssessmentService>().Find(DemoAssessments.UkId)!;

    [Fact]
    public void TheUkAssessment_HasAnApprovedVersion_SupersedingAnEarlierOne_EachSignedOverItsExactContent()
    {
        var uk = Uk;

        Assert.Equal([AssessmentStatus.Superseded, AssessmentStatus.Approved], uk.Versions.Select(v => v.Status));
        Assert.Equal(2, uk.FindVersion(1)!.SupersededBy);
        Assert.All(uk.Versions, v =>
        {
            var signOff = Assert.Single(v.SignOffs);
            Assert.Equal(("Leo Legal", "Legal reviewer", SignOffDecision.Approved), (signOff.ByName, signOff.Role, signOff.Decision));
            Assert.Equal(AssessmentContent.Hash(uk.Id, v), signOff.ContentHash);
            Assert.DoesNotContain(signOff.ById, v.Editors);
        });
    }

    [Fact]
    public void EveryUkVersion_AnswersEveryQuestion_WithTheExclusionsAndObjectionSafeguards()
    {
        var current = Uk.InForce()!;

        Assert.All(Uk.Versions, v => Assert.Empty(AssessmentContent.MissingRequired(v)));
        Assert.All(QuestionCatalogue.All, q => Assert.False(string.IsNullOrWhiteSpace(current.AnswerTo(q.Key).Text), q.Key));
        Assert.Contains("Private messages and group chats", current.AnswerTo("S3").Items);
        Assert.Contains(current.AnswerTo("S3").Items, i => i.Contains("under 18"));
        Assert.Equal(true, current.AnswerTo("C-OPTOUT").Unconditional);
        Assert.Equal(SafeguardStatus.Verified, current.AnswerTo("SG-UNCONDITIONAL").Safeguard!.Status);
        Assert.Equal(SafeguardStatus.Verified, current.AnswerTo("SG-NO-RECONTACT").Safeguard!.Status);
        Assert.Equal(30, current.AnswerTo("SG-WINDOW").Safeguard!.Days);
        Assert.Equal(14, Uk.FindVersion(1)!.AnswerTo("SG-WINDOW").Safeguard!.Days);
    }

    [Fact]
    public void TheUkReview_IsDueWithinThirtyDays()
    {
        Assert.Equal(ReviewState.DueSoon, ReviewSchedule.StateOf(Uk, DateOnly.FromDateTime(_store.Clock.UtcDateTime)));
    }

    [Fact]
    public void TheEuAssessment_IsInChangesRequested_WithReviewerAndDpoComments()
    {
        var eu = _store.Get<AssessmentService>().Find(DemoAssessments.EuId)!;

        var v1 = Assert.Single(eu.Versions);
        Assert.Equal(AssessmentStatus.ChangesRequested, v1.Status);
        Assert.Contains(v1.Comments, c => c.QuestionKey == "A8" && c.AuthorRole == "Legal reviewer");
        Assert.Contains(v1.Comments, c => c.AuthorRole == "DPO");
        Assert.NotNull(v1.DpoAdvice);
        Assert.Contains("A8", AssessmentContent.MissingRequired(v1));
    }

    public sealed class OnLiteDb() : DemoAssessmentsTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : DemoAssessmentsTests(StoreProvider.Postgres);
}
