using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components.Account;

/// <summary>
/// The fields every sign-off dialog uses to re-authenticate: a code is asked for only from people with MFA; a person
/// signed in by single sign-on is told the provider will ask them to sign in again, and gets no field at all.
/// </summary>
public sealed class ReauthenticationFieldsTests : ComponentTestBase
{
    private void GiveAuthenticatorApp(Role role)
    {
        var email = DemoAccounts.All.Single(a => a.Role == role).Email;
        var users = Context.Services.GetRequiredService<IUserRepository>();
        var saved = Context.Services.GetRequiredService<IUnitOfWork>().Write(() => users.Save(users.Find(email)! with
        {
            Totp = new TotpEnrolment { ProtectedSecret = "not-read-here", StartedAt = DateTime.UtcNow, ConfirmedAt = DateTime.UtcNow, RecoveryCodeHashes = ["00"] },
        }));
        Assert.True(saved.Succeeded, saved.Failure?.Message);
    }

    [Fact]
    public void APersonWithoutMfa_IsAskedForThePasswordAlone()
    {
        SeedDemoProgramme();
        SignInAs(Role.LegalReviewer);

        var cut = Context.Render<ReauthenticationFields>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("input")));
        Assert.Contains("Your password", cut.Markup);
        Assert.DoesNotContain("Authenticator code", cut.Markup);
    }

    [Fact]
    public void APersonWithMfa_IsAskedForThePasswordAndACode()
    {
        SeedDemoProgramme();
        GiveAuthenticatorApp(Role.LegalReviewer);
        SignInAs(Role.LegalReviewer);

        var cut = Context.Render<ReauthenticationFields>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("input").Count));
        Assert.Contains("Authenticator code", cut.Markup);
        Assert.Equal("one-time-code", cut.FindAll("input")[1].GetAttribute("autocomplete"));
    }

    [Fact]
    public void APersonSignedInBySingleSignOn_IsToldTheProviderWillAskAgain_AndIsAskedForNoPasswordOrCode()
    {
        Context.Services.AddSingleton(new Auth.SingleSignOn.OidcOptions { Authority = "https://idp.example.org/", ClientId = "cd", DisplayName = "Example IdP" });
        SeedDemoProgramme();
        GiveAuthenticatorApp(Role.LegalReviewer);
        SignInAs(Role.LegalReviewer, Auth.DashboardClaims.SingleSignOnMethod);

        var cut = Context.Render<ReauthenticationFields>();

        cut.WaitForAssertion(() => Assert.Contains("you will sign in again at Example IdP", cut.Markup));
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public void APasswordSession_AsksForThePassword_EvenWhenSingleSignOnIsConfigured()
    {
        Context.Services.AddSingleton(new Auth.SingleSignOn.OidcOptions { Authority = "https://idp.example.org/", ClientId = "cd", DisplayName = "Example IdP" });
        SeedDemoProgramme();
        SignInAs(Role.LegalReviewer);

        var cut = Context.Render<ReauthenticationFields>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("input")));
        Assert.DoesNotContain("Example IdP", cut.Markup);
    }
}
