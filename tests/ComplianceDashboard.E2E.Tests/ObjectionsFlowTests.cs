using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests;

public sealed class ObjectionsFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static ILocator Tile(IPage page, string key) => page.Locator($"[data-kpi='{key}'] .kpi-value");

    private static async Task<long> NumberAsync(ILocator tile) =>
        long.Parse((await tile.InnerTextAsync()).Trim(), NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB"));

    [Fact]
    public async Task Officer_UploadsACsv_SeesTheTilesChange_FindsAnObjection_HonoursIt_AndSeesTheFiguresMove()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        var page = app.Page;
        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();
        await app.GoToAsync("Objections");
        await app.WaitUntilInteractiveAsync();
        var received = await NumberAsync(Tile(page, "received"));
        var honoured = await NumberAsync(Tile(page, "honoured"));

        var at = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var csv = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at\n" +
                  string.Join("\n", Enumerable.Range(1, 3).Select(i => $"E2E-{i},psn-e2e-{i},UK,facebook,email,{at},received,,,false,")) + "\n";
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("CSV file of objections").SetInputFilesAsync(new FilePayload { Name = "e2e.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        await Expect(page.GetByLabel("Upload result")).ToContainTextAsync("3 new");
        await Expect(Tile(page, "received")).ToHaveTextAsync((received + 3).ToString("N0", CultureInfo.GetCultureInfo("en-GB")));

        await page.GetByLabel("Search by objection id or subject reference").FillAsync("E2E-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        // The list re-renders with the search result; click only once it shows that one objection.
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open objection ") })).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open objection E2E-2" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("psn-e2e-2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Honour", Exact = true }).ClickAsync();

        await Expect(Tile(page, "honoured")).ToHaveTextAsync((honoured + 1).ToString("N0", CultureInfo.GetCultureInfo("en-GB")));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "E2E-2" })).ToContainTextAsync("Honoured");
    }
}
