using System.Net;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class SignInTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string SessionCookie = "cd.session";

    [Fact]
    public async Task TheRightPassword_StartsASession_AndSendsThePersonToTheReturnUrl()
    {
        var browser = factory.CreateBrowser();

        await browser.SignInAsync(Browser.DemoEmail(Role.ComplianceOfficer), returnUrl: "/jurisdictions");

        using var page = await browser.GetAsync("/jurisdictions");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AWrongPassword_RedirectsBackWithTheGenericMessage_AndStartsNoSession()
    {
        var browser = factory.CreateBrowser();

        using var response = await browser.PostSignInAsync(Browser.DemoEmail(Role.ComplianceOfficer), "not-the-password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?error=failed", response.RedirectTarget());
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        var page = await browser.GetPageAsync(response.RedirectTarget());
        Assert.Contains(SignInService.GenericFailure, page.QuerySelector("[role=alert]")?.TextContent);
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_SoTheRightPasswordIsRefused_AndTheLockIsAudited()
    {
        var browser = factory.CreateBrowser();
        var email = Browser.DemoEmail(Role.Dpo);

        for (var attempt = 1; attempt <= SignInService.MaxFailures; attempt++)
        {
            using var wrong = await browser.PostSignInAsync(email, $"wrong-password-{attempt}");
            Assert.StartsWith("/signin?error=failed", wrong.RedirectTarget());
        }
        using var right = await browser.PostSignInAsync(email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.StartsWith("/signin?error=failed", right.RedirectTarget());
        Assert.NotNull(factory.Services.GetRequiredService<SignInService>().LockedUntil(email));
        var failures = factory.Services.GetRequiredService<IAuditLog>()
            .Query(new AuditFilter(EntityType: UserService.EntityType, Action: "signin.failed"), 0, 100).Entries
            .Where(e => e.EntityId == email).Select(e => e.Summary).Reverse().ToList();
        Assert.Equal(SignInService.MaxFailures + 1, failures.Count);
        Assert.StartsWith("Wrong password; account locked", failures[SignInService.MaxFailures - 1]);
        Assert.StartsWith("Account locked until", failures[^1]);
    }

    [Fact]
    public async Task ASignInPost_WithoutAnAntiforgeryToken_IsRejected()
    {
        var browser = factory.CreateBrowser();
        await browser.GetPageAsync("/signin");

        using var response = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Browser.DemoEmail(Role.ComplianceOfficer),
            ["password"] = DemoAccounts.Password,
            ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task WithoutSingleSignOnConfigured_TheSignInPageOffersOnlyThePasswordForm()
    {
        var browser = factory.CreateBrowser();

        var page = await browser.GetPageAsync("/signin");

        Assert.Null(page.QuerySelector("a.signin-sso"));
        Assert.DoesNotContain("single sign-on", page.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(page.QuerySelector("form[action='/account/signin'] input#password"));
    }
}
