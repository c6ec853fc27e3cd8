using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.E2E.Tests.Accessibility;
using ComplianceDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.SingleSignOn;

/// <summary>
/// Chromium signs in through a real OpenID Connect provider and signs off a pack through a step-up at the provider. Every
/// new page is checked with axe and photographed in the light and the dark theme (the static sign-in pages have only the
/// light one) into a temp folder, or docs/images/ with CD_DOCS_SCREENSHOTS=1.
/// </summary>
public sealed class SingleSignOnFlowTests(SingleSignOnServer server) : IClassFixture<SingleSignOnServer>
{
    private static readonly string Shots = Environment.GetEnvironmentVariable("CD_DOCS_SCREENSHOTS") == "1"
        ? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/images"))
        : Directory.CreateTempSubdirectory("cd-sso-shots-").FullName;

    private T Get<T>() where T : notnull => server.App.Services.GetRequiredService<T>();

    private TestAccount PreCreated(string name, params string[] groups)
    {
        var email = $"{name}@sso.example";
        Assert.True(Get<UserService>().Add(Actor.System, email, name[..1].ToUpperInvariant() + name[1..], Role.Auditor, "a long enough password").Succeeded);
        var account = new TestAccount(name, email, groups) { Name = name };
        server.Provider.Add(account);
        return account;
    }

    private static Task StartSingleSignOnAsync(IPage page) =>
        page.GetByRole(AriaRole.Link, new() { Name = "Sign in with single sign-on" }).ClickAsync();

    private static async Task SignInAtTheProviderAsync(IPage page, string username)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider" })).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in at the provider" }).ClickAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        await MainPages.SettledAsync(page);
        var found = await Axe.SeriousViolationsAsync(page);
        Assert.True(found is null, $"{name} ({page.Url}) has serious or critical axe violations:\n{found}");
    }

    private static Task ShotAsync(IPage page, string file) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Shots, file), FullPage = true, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });

    [Fact]
    public async Task AReviewerSignsInThroughTheProvider_LandsAsLegalReviewer_AndReleasesAPackThroughAStepUp()
    {
        var account = PreCreated("lena", "cd-legal");
        var officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
        var now = Get<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var pack = Get<EvidencePackService>().Generate(officer, new PackParameters
        {
            Jurisdiction = "UK", PeriodFrom = today.AddDays(-90), PeriodTo = today, AsOf = TimeProviderExtensions.TruncateToMs(now).AddSeconds(-1),
            Audience = PackAudience.Regulator, Classification = "CONFIDENTIAL",
        });
        Assert.True(pack.Succeeded, pack.Failure?.Message);
        var page = await server.App.NewPageAsync();

        await page.GotoAsync("/signin");
        await AssertAccessibleAsync(page, "Sign-in page with single sign-on");
        await ShotAsync(page, "sso-signin.png");
        await StartSingleSignOnAsync(page);
        await SignInAtTheProviderAsync(page, "lena");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Legal reviewer");

        await page.GotoAsync("/evidence-packs");
        await Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {pack.Value.Id} for release" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("you will sign in again at Test IdP");
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(page, "Approve for release, single sign-on (ApprovePackDialog)");
        await Expect(dialog.GetByLabel("Your password")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve for release" }).ClickAsync();

        await SignInAtTheProviderAsync(page, "lena");
        Assert.Equal(("login", "0"), (server.Provider.AuthorizationRequests.Last().Prompt, server.Provider.AuthorizationRequests.Last().MaxAge));
        await Expect(page.GetByTestId("sign-off-outcome")).ToContainTextAsync("Signed. You re-authenticated by single sign-on at Test IdP with prompt=login");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Legal reviewer");

        Assert.Equal(PackStatus.ApprovedForRelease, Get<EvidencePackService>().Find(pack.Value.Id)!.Status);
        var entry = Get<IAuditLog>().ReadAll().Last(e => e.Action == "evidence-pack.approved-for-release");
        Assert.Equal($"user:{account.Email}", entry.ActorId);
        Assert.Contains("re-authenticated by single sign-on at Test IdP with prompt=login (auth_time", entry.Summary);
        Assert.Contains("amr pwd+mfa", entry.Summary);

        await AssertAccessibleAsync(page, "Sign-off outcome page");
        await ShotAsync(page, "sso-sign-off-light.png");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await MainPages.ExpectThemeAsync(page, MainPages.Theme.Dark);
        await AssertAccessibleAsync(page, "Sign-off outcome page in the dark theme");
        await ShotAsync(page, "sso-sign-off-dark.png");
    }

    [Fact]
    public async Task APersonWhoseGroupsMapToNoRole_SeesWhy_AndGetsNoSession()
    {
        PreCreated("nora", "everyone");
        var page = await server.App.NewPageAsync();

        await page.GotoAsync("/signin");
        await StartSingleSignOnAsync(page);
        await SignInAtTheProviderAsync(page, "nora");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No role yet" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your account exists but has no role yet");
        await AssertAccessibleAsync(page, "Sign-in refused page");
        await ShotAsync(page, "sso-refused.png");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "cd.session");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }
}
