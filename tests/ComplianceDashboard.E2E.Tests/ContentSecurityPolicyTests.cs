using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests;

public sealed class ContentSecurityPolicyTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task EveryMainPage_WorksUnderTheContentSecurityPolicy_WithoutAViolation()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        var problems = new List<string>();
        app.Page.Console += (_, message) =>
        {
            if (message.Type == "error") problems.Add(message.Text);
        };
        app.Page.PageError += (_, error) => problems.Add(error);

        await app.SignInAsAsync("admin@demo.example");
        await app.WaitUntilInteractiveAsync();
        foreach (var area in new[] { "Jurisdictions", "Assessments", "Rollout", "Objections", "Compliance", "Evidence packs", "Audit log", "Administration", "Overview" })
            await app.GoToAsync(area);
        // The circuit is still alive after visiting every page: a blocked script would have broken it.
        await app.GoToAsync("Jurisdictions");
        await Expect(app.Page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

        Assert.Empty(problems);
    }
}
