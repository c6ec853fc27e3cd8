using System.Net;
using AngleSharp.Html.Parser;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>
/// Single sign-on through a real OpenID Connect provider (OpenIddict's server over HTTP): the app discovers it, checks the
/// signature, issuer, audience, nonce and state of what comes back, and gives a session only to a user the rules accept.
/// </summary>
public sealed class SingleSignOnTests(SingleSignOnDashboard dashboard) : IClassFixture<SingleSignOnDashboard>
{
    private T Get<T>() where T : notnull => dashboard.Services.GetRequiredService<T>();

    /// <summary>A dashboard user created by an admin, and the provider account with the same (verified) e-mail.</summary>
    private TestAccount PreCreated(string name, string[] groups, Role role = Role.Auditor, Func<TestAccount, TestAccount>? tweak = null)
    {
        var email = $"{name}@sso.example";
        Assert.True(Get<UserService>().Add(Actor.System, email, name, role, "a long enough password").Succeeded);
        var account = (tweak ?? (a => a))(new TestAccount(name, email, groups));
        dashboard.Provider.Add(account);
        return account;
    }

    private static bool SetsSession(HttpResponseMessage response) => SingleSignOnBrowser.SetsSession(response);

    private async Task AssertRefusedAsync(HttpResponseMessage response, SingleSignOnBrowser browser, string reason, string text)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin/refused?reason={reason}", response.RedirectTarget());
        Assert.False(SetsSession(response), "A refused sign-on set a session cookie.");
        var page = await browser.App.GetPageAsync(response.RedirectTarget());
        Assert.Contains(text, page.QuerySelector("[role=alert]")!.TextContent);
        using var home = await browser.App.GetAsync("/");
        Assert.Equal("/signin?ReturnUrl=%2F", home.RedirectTarget());
    }

    private AuditEntry LastAudit(string action) => Get<IAuditLog>().ReadAll().Last(e => e.Action == action);

    [Fact]
    public async Task TheSignInPage_OffersSingleSignOn()
    {
        using var browser = new SingleSignOnBrowser(dashboard);

        var page = await browser.App.GetPageAsync("/signin");

        Assert.Equal("/account/sso?returnUrl=%2F", page.QuerySelector("a.signin-sso")?.GetAttribute("href"));
        Assert.Equal("Sign in with single sign-on", page.QuerySelector("a.signin-sso")?.TextContent);
    }

    [Fact]
    public async Task SignOn_UsesTheCodeFlowWithPkce_AndAQueryResponse()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        PreCreated("pkce", ["cd-officers"]);

        var callback = await browser.AuthorizeAsync("pkce");

        var seen = dashboard.Provider.AuthorizationRequests.Last();
        Assert.Equal("S256", seen.CodeChallengeMethod);
        // The handler leaves response_mode out for the code flow, whose default is query: the answer comes back in the URL.
        Assert.True(seen.ResponseMode is null or "query", $"response_mode={seen.ResponseMode}");
        Assert.Contains("code=", callback);
        Assert.Null(seen.Prompt);
    }

    [Fact]
    public async Task AValidSignOn_StartsASession_WithTheRoleTheGroupMapsTo_AndIsAudited()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        var account = PreCreated("olga", ["cd-officers", "everyone"]);

        using var response = await browser.SignInAsync("olga", "/account/sso?returnUrl=%2Fjurisdictions");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/jurisdictions", response.RedirectTarget());
        Assert.True(SetsSession(response));
        using var page = await browser.App.GetAsync("/jurisdictions");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var user = Get<IUserRepository>().Find(account.Email)!;
        Assert.Equal(Role.ComplianceOfficer, user.Role);
        Assert.Equal((dashboard.Provider.Issuer.ToString(), account.Subject), (user.External!.Issuer, user.External.Subject));
        Assert.Contains("Auditor → Compliance officer from the provider's groups", LastAudit("user.role-changed").Summary);
        Assert.Contains("Signed in by single sign-on at Test IdP", Get<IAuditLog>().ReadAll().Last(e => e.Action == "signin.succeeded" && e.EntityId == account.Email).Summary);
    }

    [Fact]
    public async Task ATokenForAnotherAudience_IsRefused_WithNoSession()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        PreCreated("wrongaud", ["cd-officers"], tweak: a => a with { WrongAudience = "some-other-app" });

        using var response = await browser.SignInAsync("wrongaud");

        await AssertRefusedAsync(response, browser, "audience", "wrong audience");
        Assert.Contains("wrong audience", LastAudit("signin.failed").Summary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused_WithNoSession()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        PreCreated("expired", ["cd-officers"], tweak: a => a with { Expired = true });

        using var response = await browser.SignInAsync("expired");

        await AssertRefusedAsync(response, browser, "expired", "has expired");
    }

    [Fact]
    public async Task AReplayedAnswer_IsRefused_WithNoSession()
    {
        using var victim = new SingleSignOnBrowser(dashboard);
        PreCreated("replayed", ["cd-officers"]);
        var callback = await victim.AuthorizeAsync("replayed");
        using (var first = await victim.App.GetAsync(callback))
            Assert.True(SetsSession(first));

        using var attacker = new SingleSignOnBrowser(dashboard);
        using var replay = await attacker.App.GetAsync(callback);

        await AssertRefusedAsync(replay, attacker, "state", "already used");
    }

    [Fact]
    public async Task AnUnknownPerson_IsRefused_WhenUsersMustBeCreatedFirst()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        dashboard.Provider.Add(new TestAccount("stranger", "stranger@sso.example", "cd-officers"));

        using var response = await browser.SignInAsync("stranger");

        await AssertRefusedAsync(response, browser, "unknown-user", "You have no account in this dashboard");
        Assert.Null(Get<IUserRepository>().Find("stranger@sso.example"));
    }

    [Fact]
    public async Task APersonWhoseGroupsMapToNoRole_GetsNoSession_AndAPageSayingSo()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        var account = PreCreated("norole", ["everyone"]);

        using var response = await browser.SignInAsync("norole");

        await AssertRefusedAsync(response, browser, "no-role", "has no role yet");
        Assert.True(Get<IUserRepository>().Find(account.Email)!.AwaitingRole);
    }

    [Fact]
    public async Task GroupsMappingToLegalReviewerAndDpo_AreRefused()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        PreCreated("both", ["cd-legal", "cd-dpo"]);

        using var response = await browser.SignInAsync("both");

        await AssertRefusedAsync(response, browser, "conflicting-roles", "must never also approve as a legal reviewer");
    }

    [Fact]
    public async Task PasswordSignIn_IsRefused_ExceptForBreakGlassAdmins()
    {
        using var browser = new SingleSignOnBrowser(dashboard);

        using var refused = await browser.App.PostSignInAsync(Browser.DemoEmail(Role.ComplianceOfficer), Core.Demo.DemoAccounts.Password);
        Assert.StartsWith("/signin?error=sso-only", refused.RedirectTarget());
        Assert.False(SetsSession(refused));

        await browser.App.SignInAsync(SingleSignOnDashboard.BreakGlassAdmin);
    }

    [Fact]
    public async Task AStepUp_SendsThePersonBackWithPromptLogin_AndAStaleAuthTimeRefusesTheSignOff()
    {
        using var browser = new SingleSignOnBrowser(dashboard);
        var account = PreCreated("stale", ["cd-legal"], tweak: a => a with { AuthTimeAge = TimeSpan.FromMinutes(30) });
        using (var signedIn = await browser.SignInAsync("stale"))
            Assert.True(SetsSession(signedIn));
        var user = Get<IUserRepository>().Find(account.Email)!;
        var pending = Get<StepUpService>().Begin(Actor.User(user.Email, user.DisplayName, user.Role), new PendingSignOff
        {
            Action = SignOffAction.ReleaseEvidencePack, TargetId = "pack-x", ContentHash = new string('a', 64), ReturnUrl = "/evidence-packs",
        }).Value;

        using var response = await browser.SignInAsync("stale", $"/account/sso/step-up/{pending.Id}");

        var seen = dashboard.Provider.AuthorizationRequests.Last();
        Assert.Equal(("login", "0"), (seen.Prompt, seen.MaxAge));
        Assert.Equal($"/sign-offs/{pending.Id}", response.RedirectTarget());
        Assert.False(SetsSession(response), "A step-up replaced the session.");
        var refused = Get<StepUpService>().Find(pending.Id)!;
        Assert.Equal(PendingSignOffStatus.Refused, refused.Status);
        Assert.Contains("30 minutes old", refused.Outcome);
        Assert.Equal(pending.Id, LastAudit("signoff.step-up-refused").EntityId);
        using var home = await browser.App.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
