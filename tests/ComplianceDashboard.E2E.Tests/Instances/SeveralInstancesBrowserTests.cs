using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Instances;

/// <summary>People in browsers on two app processes sharing one PostgreSQL database: sessions, circuits and edits.</summary>
public sealed class SeveralInstancesBrowserTests(BrowserOnTwoInstances fixture) : IClassFixture<BrowserOnTwoInstances>
{
    private const string Uk = DemoAssessments.UkId;
    private const string Officer = "officer@demo.example";

    private static async Task<DashboardPages> SignedInAsync(IPage page, string email)
    {
        var app = new DashboardPages(page);
        await app.SignInAsAsync(email);
        await app.WaitUntilInteractiveAsync();
        return app;
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();
    }

    /// <summary>Types an answer and waits until the editor has it (it says "Unsaved changes"), so a following save saves it.</summary>
    private static async Task AnswerAsync(IPage page, string key, string text)
    {
        var answer = page.Locator($"[data-question='{key}'] textarea").First;
        await answer.FillAsync(text);
        await answer.PressAsync("Tab");
        await Expect(page.GetByTestId("save-state")).ToHaveTextAsync("Unsaved changes");
    }

    [Fact]
    public async Task AnEditSavedOnA_MakesBsStaleCopyAConflict_AndAfterReloadingBothChangesAreKept()
    {
        var assessments = fixture.Apps.Operator.GetRequiredService<AssessmentService>();
        var officer = Actor.User(Officer, "Olivia Officer", Role.ComplianceOfficer);
        var draft = assessments.Revise(officer, Uk, assessments.Find(Uk)!.Latest().Number);
        Assert.True(draft.Succeeded, draft.Failure?.Message);
        var number = draft.Value.Latest().Number;
        var onA = (await SignedInAsync(await fixture.NewPageAsync(fixture.Apps.A), Officer)).Page;
        var onB = (await SignedInAsync(await fixture.NewPageAsync(fixture.Apps.B), Officer)).Page;
        await OpenAsync(onA, $"/assessments/{Uk}/versions/{number}");
        await OpenAsync(onB, $"/assessments/{Uk}/versions/{number}");

        await AnswerAsync(onA, "C-POWER", "Saved on instance A.");
        await onA.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(onA.GetByTestId("save-state")).ToContainTextAsync("Saved");
        await AnswerAsync(onB, "A1", "Saved on instance B.");
        await onB.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        await Expect(onB.GetByRole(AriaRole.Alert, new() { Name = "Conflict" })).ToContainTextAsync("Someone else saved this assessment");
        await onB.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(onB.Locator("[data-question='C-POWER'] textarea").First).ToHaveValueAsync("Saved on instance A.");
        await AnswerAsync(onB, "A1", "Saved on instance B.");
        await onB.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(onB.GetByTestId("save-state")).ToContainTextAsync("Saved");
        var stored = assessments.Find(Uk)!.FindVersion(number)!;
        Assert.Equal("Saved on instance A.", stored.AnswerTo("C-POWER").Text);
        Assert.Equal("Saved on instance B.", stored.AnswerTo("A1").Text);
    }

    [Fact]
    public async Task ASignInOnA_OpensAnInteractivePageOnB_AndDisablingTheUserEndsThatCircuitWithinFifteenSeconds()
    {
        const string auditor = "auditor@demo.example";
        var page = await fixture.NewPageAsync(fixture.Apps.A);
        await SignedInAsync(page, auditor);
        await OpenAsync(page, new Uri(fixture.Apps.B.Address, "/objections").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Objections", Level = 1 })).ToBeVisibleAsync();

        Assert.True(fixture.Apps.Operator.GetRequiredService<UserService>().Disable(Actor.CommandLine, auditor).Succeeded);

        // No navigation by the test: the circuit's own revalidation (every 10 s) must send the person to sign-in.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"), new() { Timeout = 15_000 });
    }
}
