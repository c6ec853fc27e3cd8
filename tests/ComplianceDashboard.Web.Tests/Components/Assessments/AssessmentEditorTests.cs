using Bunit;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Assessments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Components.Assessments;

public sealed class AssessmentEditorTests : ComponentTestBase
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);

    public AssessmentEditorTests()
    {
        SeedDemoProgramme();
        SignInAs(Role.ComplianceOfficer);
    }

    private AssessmentService Service => Context.Services.GetRequiredService<AssessmentService>();

    private Assessment NewDraft() => Service.Create(Officer, "Training on public posts", ["UK"]).Value;

    /// <summary>Finds and presses a button in one dispatch, so a re-render in between cannot retire its handler.</summary>
    private static void Press<T>(IRenderedComponent<T> component, string text, string within = "") where T : IComponent =>
        component.InvokeAsync(() => component.FindAll($"{within} button".Trim()).Single(b => b.TextContent.Contains(text)).Click()).GetAwaiter().GetResult();

    private IRenderedComponent<AssessmentVersionPage> Open(Assessment a, int number = 1) =>
        Context.Render<AssessmentVersionPage>(p => p.Add(x => x.Id, a.Id).Add(x => x.Number, number));

    [Fact]
    public void AVersionsPage_LinksToItsPdf()
    {
        var draft = NewDraft();

        var page = Open(draft);

        Assert.Equal($"/assessments/{draft.Id}/versions/1/pdf", page.Find("a[aria-label='PDF of version 1']").GetAttribute("href"));
    }

    [Fact]
    public void Completeness_IsShownPerSection_AndRisesAsRequiredAnswersAreGiven()
    {
        var page = Open(NewDraft());
        var purpose = QuestionCatalogue.In(AssessmentPart.Purpose).Count(q => q.Required);
        Assert.Contains($"0 of {purpose}", page.Find("[data-testid=completeness-Purpose]").TextContent);

        page.Find("[data-question=A1] textarea").Change("To train a model that answers in the user's language.");
        page.Find("[data-question=A2] textarea").Change("Better answers for users.");

        page.WaitForAssertion(() => Assert.Contains($"2 of {purpose}", page.Find("[data-testid=completeness-Purpose]").TextContent));
        Assert.Contains("Unsaved changes", page.Find("[data-testid=save-state]").TextContent);
    }

    [Fact]
    public void AYesNoQuestion_CountsAsAnsweredOnlyWithBothTextAndChoice()
    {
        var page = Open(NewDraft());

        page.Find("[data-question=A3] textarea").Change("Researchers using the open model.");

        Assert.Contains("0 of", page.Find("[data-testid=completeness-Purpose]").TextContent);
        Assert.Contains("Required", page.Find("[data-question=A3]").TextContent);
    }

    [Fact]
    public void Submitting_WithEmptyRequiredAnswers_IsRefused_AndListsThem()
    {
        var a = NewDraft();
        var page = Open(a);
        page.Find("[data-question=A1] textarea").Change("A specific interest.");

        Press(page, "Submit for review");

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[role=alert]");
            Assert.Contains("cannot be submitted while", alert.TextContent);
            Assert.Contains("A2: What benefit do you expect", alert.TextContent);
            Assert.DoesNotContain("A1:", alert.TextContent);
        });
        var stored = Service.Find(a.Id)!.FindVersion(1)!;
        Assert.Equal(AssessmentStatus.Draft, stored.Status);
        Assert.Equal("A specific interest.", stored.AnswerTo("A1").Text);
    }

    [Fact]
    public void SavingAfterSomeoneElseSaved_ShowsTheConflict_AndReloadBringsTheirVersion()
    {
        var a = NewDraft();
        var page = Open(a);
        Assert.True(Service.SaveDraft(Officer, a.Id, a.Version, 1, new DraftContent("Their title", ["UK"], [], [])).Succeeded);

        page.Find("[data-question=A1] textarea").Change("My answer.");
        Press(page, "Save draft");

        page.WaitForAssertion(() => Assert.Contains("Someone else saved this assessment", page.Find("[aria-label=Conflict]").TextContent));
        Assert.Equal("My answer.", page.Find("[data-question=A1] textarea").GetAttribute("value") ?? page.Find("[data-question=A1] textarea").TextContent);
        Assert.Equal("Their title", Service.Find(a.Id)!.Latest().Title);

        Press(page, "Reload", within: "[aria-label=Conflict]");

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[aria-label=Conflict]")));
        Assert.Equal("Their title", page.Find(".editor-header input").GetAttribute("value"));
    }

    [Fact]
    public void Saving_StoresTheAnswers_AndClearsTheUnsavedMarker()
    {
        var a = NewDraft();
        var page = Open(a);

        page.Find("[data-question=C-POWER] textarea").Change("Users can leave, but the network effect is strong.");
        Press(page, "Save draft");

        page.WaitForAssertion(() => Assert.StartsWith("Saved", page.Find("[data-testid=save-state]").TextContent.Trim()));
        Assert.Equal("Users can leave, but the network effect is strong.", Service.Find(a.Id)!.FindVersion(1)!.AnswerTo("C-POWER").Text);
    }

    [Fact]
    public void MarkupInAnswers_IsShownAsText_NeverRun()
    {
        var a = NewDraft();
        a = Service.SaveDraft(Officer, a.Id, a.Version, 1, new DraftContent("T", ["UK"], [new Answer { Key = "A1", Text = "<script>alert('x')</script><b>bold</b>" }], [])).Value;
        Service.Withdraw(Officer, a.Id, 1, "Shown read-only");

        var page = Open(a);

        var answer = page.Find("[data-testid=answer-A1]");
        Assert.Equal("<script>alert('x')</script><b>bold</b>", answer.TextContent);
        Assert.Empty(answer.QuerySelectorAll("script, b"));
    }

    [Fact]
    public void AnAuditor_SeesTheVersionReadOnly_WithoutEditorOrReviewActions()
    {
        var a = NewDraft();
        SignInAs(Role.Auditor);

        var page = Open(a);

        Assert.Empty(page.FindAll("textarea"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Save draft") || b.TextContent.Contains("Approve") || b.TextContent.Contains("Comment"));
    }

    [Fact]
    public void LeavingWithUnsavedChanges_AsksFirst_AndStaysWhenTheUserChoosesStay()
    {
        var a = NewDraft();
        var dialogs = Context.Render<MudDialogProvider>();
        var page = Open(a);
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;
        page.Find("[data-question=A1] textarea").Change("An answer nobody saved.");

        navigation.NavigateTo("/assessments");

        dialogs.WaitForAssertion(() => Assert.Contains("not saved", dialogs.Markup));
        Assert.Equal(before, navigation.Uri);
        Press(dialogs, "Stay");
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("not saved", dialogs.Markup));
        Assert.Equal(before, navigation.Uri);
        Assert.Contains("Unsaved changes", page.Find("[data-testid=save-state]").TextContent);
    }

    [Fact]
    public void LeavingWithUnsavedChanges_NavigatesAway_WhenTheUserConfirms()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var page = Open(NewDraft());
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        page.Find("[data-question=A1] textarea").Change("An answer the user gives up.");

        navigation.NavigateTo("/assessments");
        dialogs.WaitForAssertion(() => Assert.Contains("not saved", dialogs.Markup));
        Press(dialogs, "Leave without saving");

        dialogs.WaitForAssertion(() => Assert.EndsWith("/assessments", navigation.Uri));
    }

    [Fact]
    public void LeavingWithNothingChanged_NavigatesWithoutAsking()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        Open(NewDraft());
        var navigation = Context.Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("/assessments");

        Assert.EndsWith("/assessments", navigation.Uri);
        Assert.DoesNotContain("not saved", dialogs.Markup);
    }

    [Fact]
    public void AReadOnlyVersion_ShowsItsTrainingGateSafeguards_WithStatusAndEnGbDates()
    {
        var safeguards = QuestionCatalogue.In(AssessmentPart.Safeguards).Where(q => q.Kind == ValueKind.Safeguard).Take(3).ToArray();
        var a = NewDraft();
        Answer Safeguard(Question q, SafeguardStatus status, bool required) => new()
        {
            Key = q.Key,
            Text = "How it is done.",
            Safeguard = new SafeguardValue { Status = status, RequiredBeforeTraining = required, EvidenceReference = $"EV-{q.Key}", Date = new DateOnly(2026, 3, 4) },
        };
        a = Service.SaveDraft(Officer, a.Id, a.Version, 1, new DraftContent("T", ["UK"],
            [Safeguard(safeguards[0], SafeguardStatus.Verified, true), Safeguard(safeguards[1], SafeguardStatus.Planned, true), Safeguard(safeguards[2], SafeguardStatus.Implemented, false)], [])).Value;
        Service.Withdraw(Officer, a.Id, 1, "Shown read-only");

        var page = Open(a);

        Assert.Contains("1 of 2 verified", page.Find("[data-testid=gate-summary]").TextContent);
        Assert.Equal([safeguards[0].Key, safeguards[1].Key], page.FindAll("[data-safeguard]").Select(r => r.GetAttribute("data-safeguard")));
        Assert.Contains("4 Mar 2026", page.Find($"[data-safeguard={safeguards[1].Key}]").TextContent);
        Assert.Contains("dated 4 Mar 2026", page.Find($"[data-testid=value-{safeguards[0].Key}]").TextContent);
    }

    [Fact]
    public void TheEditor_OfADraftOnTheAiTemplate_ShowsTheTemplate_TheNewQuestions_AndTheMeasureFlags()
    {
        var a = Service.Create(Officer, "EU training", ["EU"], AssessmentTemplates.AiModelDevelopment).Value;

        var page = Open(a);

        Assert.Contains("AI model development (ICO template with EDPB Opinion 28/2024) v1", page.Find("[data-testid=template]").TextContent);
        Assert.All(AssessmentTemplates.AiModelDevelopment.Questions, q => Assert.NotNull(page.Find($"[data-question={q.Key}]")));
        Assert.NotNull(page.Find("[data-testid=completeness-Anonymity]"));
        Assert.Contains("Goes beyond a legal duty", page.Find("[data-question=SG-ERASURE]").TextContent);
        Assert.Contains("Relied on in the balancing", page.Find("[data-question=SG-ERASURE]").TextContent);
        Assert.Contains("Add anonymity test", page.Find("[data-question=AN-TESTS]").TextContent);
    }

    [Fact]
    public void TheEditor_OfADraftOnTheIcoTemplate_AsksNoneOfTheAiTemplatesQuestionsOrFlags()
    {
        var page = Open(NewDraft());

        Assert.Contains("ICO legitimate interests assessment v1", page.Find("[data-testid=template]").TextContent);
        Assert.Empty(page.FindAll("[data-question=C-EXP-PUBLIC]"));
        Assert.Empty(page.FindAll("[data-question=AN-TESTS]"));
        Assert.DoesNotContain("Goes beyond a legal duty", page.Find("[data-question=SG-ERASURE]").TextContent);
    }

    [Fact]
    public void AnsweringTheAiTemplatesQuestions_SavesThemOnTheDraft()
    {
        var a = Service.Create(Officer, "EU training", ["EU"], AssessmentTemplates.AiModelDevelopment).Value;
        var page = Open(a);

        page.Find("[data-question=C-SCALE] textarea").Change("Every adult EU user's public posts over ten years.");
        page.Find("[data-question=SG-ERASURE] textarea").Change("Erasure beyond Art 17.");
        Press(page, "Save draft");

        page.WaitForAssertion(() =>
        {
            var saved = Service.Find(a.Id)!.Latest();
            Assert.Equal("Every adult EU user's public posts over ten years.", saved.AnswerTo("C-SCALE").Text);
            Assert.Equal("Erasure beyond Art 17.", saved.AnswerTo("SG-ERASURE").Text);
        });
    }
}
