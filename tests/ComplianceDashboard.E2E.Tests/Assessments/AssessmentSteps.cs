using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Assessments;

/// <summary>The steps people take on an assessment in the browser, shared by the assessment flows.</summary>
internal static class AssessmentSteps
{
    public const string SecondReviewer = "legal2@e2e.example";
    public const string SecondReviewerPassword = "Second-Reviewer-Password-1";

    /// <summary>A legal reviewer who edits nothing, so may approve what the demo's people drafted.</summary>
    public static void AddSecondReviewer(DashboardServer server)
    {
        var added = server.Services.GetRequiredService<UserService>().Add(Actor.CommandLine, SecondReviewer, "Rita Reviewer", Role.LegalReviewer, SecondReviewerPassword);
        Assert.True(added.Succeeded, added.Failure?.Message);
    }

    public static async Task<DashboardPages> SignedInAsync(DashboardServer server, string email, string password = DemoAccounts.Password)
    {
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync(email, password);
        await InteractiveAsync(app.Page);
        return app;
    }

    public static async Task OpenAsync(DashboardPages app, string path)
    {
        await app.Page.GotoAsync(path);
        await InteractiveAsync(app.Page);
    }

    // Four browsers share two cores with the server here: give the circuit longer than Playwright's 5 s default.
    private static Task InteractiveAsync(IPage page) =>
        Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    public static async Task ExpectStatusAsync(IPage page, string status) =>
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator("xpath=..").GetByTestId("status")).ToHaveTextAsync(status, new() { Timeout = 30_000 });

    /// <summary>Opens an approved version and starts the next one from it (on the same template).</summary>
    public static async Task ReviseAsync(DashboardPages officer, string assessment, int approved)
    {
        await OpenAsync(officer, $"/assessments/{assessment}/versions/{approved}");
        await officer.Page.GetByRole(AriaRole.Button, new() { Name = "Revise", Exact = true }).ClickAsync();
        await Expect(officer.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/assessments/{assessment}/versions/{approved + 1}$"));
        await ExpectStatusAsync(officer.Page, "Draft");
    }

    public static async Task AnswerAsync(IPage page, string key, string text)
    {
        var answer = page.Locator($"[data-question='{key}'] textarea").First;
        await answer.FillAsync(text);
        await answer.PressAsync("Tab");
    }

    public static async Task SubmitAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await ExpectStatusAsync(page, "In review");
    }

    /// <summary>Approves the version open on the page, re-entering the password to sign.</summary>
    public static async Task ApproveAsync(IPage page, string password)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[type=password]").FillAsync(password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await ExpectStatusAsync(page, "Approved");
    }
}
