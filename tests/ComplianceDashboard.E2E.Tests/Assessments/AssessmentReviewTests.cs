using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Assessments;

public sealed class AssessmentReviewTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string SecondReviewer = "legal2@e2e.example";
    private const string SecondReviewerPassword = "Second-Reviewer-Password-1";
    private const string Uk = DemoAssessments.UkId;

    private async Task<DashboardPages> SignedInAsync(string email, string password = DemoAccounts.Password)
    {
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync(email, password);
        await InteractiveAsync(app.Page);
        return app;
    }

    private static async Task OpenAsync(DashboardPages app, string path)
    {
        await app.Page.GotoAsync(path);
        await InteractiveAsync(app.Page);
    }

    // Four browsers share two cores with the server here: give the circuit longer than Playwright's 5 s default.
    private static Task InteractiveAsync(IPage page) =>
        Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    private static async Task ExpectStatusAsync(IPage page, string status) =>
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator("xpath=..").GetByTestId("status")).ToHaveTextAsync(status, new() { Timeout = 30_000 });

    private static async Task AnswerAsync(IPage page, string key, string text)
    {
        var answer = page.Locator($"[data-question='{key}'] textarea").First;
        await answer.FillAsync(text);
        await answer.PressAsync("Tab");
    }

    [Fact]
    public async Task OfficerRevisesAndSubmits_ReviewerRequestsChanges_OfficerResubmits_AnotherReviewerApproves_AndTheDiffShowsTheChange()
    {
        var added = server.Services.GetRequiredService<UserService>().Add(Actor.CommandLine, SecondReviewer, "Rita Reviewer", Role.LegalReviewer, SecondReviewerPassword);
        Assert.True(added.Succeeded, added.Failure?.Message);

        // The officer starts version 3 from the approved version 2, changes an answer and submits it.
        var officer = await SignedInAsync("officer@demo.example");
        await OpenAsync(officer, $"/assessments/{Uk}/versions/2");
        await officer.Page.GetByRole(AriaRole.Button, new() { Name = "Revise", Exact = true }).ClickAsync();
        await Expect(officer.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/assessments/{Uk}/versions/3$"));
        await ExpectStatusAsync(officer.Page, "Draft");
        await AnswerAsync(officer.Page, "C-POWER", "There is an imbalance of power; the objection form redresses it.");
        await officer.Page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await ExpectStatusAsync(officer.Page, "In review");

        // The first reviewer comments on the question and sends the version back.
        var reviewer = await SignedInAsync("legal@demo.example");
        await OpenAsync(reviewer, $"/assessments/{Uk}/versions/3");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Comment on C-POWER" }).ClickAsync();
        var dialog = reviewer.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("textarea").First.FillAsync("Say why leaving the platform is hard for people.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Expect(reviewer.Page.Locator("[data-question='C-POWER'] .comment")).ToContainTextAsync("Say why leaving the platform is hard");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(reviewer.Page, "Request changes (NoteDialog)");
        dialog = reviewer.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("textarea").First.FillAsync("Expand C-POWER.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await ExpectStatusAsync(reviewer.Page, "Changes requested");

        // The officer sees the comment, revises the answer and resubmits.
        await OpenAsync(officer, $"/assessments/{Uk}/versions/3");
        await Expect(officer.Page.Locator("[data-question='C-POWER'] .comment")).ToContainTextAsync("Say why leaving the platform is hard");
        await AnswerAsync(officer.Page, "C-POWER", "There is an imbalance of power: leaving a large platform means losing one's network, so the objection takes two taps and needs no reason.");
        await officer.Page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await ExpectStatusAsync(officer.Page, "In review");

        // A different reviewer approves; a wrong password is refused first.
        var approver = await SignedInAsync(SecondReviewer, SecondReviewerPassword);
        await OpenAsync(approver, $"/assessments/{Uk}/versions/3");
        await approver.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(approver.Page, "Approve version (ApproveDialog)");
        dialog = approver.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[type=password]").FillAsync("not-my-password");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("The password you re-entered is wrong");
        await dialog.Locator("input[type=password]").FillAsync(SecondReviewerPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await ExpectStatusAsync(approver.Page, "Approved");

        // The timeline shows the new sign-off and the old version superseded; the diff shows the changed answer.
        await OpenAsync(approver, $"/assessments/{Uk}");
        await Expect(approver.Page.GetByTestId("version-3").Locator(".sign-off").Last).ToContainTextAsync("Approved by Rita Reviewer (Legal reviewer)");
        await Expect(approver.Page.GetByTestId("version-2").GetByTestId("status")).ToHaveTextAsync("Superseded");
        await approver.Page.GetByRole(AriaRole.Link, new() { Name = "Compare v2 with v3" }).ClickAsync();
        var diff = approver.Page.GetByTestId("diff-C-POWER");
        await Expect(diff).ToHaveAttributeAsync("data-change", "Changed");
        await Expect(diff.Locator(".diff-added").First).ToBeVisibleAsync();
        await Expect(diff).ToContainTextAsync("losing one's network");
        await Expect(approver.Page.GetByTestId("diff-summary")).ToContainTextAsync("1 of 50 questions differ");
    }
}
