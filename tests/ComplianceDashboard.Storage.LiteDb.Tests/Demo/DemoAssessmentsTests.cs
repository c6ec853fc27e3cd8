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
    public void TheUkAssessment_StaysOnTheIcoTemplate_AndSaysTheOpinionDoesNotBindTheIco()
    {
        Assert.All(Uk.Versions, v => Assert.Same(AssessmentTemplates.IcoLegitimateInterests, v.Template()));
        Assert.Contains("does not bind the ICO", Uk.InForce()!.AnswerTo("A9").Text);
    }

    [Fact]
    public void TheEuAssessment_WasSentBackWithComments_ThenWithdrawnForAVersionOnTheAiTemplate()
    {
        var eu = _store.Get<AssessmentService>().Find(DemoAssessments.EuId)!;

        var v1 = eu.FindVersion(1)!;
        Assert.Equal(AssessmentStatus.Withdrawn, v1.Status);
        Assert.Contains(v1.History, h => h.To == AssessmentStatus.ChangesRequested);
        Assert.Contains(v1.Comments, c => c.QuestionKey == "A8" && c.AuthorRole == "Legal reviewer");
        Assert.Contains(v1.Comments, c => c.AuthorRole == "DPO");
        Assert.Contains("A8", AssessmentContent.MissingRequired(v1));
        Assert.Same(AssessmentTemplates.IcoLegitimateInterests, v1.Template());
    }

    [Fact]
    public void TheEuVersionOnTheAiTemplate_IsComplete_ApprovedByAReviewerWhoDidNotEditIt_AndCitesTheGuidelinesWithTheOpinion()
    {
        var eu = _store.Get<AssessmentService>().Find(DemoAssessments.EuId)!;

        var v2 = eu.InForce()!;
        Assert.Equal(2, v2.Number);
        Assert.Same(AssessmentTemplates.AiModelDevelopment, v2.Template());
        Assert.Empty(AssessmentContent.MissingRequired(v2));
        var signOff = Assert.Single(v2.SignOffs);
        Assert.DoesNotContain(signOff.ById, v2.Editors);
        Assert.True(AssessmentContent.Verifies(eu.Id, v2));
        Assert.Contains(v2.History, h => h.To == AssessmentStatus.InReview);
        Assert.Contains("Guidelines 1/2024", v2.AnswerTo("A9").Text);
        Assert.Contains("Opinion 28/2024", v2.AnswerTo("A9").Text);
        Assert.NotEmpty(AssessmentContent.ReliedOnMitigations(v2));
        Assert.All(AssessmentContent.ReliedOnMitigations(v2), m => Assert.Equal(SafeguardStatus.Verified, m.Value.Status));
        Assert.Contains(AssessmentContent.Safeguards(v2), s => s.Value is { BeyondLegalDuty: true, ReliedOnInBalancing: false });
    }

    [Fact]
    public void TheDiffAcrossTheTemplates_ShowsTheAiTemplatesQuestionsAsAdded()
    {
        var diff = _store.Get<AssessmentService>().Diff(DemoAssessments.EuId, 1, 2).Value;

        Assert.True(diff.TemplateChanged);
        Assert.Equal(AssessmentTemplates.AiAdditions.Select(q => q.Key), diff.QuestionsAdded.Select(q => q.Key));
        Assert.Equal(ChangeKind.Added, diff.Questions.Single(q => q.Question.Key == "SG-PSEUDONYMISATION").Change);
        Assert.Equal(ChangeKind.Added, diff.Questions.Single(q => q.Question.Key == "C-EXP-PUBLIC").Change);
    }

    public sealed class OnLiteDb() : DemoAssessmentsTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : DemoAssessmentsTests(StoreProvider.Postgres);
}
