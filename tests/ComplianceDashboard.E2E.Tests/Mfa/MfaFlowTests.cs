using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.E2E.Tests.Accessibility;
using ComplianceDashboard.Testing.Assessments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Mfa;

/// <summary>The app on a real, empty store, where Admin, Legal reviewer and DPO must use an authenticator app.</summary>
public sealed class RealStoreServer : DashboardServer
{
    protected override bool DemoMode => false;
}

/// <summary>
/// Enrolling an authenticator app by its key, signing in with a code and with a recovery code, and an admin resetting
/// MFA, in Chromium; axe on every new page and dialog. With CD_MFA_SCREENSHOTS set to a folder, each step is also
/// saved there (light and, for pages inside the app, dark theme) for a person to look at.
/// </summary>
public sealed class MfaFlowTests(RealStoreServer server) : IClassFixture<RealStoreServer>
{
    private const string Password = "Real-Store-Password-2026";

    private string AddUser(Role role, string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}@real.example";
        var added = server.Services.GetRequiredService<UserService>().Add(Actor.CommandLine, email, name, role, Password);
        Assert.True(added.Succeeded, added.Failure?.Message);
        return email;
    }

    /// <summary>The code an authenticator app shows <paramref name="ahead"/> from now (the server accepts one step of drift).</summary>
    private static string Code(string key, TimeSpan ahead = default) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow + ahead);

    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var found = await Axe.SeriousViolationsAsync(page);
        Assert.True(found is null, $"{name} ({page.Url}) has serious or critical axe violations:\n{found}");
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CD_MFA_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    /// <summary>Signs in with the password, enrols with the key typed by hand and returns the key and the recovery codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(DashboardPages app, string email)
    {
        var page = app.Page;
        await app.SignInAsAsync(email, Password);
        await Expect(page).ToHaveURLAsync(new Regex("/signin/enrol"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up your authenticator app" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("QR code") })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "Enrolment page");
        await ShotAsync(page, "enrol");

        var key = (await page.Locator("code.enrol-key").InnerTextAsync()).Replace(" ", "");
        await page.GetByLabel("Code from the app").FillAsync(Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        var codes = await page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).Locator("code").AllInnerTextsAsync();
        await AssertAccessibleAsync(page, "Recovery codes page");
        await ShotAsync(page, "recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to the dashboard" }).ClickAsync();
        await app.WaitUntilInteractiveAsync();
        return (key, codes.ToList());
    }

    private static async Task EnterCodeAsync(IPage page, string code)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/signin/code"));
        await page.GetByLabel("Authenticator code or recovery code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
    }

    [Fact]
    public async Task ALegalReviewer_EnrolsWithTheKey_SignsOut_SignsInWithACode_AndThenWithARecoveryCodeOnlyOnce()
    {
        var email = AddUser(Role.LegalReviewer, "Lena Legal");
        var app = new DashboardPages(await server.NewPageAsync());
        var page = app.Page;

        var (key, recovery) = await EnrolAsync(app, email);
        Assert.Equal(10, recovery.Distinct().Count());
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Lena Legal");
        await app.SignOutAsync();

        // The code that enrolled cannot be used again, so the app's next one (one step of drift is allowed).
        await app.SignInAsAsync(email, Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enter your code" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "Code page");
        await ShotAsync(page, "code");
        await EnterCodeAsync(page, Code(key, TimeSpan.FromSeconds(30)));
        await app.WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Lena Legal");
        await app.SignOutAsync();

        await app.SignInAsAsync(email, Password);
        await EnterCodeAsync(page, recovery[0]);
        await app.WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Lena Legal");
        await app.SignOutAsync();

        await app.SignInAsAsync(email, Password);
        await EnterCodeAsync(page, recovery[0]);
        await app.AssertSignInErrorVisibleAsync(SignInService.CodeFailure);
        await AssertAccessibleAsync(page, "Code page with an error");
        await ShotAsync(page, "code-error");
    }

    /// <summary>An assessment an officer drafted completely and submitted, through the services, awaiting a legal reviewer.</summary>
    private string AssessmentInReview()
    {
        var officer = Actor.User("officer@real.example", "Owen Officer", Role.ComplianceOfficer);
        var assessments = server.Services.GetRequiredService<AssessmentService>();
        var created = assessments.Create(officer, "AI training on public posts (step-up)", ["UK"]).Value;
        var answers = AssessmentTemplates.IcoLegitimateInterests.Questions.Select(q => CompleteAnswers.For(q)).ToArray();
        var drafted = assessments.SaveDraft(officer, created.Id, created.Version, 1, new DraftContent(created.Versions[0].Title, ["UK"], answers, Enum.GetValues<ReviewTrigger>()));
        Assert.True(drafted.Succeeded, drafted.Failure?.Message);
        var submitted = assessments.Submit(officer, created.Id, 1);
        Assert.True(submitted.Succeeded, submitted.Failure?.Message);
        return created.Id;
    }

    [Fact]
    public async Task ALegalReviewerWithMfa_ApprovesWithPasswordAndCode_AfterAWrongCodeIsRefused_AndTheAuditSaysHow()
    {
        var id = AssessmentInReview();
        var email = AddUser(Role.LegalReviewer, "Lara Legal");
        var app = new DashboardPages(await server.NewPageAsync());
        var page = app.Page;
        var (key, _) = await EnrolAsync(app, email);

        await page.GotoAsync($"/assessments/{id}/versions/1");
        await app.WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Authenticator code")).ToBeVisibleAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(page, "Approve version with a code (ApproveDialog)");
        await ShotAsync(page, "approve-with-code");

        // The enrolment used this step's code, so the next one; a wrong one first.
        var next = Code(key, TimeSpan.FromSeconds(30));
        await dialog.GetByLabel("Your password").FillAsync(Password);
        await dialog.GetByLabel("Authenticator code").FillAsync(next == "000000" ? "000001" : "000000");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync(SignInService.StepUpCodeFailure);
        // A refused attempt clears both secrets: they are typed again.
        await Expect(dialog.GetByLabel("Your password")).ToBeEmptyAsync();
        await dialog.GetByLabel("Your password").FillAsync(Password);
        await dialog.GetByLabel("Authenticator code").FillAsync(next);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator("xpath=..").GetByTestId("status")).ToHaveTextAsync("Approved", new() { Timeout = 30_000 });
        var entries = server.Services.GetRequiredService<IAuditLog>().ReadAll().Where(e => e.EntityId == id).ToList();
        Assert.Contains(entries, e => e.Action == "stepup.failed");
        Assert.EndsWith("re-authenticated with a password and an authenticator code", entries.Last(e => e.Action == "assessment.approved").Summary);
    }

    [Fact]
    public async Task AnAdmin_SeesWhoUsesMfa_AndResetsAReviewersMfa()
    {
        var reviewer = AddUser(Role.LegalReviewer, "Rita Reviewer");
        await EnrolAsync(new DashboardPages(await server.NewPageAsync()), reviewer);
        var admin = AddUser(Role.Admin, "Ada Admin");
        var app = new DashboardPages(await server.NewPageAsync());
        await EnrolAsync(app, admin);
        var page = app.Page;

        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            await page.GotoAsync("/administration");
            await app.WaitUntilInteractiveAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Rita Reviewer" });
            await Expect(row).ToContainTextAsync("Authenticator app (10 recovery codes left)");
            await AssertAccessibleAsync(page, $"Administration ({theme})");
            await ShotAsync(page, $"administration-{theme}".ToLowerInvariant());
            await page.GetByRole(AriaRole.Button, new() { Name = "Reset MFA of Rita Reviewer" }).ClickAsync();
            await Axe.AssertOpenDialogHasNoSeriousViolationAsync(page, $"Reset MFA confirmation ({theme})");
            await ShotAsync(page, $"reset-mfa-{theme}".ToLowerInvariant());
            if (theme == ColorScheme.Light)
            {
                await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                continue;
            }
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reset MFA" }).ClickAsync();
            await Expect(row).ToContainTextAsync("Required at next sign-in");
        }

        Assert.Null(server.Services.GetRequiredService<IUserRepository>().Find(reviewer)!.Totp);
    }
}
