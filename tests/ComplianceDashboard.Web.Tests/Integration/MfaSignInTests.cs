using System.Net;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>
/// The app on a real store (MFA required for Admin, Legal reviewer and DPO) with a clock the tests move, a session
/// idle timeout of a day and an absolute lifetime of an hour (so a test can tell the two apart).
/// </summary>
public sealed class MfaAppFactory : DashboardFactory
{
    public const string Password = "Real-Store-Password-2026";

    public MovableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ComplianceDashboard:DemoMode", "false");
        builder.UseSetting("ComplianceDashboard:Session:IdleTimeout", "1.00:00:00");
        builder.UseSetting("ComplianceDashboard:Session:AbsoluteLifetime", "01:00:00");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A new user of <paramref name="role"/> with <see cref="Password"/>; its e-mail address.</summary>
    public string AddUser(Role role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@real.example";
        Assert.True(Services.GetRequiredService<UserService>().Add(Actor.System, email, $"Real {role}", role, Password).Succeeded);
        return email;
    }

    public User Stored(string email) => Services.GetRequiredService<IUserRepository>().Find(email)!;

    public IReadOnlyList<AuditEntry> AuditOf(string email) =>
        Services.GetRequiredService<IAuditLog>().ReadAll().Where(e => e.EntityId == email).ToList();
}

