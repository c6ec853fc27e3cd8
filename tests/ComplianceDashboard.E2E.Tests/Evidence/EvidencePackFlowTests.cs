using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Evidence;

public sealed class EvidencePackFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private async Task<DashboardPages> SignedInAsync(string email)
    {
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync(email, DemoAccounts.Password);
        await app.Page.GotoAsync("/evidence-packs");
        await InteractiveAsync(app.Page);
        return app;
    }

    // Browsers share two cores with the server here: give the circuit and the background generation time.
    private static Task InteractiveAsync(IPage page) =>
        Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    [Fact]
    public async Task AnOfficerGeneratesAPack_AnotherReviewerApprovesIt_ItDownloadsAsThePdfOnRecord_AndTheVerifyPageRecognisesIt()
    {
        var officer = await SignedInAsync("officer@demo.example");
        await officer.Page.GetByRole(AriaRole.Button, new() { Name = "Generate", Exact = true }).ClickAsync();
        var table = officer.Page.Locator("[aria-label='Evidence packs']");
        await Expect(table).ToContainTextAsync(new Regex("EP-[A-Z]+-"), new() { Timeout = 120_000 });
        var pack = server.Services.GetRequiredService<EvidencePackService>().All().First();

        var reviewer = await SignedInAsync("legal@demo.example");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = $"Approve {pack.Id} for release" }).ClickAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(reviewer.Page, "Approve for release (ApprovePackDialog)");
        var dialog = reviewer.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Your password").FillAsync(DemoAccounts.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve for release" }).ClickAsync();
        await Expect(reviewer.Page.Locator("[aria-label='Evidence packs']")).ToContainTextAsync("approved for release", new() { Timeout = 30_000 });

        var download = await reviewer.Page.RunAndWaitForDownloadAsync(() =>
            reviewer.Page.GetByRole(AriaRole.Link, new() { Name = $"Download {pack.Id}" }).ClickAsync());
        await reviewer.Page.GotoAsync("/evidence-packs/verify");
        await InteractiveAsync(reviewer.Page);
        await reviewer.Page.Locator("#pack-file").SetInputFilesAsync(await download.PathAsync() ?? "");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(reviewer.Page.GetByTestId("verify-result")).ToContainTextAsync("has not been altered", new() { Timeout = 30_000 });
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(pack.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }
}
