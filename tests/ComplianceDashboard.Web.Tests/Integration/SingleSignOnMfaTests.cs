using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>
/// Single sign-on and MFA together on a real store (MFA required for Admin, Legal reviewer and DPO): a person the provider
/// signed in is never asked to enrol a local authenticator app (the provider does MFA); a break-glass admin signing in
/// with a local password must enrol one.
/// </summary>
public sealed class SingleSignOnMfaTests(RealStoreSingleSignOnDashboard dashboard) : IClassFixture<RealStoreSingleSignOnDashboard>
{
    private const string Password = "Break-Glass-Password-2026";

    private T Get<T>() where T : notnull => dashboard.Services.GetRequiredService<T>();

    [Fact]
    public async Task AnSsoLegalReviewer_GetsASessionAtOnce_WithoutEnrollingAnAuthenticatorApp()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        const string email = "lena@sso.example";
        Assert.True(Get<UserService>().Add(Actor.System, email, "Lena", Role.LegalReviewer, "a long enough password").Succeeded);
        dashboard.Provider.Add(new TestAccount("lena", email, "cd-legal"));

        using var response = await browser.SignInAsync("lena");

        Assert.Equal("/", response.RedirectTarget());
        Assert.True(SingleSignOnBrowser.SetsSession(response), "The SSO sign-in gave no session.");
        Assert.Null(Get<IUserRepository>().Find(email)!.Totp);
        using var home = await browser.App.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task ABreakGlassAdmin_SigningInWithAPassword_MustEnrolAnAuthenticatorApp_AndGetsNoSessionYet()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        Assert.True(Get<UserService>().Add(Actor.System, SingleSignOnDashboard.BreakGlassAdmin, "Break-glass admin", Role.Admin, Password).Succeeded);

        using var response = await browser.App.PostSignInAsync(SingleSignOnDashboard.BreakGlassAdmin, Password);

        Assert.Equal("/signin/enrol?returnUrl=%2F", response.RedirectTarget());
        Assert.False(SingleSignOnBrowser.SetsSession(response), "A password alone gave a break-glass admin a session.");
        Assert.NotNull(Get<IUserRepository>().Find(SingleSignOnDashboard.BreakGlassAdmin)!.Totp);
    }
}
