using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Administration;

namespace ComplianceDashboard.Web.Tests.Components;

/// <summary>The MFA column of the Users table: a single sign-on user is not shown as owing an authenticator app.</summary>
public sealed class UserMfaStatusTests
{
    private static readonly MfaPolicy Policy = new();
    private static readonly User Legal = new() { Email = "lena@example.org", Role = Role.LegalReviewer };

    [Fact]
    public void ALegalReviewerWithoutAnApp_OnARealStore_MustSetOneUpAtTheNextSignIn() =>
        Assert.Equal("Required at next sign-in", UserMfaStatus.Describe(Legal, Policy, StoreMode.Real));

    [Fact]
    public void ALegalReviewerBoundToTheIdentityProvider_IsShownAsDoingMfaThere() =>
        Assert.Equal("At the identity provider (single sign-on)",
            UserMfaStatus.Describe(Legal with { External = new ExternalIdentity { Issuer = "https://idp.example.org/", Subject = "sub-lena" } }, Policy, StoreMode.Real));

    [Fact]
    public void AnEnrolledUser_ShowsTheRecoveryCodesLeft() =>
        Assert.Equal("Authenticator app (9 recovery codes left)", UserMfaStatus.Describe(
            Legal with { Totp = new TotpEnrolment { ConfirmedAt = DateTime.UtcNow, RecoveryCodeHashes = Enumerable.Repeat("h", 9).ToArray() } }, Policy, StoreMode.Real));

    [Fact]
    public void OnADemoStore_NobodyOwesAnApp() =>
        Assert.Equal("Not used", UserMfaStatus.Describe(Legal, Policy, StoreMode.Demo));
}
