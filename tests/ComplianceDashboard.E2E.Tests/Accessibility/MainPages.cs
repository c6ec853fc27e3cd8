using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>
/// Every main page of the app as a person reaches it: who signs in, where they go and what they open
/// (a dialog, a filter, a drill-down), so checks run on the state a person actually sees.
/// </summary>
public static class MainPages
{
    public const string Officer = "officer@demo.example";
    public const string Admin = "admin@demo.example";

    public sealed record Visit(string Name, string? Email, Func<IPage, Task> OpenAsync);

    public static readonly IReadOnlyList<Visit> All =
    [
        new("Sign-in", null, async page =>
        {
            await page.GotoAsync("/signin");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        }),
        new("Overview", Officer, page => MainPagesSession.OpenAsync(page, "/")),
        new("Assessments", Officer, page => MainPagesSession.OpenAsync(page, "/assessments")),
        new("Assessment", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}")),
        new("Assessment version", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}/versions/2")),
        new("Assessment version diff", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}/compare/1/2")),
        new("Rollout", Officer, page => MainPagesSession.OpenAsync(page, "/rollout")),
        new("Objections", Officer, page => MainPagesSession.OpenAsync(page, "/objections")),
        new("Objections filtered by jurisdiction", Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/objections");
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Jurisdiction" }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "UK", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open objection", Exact = false }).First).ToBeVisibleAsync();
        }),
        new("Objection detail", Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/objections");
            await page.GetByRole(AriaRole.Button, new() { Name = "Open objection", Exact = false }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        }),
        new("Record objection dialog", Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/objections");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record objection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        }),
        new("Compliance", Officer, OpenComplianceWithResultsAsync),
        new("Compliance check result", Officer, async page =>
        {
            await OpenComplianceWithResultsAsync(page);
            await page.Locator(".compliance-matrix a[href^='/compliance/']").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/compliance/[^/]+/[^/]+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        }),
        new("Jurisdictions", Officer, page => MainPagesSession.OpenAsync(page, "/jurisdictions")),
        new("Jurisdiction", Officer, page => MainPagesSession.OpenAsync(page, "/jurisdictions/UK")),
        new("Evidence packs", Officer, page => MainPagesSession.OpenAsync(page, "/evidence-packs")),
        new("Verify a pack", Officer, page => MainPagesSession.OpenAsync(page, "/evidence-packs/verify")),
        new("Audit log", Officer, page => MainPagesSession.OpenAsync(page, "/audit")),
        new("Administration", Admin, page => MainPagesSession.OpenAsync(page, "/administration")),
        new("Administration API keys", Admin, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/administration");
            await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create API key" })).ToBeVisibleAsync();
        }),
    ];

    public static Visit Named(string name) => All.Single(v => v.Name == name);

    /// <summary>The compliance matrix with results: the checks run once if they have not yet (the schedule is off in tests).</summary>
    public static async Task OpenComplianceWithResultsAsync(IPage page)
    {
        await MainPagesSession.OpenAsync(page, "/compliance");
        var matrix = page.Locator(".compliance-matrix");
        var ran = await matrix.CountAsync() == 0;
        if (ran)
            await page.GetByRole(AriaRole.Button, new() { Name = "Run checks now" }).ClickAsync();
        await Expect(matrix.Locator("a[href^='/compliance/']").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The "Checks ran" snackbar fades in and out: axe would measure its half-transparent text against the page.
        if (ran) await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }
}
