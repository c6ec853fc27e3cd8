using ComplianceDashboard.Core.Assessments;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class AssessmentTemplateTests
{
    private static readonly AssessmentTemplate Ico = AssessmentTemplates.IcoLegitimateInterests;
    private static readonly AssessmentTemplate Ai = AssessmentTemplates.AiModelDevelopment;

    private static DraftContent CompleteContentFor(AssessmentTemplate template, string title = "AI training on public posts") =>
        new(title, ["EU"], template.Questions.Select(q => CompleteAnswer(q)).ToArray(), Enum.GetValues<ReviewTrigger>());

    [Fact]
    public void TheIcoTemplateV1_IsExactlyTheQuestionSetAssessmentsHadBeforeTemplates()
    {
        Assert.Equal(("ico-legitimate-interests", 1, "ICO legitimate interests assessment"), (Ico.Id, Ico.Version, Ico.Name));
        Assert.Equal(QuestionCatalogue.All.Select(q => q.Key), Ico.Questions.Select(q => q.Key));
    }

    [Fact]
    public void TheAiTemplate_KeepsEveryIcoQuestion_AndAddsTheOpinionsFactorsRightsMeasuresAndAnonymityEvidence()
    {
        Assert.Equal("AI model development (ICO template with EDPB Opinion 28/2024)", Ai.Name);
        Assert.All(Ico.Questions, q => Assert.Same(q, Ai.Find(q.Key)));
        Assert.Equal(Ai.Questions.Count, Ai.Questions.Select(q => q.Key).Distinct().Count());
        string[] added =
        [
            "C-EXP-PUBLIC", "C-EXP-SERVICE", "C-EXP-SOURCE", "C-EXP-FURTHER-USES", "C-EXP-AWARE",
            "C-RIGHT-EXPRESSION", "C-RIGHT-DISCRIMINATION", "C-RIGHT-CONTROL", "C-SCALE",
            "SG-PSEUDONYMISATION", "SG-MASKING", "SG-CAMPAIGNS", "SG-MODEL-CARD", "SG-TRANSPARENCY-REPORT",
            "SG-OUTPUT-FILTERS", "SG-WATERMARKING", "SG-OUTPUT-RIGHTS", "AN-CLAIM", "AN-TESTS", "AN-DOCUMENTATION",
        ];
        Assert.Equal(added.Order(), AssessmentTemplates.AiAdditions.Select(q => q.Key).Order());
        Assert.True(Ai.AsksMitigatingMeasureFlags);
        Assert.False(Ico.AsksMitigatingMeasureFlags);
    }

    [Fact]
    public void AVersionStoredWithoutATemplate_ReadsAsTheIcoTemplateV1_AndStillVerifies()
    {
        var legacy = LegacyContentSchemaTests.StoredBeforeTemplates();

        Assert.Same(Ico, legacy.Template());
        Assert.Equal(1, AssessmentContent.SchemaOf(legacy));
        Assert.True(AssessmentContent.Verifies("lia-legacy", legacy));
        Assert.StartsWith("{\"$schema\":\"assessment-version/v1\"", AssessmentContent.Canonical("lia-legacy", legacy));
        Assert.DoesNotContain("template", AssessmentContent.Canonical("lia-legacy", legacy));
    }

    [Fact]
    public void AVersionApprovedOnTheOldContentSchema_StillVerifies_AfterTheServiceSupersedesIt()
    {
        var f = new AssessmentFixture();
        var created = Ok(f.Service.Create(f.Officer, "AI training on public posts", ["UK"]));
        // Rewrite the stored v1 as it was stored before templates: no template recorded, approved under schema 1.
        var legacy = LegacyContentSchemaTests.StoredBeforeTemplates() with { ApprovedAt = f.Clock.Now.UtcDateTime, NextReviewDate = new DateOnly(2027, 3, 10) };
        var stored = Ok(f.Assessments.Save(created with { Versions = [legacy with { ContentHash = AssessmentContent.Hash(created.Id, legacy) }] }));

        var revised = Ok(f.Service.Revise(f.Officer, stored.Id, 1, Ai));
        var v1 = revised.FindVersion(1)!;
        var v2 = revised.FindVersion(2)!;

        Assert.True(AssessmentContent.Verifies(revised.Id, v1));
        Assert.Equal(1, AssessmentContent.SchemaOf(v1));
        Assert.Equal((Ai.Id, Ai.Version), (v2.TemplateId, v2.TemplateVersion));
        Assert.Equal(2, AssessmentContent.SchemaOf(v2));
    }

    [Fact]
    public void ANewAssessment_RecordsItsTemplate_AndTheTemplateIsPartOfTheHashedContent()
    {
        var f = new AssessmentFixture();
        var onIco = Ok(f.Service.Create(f.Officer, "Same title", ["EU"])).Latest();
        var onAi = Ok(f.Service.Create(f.Officer, "Same title", ["EU"], Ai)).Latest();

        Assert.Equal((Ico.Id, 1), (onIco.TemplateId, onIco.TemplateVersion));
        Assert.Equal((Ai.Id, 1), (onAi.TemplateId, onAi.TemplateVersion));
        Assert.NotEqual(AssessmentContent.Hash("lia-x", onIco), AssessmentContent.Hash("lia-x", onAi with { Answers = [] }));
        Assert.Contains("\"template\":{\"id\":\"ai-model-development\",\"version\":1}", AssessmentContent.Canonical("lia-x", onAi));
    }

    [Fact]
    public void TheMitigatingMeasureFlags_AreHashedOnTheNewSchema_AndInvisibleToTheOldOne()
    {
        var safeguard = new Answer { Key = "SG-ERASURE", Text = "Erasure on request.", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified } };
        var flagged = safeguard with { Safeguard = safeguard.Safeguard! with { BeyondLegalDuty = true, ReliedOnInBalancing = true } };
        var legacy = new AssessmentVersion { Number = 1, Title = "t", Jurisdictions = ["EU"], Answers = [safeguard] };
        var current = legacy.On(Ai);

        Assert.Equal(AssessmentContent.Hash("lia-1", legacy), AssessmentContent.Hash("lia-1", legacy with { Answers = [flagged] }));
        Assert.NotEqual(AssessmentContent.Hash("lia-1", current), AssessmentContent.Hash("lia-1", current with { Answers = [flagged] }));
    }

    [Fact]
    public void MovingAVersionToTheAiTemplate_CopiesTheSharedAnswers_AndTheDiffShowsTheQuestionsAdded()
    {
        var f = new AssessmentFixture();
        var approved = f.Approved();

        var revised = Ok(f.Service.Revise(f.Officer, approved.Id, 1, Ai));
        var diff = Ok(f.Service.Diff(revised.Id, 1, 2));

        var v1 = revised.FindVersion(1)!;
        var v2 = revised.FindVersion(2)!;
        Assert.Equal(v1.Answers, v2.Answers);
        Assert.True(diff.TemplateChanged);
        Assert.Equal(AssessmentTemplates.AiAdditions.Select(q => q.Key), diff.QuestionsAdded.Select(q => q.Key));
        Assert.Contains(diff.QuestionsAdded, q => q.Key == "SG-PSEUDONYMISATION");
        Assert.Contains(diff.QuestionsAdded, q => q.Key == "C-EXP-PUBLIC");
        Assert.Empty(diff.QuestionsRemoved);
        Assert.Contains(f.Audit.Entries, e => e.Action == "assessment.revised" && e.Summary.Contains("moved from the template ICO legitimate interests assessment v1 to AI model development"));
    }

    [Fact]
    public void MovingBackToTheIcoTemplate_DropsTheAnswersOnlyTheAiTemplateHas_AndTheDiffShowsThemRemoved()
    {
        var f = new AssessmentFixture();
        var created = Ok(f.Service.Create(f.Officer, "AI", ["EU"], Ai));
        Ok(f.Service.SaveDraft(f.Officer, created.Id, created.Version, 1, CompleteContentFor(Ai)));
        Ok(f.Service.Submit(f.Officer, created.Id, 1));
        Ok(f.Service.Approve(f.Legal, created.Id, 1, new Approval(Password)));

        var revised = Ok(f.Service.Revise(f.Officer, created.Id, 1, Ico));
        var diff = Ok(f.Service.Diff(created.Id, 1, 2));

        Assert.DoesNotContain(revised.FindVersion(2)!.Answers, a => a.Key == "C-EXP-PUBLIC");
        Assert.Equal(Ico.Questions.Count, revised.FindVersion(2)!.Answers.Length);
        Assert.Equal(AssessmentTemplates.AiAdditions.Select(q => q.Key), diff.QuestionsRemoved.Select(q => q.Key));
        Assert.Equal(ChangeKind.Removed, diff.Questions.Single(q => q.Question.Key == "C-EXP-PUBLIC").Change);
    }

    [Fact]
    public void ADraftOnTheIcoTemplate_RefusesAnAnswerToAQuestionOnlyTheAiTemplateAsks()
    {
        var f = new AssessmentFixture();
        var created = f.Created();
        var content = CompleteContent() with { Answers = [.. CompleteContent().Answers, CompleteAnswer(Ai.Find("C-EXP-PUBLIC")!)] };

        var result = f.Service.SaveDraft(f.Officer, created.Id, created.Version, 1, content);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failure!.Details!, d => d.StartsWith("C-EXP-PUBLIC: version 1 uses the template ICO legitimate interests assessment v1"));
        Assert.Empty(f.Assessments.Find(created.Id)!.Latest().Answers);
    }

    [Fact]
    public void AVersionMovedToTheAiTemplate_CannotBeSubmitted_UntilTheNewRequiredQuestionsAreAnswered()
    {
        var f = new AssessmentFixture();
        var revised = Ok(f.Service.Revise(f.Officer, f.Approved().Id, 1, Ai));

        var refused = f.Service.Submit(f.Officer, revised.Id, 2);
        Ok(f.Service.SaveDraft(f.Officer, revised.Id, revised.Version, 2, CompleteContentFor(Ai)));
        var submitted = f.Service.Submit(f.Officer, revised.Id, 2);

        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Failure!.Details!, d => d.StartsWith("C-EXP-PUBLIC:"));
        Assert.Contains(refused.Failure!.Details!, d => d.StartsWith("SG-OUTPUT-RIGHTS:"));
        Assert.DoesNotContain(refused.Failure!.Details!, d => d.StartsWith("A1:"));
        Assert.True(submitted.Succeeded);
    }

    [Fact]
    public void AnAnonymityTest_NeedsItsModelVersionTesterAndDate()
    {
        var question = Ai.Find("AN-TESTS")!;
        var answer = new Answer { Key = "AN-TESTS", Text = "Tests run.", AnonymityTests = [new AnonymityTest { Kind = AnonymityTestKind.MembershipInference }] };
        var complete = answer with { AnonymityTests = [new AnonymityTest { Kind = AnonymityTestKind.MembershipInference, RunBy = "Red team", On = new DateOnly(2026, 3, 1), ModelVersion = "m-7" }] };

        Assert.Equal(3, answer.Problems(question).Count());
        Assert.Empty(complete.Problems(question));
        Assert.Equal("Membership inference test of model m-7 by Red team on 1 Mar 2026: risk insignificant", complete.DescribeValue(question));
    }
}
