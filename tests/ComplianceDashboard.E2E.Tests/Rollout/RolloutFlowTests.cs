using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Rollout;

public sealed class RolloutFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Header = "campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded";

    [Fact]
    public async Task Officer_CreatesACampaignAndCohort_UploadsFigures_SeesThemInTheFunnel_AndABadFileChangesNothing()
    {
        var app = new DashboardPages(await server.NewPageAsync());
        var page = app.Page;
        var yesterday = DateTime.UtcNow.Date.AddDays(-1);
        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();
        await app.GoToAsync("Rollout");

        await page.GetByRole(AriaRole.Button, new() { Name = "New campaign" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Code").FillAsync("E2E-FB");
        await dialog.GetByLabel("Name").FillAsync("End-to-end campaign");
        await dialog.GetByLabel("Jurisdiction").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "United Kingdom" }).ClickAsync();
        await dialog.GetByLabel("Planned start").FillAsync(yesterday.AddDays(-10).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await dialog.GetByLabel("Planned start").PressAsync("Tab");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var row = page.GetByTestId("campaign-row").Filter(new() { HasText = "E2E-FB" });
        await Expect(row).ToContainTextAsync("End-to-end campaign");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add notice version to E2E-FB" }).ClickAsync();
        await dialog.GetByLabel("Notice text").FillAsync("We will use your public posts to train AI. You can object.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row).ToContainTextAsync("v1 (en-GB, In-app)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add cohort to E2E-FB" }).ClickAsync();
        await dialog.GetByLabel("Cohort code").FillAsync("wave-1");
        await dialog.GetByLabel("Cohort name").FillAsync("First wave");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row).ToContainTextAsync("wave-1");

        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await UploadAsync(page, "good.csv", $"{Header}\nE2E-FB,wave-1,{day},facebook,in_app,1000,900,800,700,50,20,5,0,10\n");
        await Expect(page.GetByTestId("upload-result")).ToContainTextAsync("1 inserted");

        await SelectCampaignAsync(page);
        await Expect(page.GetByTestId("funnel-displayed")).ToHaveTextAsync("700");
        await Expect(page.GetByTestId("funnel-eligible")).ToHaveTextAsync("1,000");

        await UploadAsync(page, "bad.csv", $"{Header}\nE2E-FB,wave-1,{day},facebook,in_app,1000,900,800,750,50,20,5,0,10\nE2E-FB,wave-9,{day},facebook,email,10,20,0,0,0,0,0,0,0\n");
        var errors = page.GetByTestId("import-error");
        await Expect(errors.First).ToBeVisibleAsync();
        await Expect(errors.Filter(new() { HasText = "Unknown cohort 'wave-9'" })).ToContainTextAsync("3");
        await Expect(errors.Filter(new() { HasText = "funnel grows" })).ToContainTextAsync("3");
        await Expect(page.GetByTestId("upload-error")).ToContainTextAsync("nothing was imported");
        await Expect(page.GetByTestId("funnel-displayed")).ToHaveTextAsync("700");

        await page.ReloadAsync();
        await app.WaitUntilInteractiveAsync();
        await SelectCampaignAsync(page);
        await Expect(page.GetByTestId("funnel-displayed")).ToHaveTextAsync("700");
    }

    private static async Task SelectCampaignAsync(IPage page)
    {
        await page.GetByLabel("Campaign", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "End-to-end campaign (E2E-FB)" }).ClickAsync();
    }

    private static async Task UploadAsync(IPage page, string name, string csv)
    {
        await page.GetByLabel("Delivery CSV file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
    }
}
