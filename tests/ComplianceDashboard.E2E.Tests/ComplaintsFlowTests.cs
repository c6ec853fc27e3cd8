using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests;

public sealed class ComplaintsFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    private static ILocator Tile(IPage page, string key) => page.Locator($"[data-kpi='{key}'] .kpi-value");

    private static async Task<long> NumberAsync(ILocator tile) =>
        long.Parse((await tile.InnerTextAsync()).Trim(), NumberStyles.AllowThousands, EnGb);

    [Fact]
    public async Task Officer_UploadsComplaints_SeesTheTiles_OpensAnOverdueOne_AcknowledgesIt_AndSeesTheFiguresMove()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        var page = app.Page;
        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();
        await app.GoToAsync("Complaints");
        await app.WaitUntilInteractiveAsync();
        var received = await NumberAsync(Tile(page, "received"));
        var overdue = await NumberAsync(Tile(page, "overdue"));
        var late = await NumberAsync(Tile(page, "late"));

        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var now = DateTime.UtcNow;
        var csv = "complaint_id,subject_ref,jurisdiction,channel,received_at,category,linked_objection_ids,acknowledged_at,outcome_at,outcome,outcome_summary,escalated_at,regulator_reference\n" +
                  $"E2E-C-1,psn-e2e-c1,UK,social_media,{Iso(now.AddDays(-40))},notified_after_objecting,,,,,,,\n" +
                  $"E2E-C-2,psn-e2e-c2,UK,email,{Iso(now.AddDays(-3))},notice_unclear,,{Iso(now.AddDays(-2))},,,,,\n";
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("CSV file of complaints").SetInputFilesAsync(new FilePayload { Name = "complaints.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        await Expect(page.GetByLabel("Upload result")).ToContainTextAsync("2 new");
        await Expect(Tile(page, "received")).ToHaveTextAsync((received + 2).ToString("N0", EnGb));
        await Expect(Tile(page, "overdue")).ToHaveTextAsync((overdue + 1).ToString("N0", EnGb));

        await page.GetByLabel("Search by complaint id or subject reference").FillAsync("E2E-C-1");
        await page.GetByLabel("Search by complaint id or subject reference").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open complaint ") })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "E2E-C-1" })).ToContainTextAsync("Overdue (due ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open complaint E2E-C-1" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("psn-e2e-c1");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("Late (");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();

        await Expect(Tile(page, "overdue")).ToHaveTextAsync(overdue.ToString("N0", EnGb));
        await Expect(Tile(page, "late")).ToHaveTextAsync((late + 1).ToString("N0", EnGb));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "E2E-C-1" })).ToContainTextAsync("Late (");
    }
}
