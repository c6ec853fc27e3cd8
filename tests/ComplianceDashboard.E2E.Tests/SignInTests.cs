using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests;

public sealed class SignInTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task DemoOfficer_SignsIn_SeesTheThreeJurisdictionCards_AndSignsOut()
    {
        var app = new DashboardPages(await server.NewPageAsync());

        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();

        var page = app.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        var cards = page.GetByTestId("jurisdiction-card");
        await Expect(cards).ToHaveCountAsync(3);
        await Expect(cards.Filter(new() { HasText = "United Kingdom" })).ToContainTextAsync("ICO");
        await Expect(cards.Filter(new() { HasText = "United Kingdom" })).ToContainTextAsync("Notifying users");
        await Expect(cards.Filter(new() { HasText = "European Union" })).ToContainTextAsync("Paused");
        await Expect(cards.Filter(new() { HasText = "Brazil" })).ToContainTextAsync("Suspended");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Olivia Officer");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Compliance officer");

        await app.SignOutAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Fact]
    public async Task WrongPassword_ShowsTheGenericError_AndStaysSignedOut()
    {
        var app = new DashboardPages(await server.NewPageAsync());

        await app.SignInAsAsync("legal@demo.example", "not-the-password");

        await app.AssertSignInErrorVisibleAsync(SignInService.GenericFailure);
        await Expect(app.Page.GetByLabel("E-mail address")).ToHaveValueAsync("legal@demo.example");
        await app.Page.GotoAsync("/");
        await Expect(app.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Fact]
    public async Task Auditor_VerifiesTheAuditChain_AndSeesItIntact()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync("auditor@demo.example");
        await app.WaitUntilInteractiveAsync();

        await app.GoToAsync("Audit log");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();

        await Expect(app.Page.GetByTestId("verification")).ToContainTextAsync("Audit chain Intact");
    }

    [Fact]
    public async Task Admin_CreatesAnApiKey_AndSeesItOnlyOnce()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync("admin@demo.example");
        await app.WaitUntilInteractiveAsync();
        await app.GoToAsync("Administration");
        var page = app.Page;

        await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("objections-nightly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var secret = page.GetByLabel("New API key");
        await Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^cdk_"));
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(page, "The new API key (ApiKeyDialog, second step)");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied the key" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "objections-nightly", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("input[value^='cdk_']")).ToHaveCountAsync(0);
    }
}