/// <summary>A clock the tests move forward by hand.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Signing in with a second factor through the real app: enrolment, codes, recovery codes, refusals.</summary>
public sealed class MfaSignInTests(MfaAppFactory factory) : IClassFixture<MfaAppFactory>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(factory.Clock.GetUtcNow().UtcDateTime);

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields)
    {
        fields[Browser.AntiforgeryField] = await browser.AntiforgeryTokenAsync(page, action);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static Task<HttpResponseMessage> PostCodeAsync(HttpClient browser, string code, string returnUrl = "/") =>
        PostFormAsync(browser, $"/signin/code?returnUrl={Uri.EscapeDataString(returnUrl)}", "/account/signin/code",
            new() { ["code"] = code, ["returnUrl"] = returnUrl });

    /// <summary>Enrols <paramref name="email"/> through the pages; returns the key and the recovery codes the page showed.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient browser, string email, string returnUrl = "/")
    {
        using var password = await browser.PostSignInAsync(email, MfaAppFactory.Password, returnUrl);
        Assert.Equal($"/signin/enrol?returnUrl={Uri.EscapeDataString(returnUrl)}", password.RedirectTarget());
        var page = await browser.GetPageAsync(password.RedirectTarget());
        var key = page.QuerySelector("[data-key]")!.GetAttribute("data-key")!;
        using var confirmed = await PostFormAsync(browser, password.RedirectTarget(), "/account/signin/enrol", new() { ["code"] = Code(key), ["returnUrl"] = returnUrl });
        Assert.Equal($"/signin/recovery-codes?returnUrl={Uri.EscapeDataString(returnUrl)}", confirmed.RedirectTarget());
        var shown = await browser.GetPageAsync(confirmed.RedirectTarget());
        var codes = shown.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        factory.Clock.Advance(Step);
        return (key, codes);
    }

    private static async Task AssertNoSessionAsync(HttpClient browser)
    {
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/signin", home.RedirectTarget());
    }

    [Fact]
    public async Task ALegalReviewer_IsSentToEnrol_WithAQrCodeAndKey_AndHasNoSessionBeforeTheFirstCode()
    {
        var email = factory.AddUser(Role.LegalReviewer);
        var browser = factory.CreateBrowser();

        using var password = await browser.PostSignInAsync(email, MfaAppFactory.Password, "/assessments");
        var page = await browser.GetPageAsync(password.RedirectTarget());

        Assert.Equal("/signin/enrol?returnUrl=%2Fassessments", password.RedirectTarget());
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector(".enrol-qr img")!.GetAttribute("src"));
        Assert.Contains("QR code", page.QuerySelector(".enrol-qr img")!.GetAttribute("alt"));
        Assert.Matches("^[A-Z2-7]{32}$", page.QuerySelector("[data-key]")!.GetAttribute("data-key"));
        await AssertNoSessionAsync(browser);
    }

    [Fact]
    public async Task Enrolling_ShowsTenRecoveryCodesOnce_AndStartsTheSession()
    {
        var email = factory.AddUser(Role.Dpo);
        var browser = factory.CreateBrowser();

        var (_, codes) = await EnrolAsync(browser, email);
        var again = await browser.GetPageAsync("/signin/recovery-codes");

        Assert.Equal(10, codes.Distinct().Count());
        Assert.Empty(again.QuerySelectorAll(".recovery-codes code"));
        Assert.Contains("shown once", again.QuerySelector(".signin-subtitle")!.TextContent);
        Assert.True(factory.Stored(email).UsesMfa());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Contains(factory.AuditOf(email), e => e.Action == "mfa.enrolled");
    }

    [Fact]
    public async Task AnEnrolledUser_SignsInWithPasswordAndCode_AndTheAuditSaysSo()
    {
        var email = factory.AddUser(Role.Admin);
        var (key, _) = await EnrolAsync(factory.CreateBrowser(), email);
        var browser = factory.CreateBrowser();

        using var password = await browser.PostSignInAsync(email, MfaAppFactory.Password, "/administration");
        await AssertNoSessionAsync(browser);
        using var code = await PostCodeAsync(browser, Code(key), "/administration");

        Assert.Equal("/signin/code?returnUrl=%2Fadministration", password.RedirectTarget());
        Assert.Equal("/administration", code.RedirectTarget());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/administration")).StatusCode);
        Assert.EndsWith("with a password and an authenticator code", factory.AuditOf(email).Last(e => e.Action == "signin.succeeded").Summary);
    }

    [Fact]
    public async Task AWrongCode_ShowsTheErrorAgainstTheCodeForm_AndGivesNoSession()
    {
        var email = factory.AddUser(Role.LegalReviewer);
        await EnrolAsync(factory.CreateBrowser(), email);
        var browser = factory.CreateBrowser();
        await browser.PostSignInAsync(email, MfaAppFactory.Password);

        using var wrong = await PostCodeAsync(browser, "12345");
        var page = await browser.GetPageAsync(wrong.RedirectTarget());

        Assert.Equal("/signin/code?error=failed&returnUrl=%2F", wrong.RedirectTarget());
        Assert.Equal(SignInService.CodeFailure, page.QuerySelector("[role=alert]")!.TextContent);
        await AssertNoSessionAsync(browser);
        Assert.Equal(1, factory.Services.GetRequiredService<SignInService>().RecentFailures(email));
    }

    [Fact]
    public async Task ARecoveryCode_SignsInOnce()
    {
        var email = factory.AddUser(Role.LegalReviewer);
        var (_, recovery) = await EnrolAsync(factory.CreateBrowser(), email);

        var first = factory.CreateBrowser();
        await first.PostSignInAsync(email, MfaAppFactory.Password);
        using var used = await PostCodeAsync(first, recovery[0]);
        var second = factory.CreateBrowser();
        await second.PostSignInAsync(email, MfaAppFactory.Password);
        using var reused = await PostCodeAsync(second, recovery[0]);

        Assert.Equal("/", used.RedirectTarget());
        Assert.StartsWith("/signin/code?error=failed", reused.RedirectTarget());
        await AssertNoSessionAsync(second);
    }

    [Fact]
    public async Task ACodePost_WithoutAPasswordFirst_IsSentBackToSignIn()
    {
        var browser = factory.CreateBrowser();

        using var response = await PostCodeAsync(browser, "123456");

        Assert.Equal("/signin?error=expired&returnUrl=%2F", response.RedirectTarget());
        var page = await browser.GetPageAsync(response.RedirectTarget());
        Assert.Contains("took too long", page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task ResettingMfa_EndsTheOpenSession_AndTheNextSignInEnrolsAgain()
    {
        var email = factory.AddUser(Role.LegalReviewer);
        var browser = factory.CreateBrowser();
        await EnrolAsync(browser, email);

        Assert.True(factory.Services.GetRequiredService<UserService>().ResetMfa(Actor.System, email).Succeeded);

        await AssertNoSessionAsync(browser);
        using var again = await browser.PostSignInAsync(email, MfaAppFactory.Password);
        Assert.StartsWith("/signin/enrol", again.RedirectTarget());
    }

    [Fact]
    public async Task EndingAUsersSessions_SignsThemOutOnTheirNextRequest()
    {
        var email = factory.AddUser(Role.ComplianceOfficer);
        var browser = factory.CreateBrowser();
        await browser.SignInAsync(email, MfaAppFactory.Password);

        Assert.True(factory.Services.GetRequiredService<UserService>().EndSessions(Actor.System, email).Succeeded);

        await AssertNoSessionAsync(browser);
    }

    [Fact]
    public async Task ASession_EndsAtItsAbsoluteLifetime_EvenWhileActive()
    {
        var email = factory.AddUser(Role.ComplianceOfficer);
        var browser = factory.CreateBrowser();
        await browser.SignInAsync(email, MfaAppFactory.Password);

        factory.Clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(11));

        await AssertNoSessionAsync(browser);
    }

    [Fact]
    public void TheSessionCookiesIdleTimeout_ComesFromTheSessionPolicy()
    {
        var cookie = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(DashboardClaims.CookieScheme);

        Assert.Equal(TimeSpan.FromDays(1), cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        Assert.Equal(TimeSpan.FromDays(1), factory.AppOptions.Session.IdleTimeout);
    }

    [Fact]
    public async Task ACompliancOfficer_OutsideThePolicy_SignsInWithThePasswordAlone()
    {
        var email = factory.AddUser(Role.ComplianceOfficer);

        using var response = await factory.CreateBrowser().PostSignInAsync(email, MfaAppFactory.Password);

        Assert.Equal("/", response.RedirectTarget());
    }
}

/// <summary>The demo store never asks for a second factor; the code step shares the sign-in rate limit.</summary>
public sealed class MfaDemoAndRateLimitTests
{
    [Fact]
    public async Task DemoAccounts_OfRolesThatWouldNeedMfa_SignInWithTheirPasswordAlone()
    {
        await using var factory = new DashboardFactory();
        var browser = factory.CreateBrowser();

        await browser.SignInAsync(Browser.DemoEmail(Role.Admin));
    }

    [Fact]
    public async Task CodePosts_CountTowardTheSignInRateLimit()
    {
        await using var factory = DashboardFactory.WithSignInLimit(2);
        var browser = factory.CreateBrowser();

        using var password = await browser.PostSignInAsync(Browser.DemoEmail(Role.Auditor), "wrong-password");
        var token = await browser.AntiforgeryTokenAsync("/signin/code", "/account/signin/code");
        using var code = await browser.PostAsync("/account/signin/code", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "123456", [Browser.AntiforgeryField] = token }));
        using var third = await browser.PostAsync("/account/signin/code", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "123456", [Browser.AntiforgeryField] = token }));

        Assert.StartsWith("/signin?error=expired", code.RedirectTarget());
        Assert.Equal(HttpStatusCode.SeeOther, third.StatusCode);
        Assert.Equal("/signin/code?error=throttled", third.RedirectTarget());
        var page = await browser.GetPageAsync(third.RedirectTarget());
        Assert.Equal(AccountEndpoints.ThrottledMessage, page.QuerySelector("[role=alert]")!.TextContent);
    }
}
