using System.Net;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>How sessions end: signing out, and access changed by an administrator.</summary>
public sealed class SessionTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task SigningOut_EndsTheSession()
    {
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");

        using var signOut = await browser.PostAsync("/account/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { [Browser.AntiforgeryField] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin?signedOut=1", signOut.RedirectTarget());
        await AssertSentToSignInAsync(browser);
    }

    [Fact]
    public async Task ASignOutPost_WithoutAnAntiforgeryToken_IsRejected_AndTheSessionGoesOn()
    {
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Dpo));

        using var signOut = await browser.PostAsync("/account/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirOpenSessionOnItsNextRequest()
    {
        var email = Browser.DemoEmail(Role.Auditor);
        var browser = await factory.SignedInBrowserAsync(email);
        await browser.GetPageAsync("/");

        var disabled = factory.Services.GetRequiredService<UserService>().Disable(Actor.CommandLine, email);

        Assert.True(disabled.Succeeded, disabled.Failure?.Message);
        await AssertSentToSignInAsync(browser);
    }

    [Fact]
    public async Task ChangingAUsersRole_EndsTheirOpenSessionOnItsNextRequest()
    {
        var email = Browser.DemoEmail(Role.LegalReviewer);
        var browser = await factory.SignedInBrowserAsync(email);
        await browser.GetPageAsync("/");

        var changed = factory.Services.GetRequiredService<UserService>().ChangeRole(Actor.CommandLine, email, Role.Auditor);

        Assert.True(changed.Succeeded, changed.Failure?.Message);
        await AssertSentToSignInAsync(browser);
    }

    private static async Task AssertSentToSignInAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.RedirectTarget());
    }
}
