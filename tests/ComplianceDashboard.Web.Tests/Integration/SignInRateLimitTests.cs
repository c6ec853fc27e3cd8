using System.Net;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Tests.Hosting;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task TheFourthSignInPostWithinAMinute_IsThrottled_WhenThreeAreAllowed()
    {
        await using var factory = DashboardFactory.WithSignInLimit(3);
        Assert.Equal(3, factory.AppOptions.SignIn.PermitsPerMinute);
        var browser = factory.CreateBrowser();
        var email = Browser.DemoEmail(Role.Auditor);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var allowed = await browser.PostSignInAsync(email, $"wrong-password-{attempt}");
            Assert.StartsWith("/signin?error=failed", allowed.RedirectTarget());
        }
        using var fourth = await browser.PostSignInAsync(email, $"wrong-password-4");

        Assert.Equal(HttpStatusCode.SeeOther, fourth.StatusCode);
        Assert.Equal("/signin?error=throttled", fourth.RedirectTarget());
        var page = await browser.GetPageAsync(fourth.RedirectTarget());
        Assert.Contains("Too many sign-in attempts", page.QuerySelector("[role=alert]")?.TextContent);
    }

    [Fact]
    public async Task TheSingleSignOnLink_CountsAgainstTheSameLimit_AsThePasswordForm()
    {
        await using var factory = DashboardFactory.WithSignInLimit(3);
        var browser = factory.CreateBrowser();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var allowed = await browser.PostSignInAsync(Browser.DemoEmail(Role.Auditor), $"wrong-password-{attempt}");
            Assert.StartsWith("/signin?error=failed", allowed.RedirectTarget());
        }
        // The third attempt from this address is a click on the single sign-on link (single sign-on is off here, so it
        // leads back to the sign-in page); the fourth, of either kind, is refused.
        using var third = await browser.GetAsync("/account/sso");
        Assert.Equal("/signin", third.RedirectTarget());
        using var fourth = await browser.GetAsync("/account/sso");

        Assert.Equal("/signin?error=throttled", fourth.RedirectTarget());
        using var fifth = await browser.PostSignInAsync(Browser.DemoEmail(Role.Auditor), "wrong-password-5");
        Assert.Equal("/signin?error=throttled", fifth.RedirectTarget());
    }
}
