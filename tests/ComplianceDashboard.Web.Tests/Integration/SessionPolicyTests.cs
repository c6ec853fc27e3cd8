using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>The session policy as an open circuit applies it every 30 seconds: idle timeout and absolute lifetime.</summary>
public sealed class SessionPolicyTests
{
    private static readonly DateTimeOffset SignedIn = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly DashboardOptions.SessionOptions Policy = new();
    private static readonly System.Security.Claims.ClaimsPrincipal Session =
        DashboardClaims.ForUser(new User { Email = "a@example.org", DisplayName = "A", Role = Role.Auditor, SecurityStamp = "s" }, SignedIn);

    [Fact]
    public void ACircuit_GoesOn_WhileThePersonIsActive_WithinTheLifetime() =>
        Assert.True(SessionRevalidation.CircuitMayGoOn(Session, Policy, SignedIn.AddHours(11), lastActivity: SignedIn.AddHours(11).AddMinutes(-29)));

    [Fact]
    public void ACircuit_Ends_AfterThirtyMinutesWithoutActivity() =>
        Assert.False(SessionRevalidation.CircuitMayGoOn(Session, Policy, SignedIn.AddHours(1), lastActivity: SignedIn.AddMinutes(30)));

    [Fact]
    public void ACircuit_Ends_TwelveHoursAfterSignIn_EvenWhileActive() =>
        Assert.False(SessionRevalidation.CircuitMayGoOn(Session, Policy, SignedIn.AddHours(12), lastActivity: SignedIn.AddHours(12)));

    [Fact]
    public void ASessionWithoutASignInTime_IsOutsideTheLifetime()
    {
        var old = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([], "Cookies"));

        Assert.False(SessionRevalidation.WithinLifetime(old, Policy, SignedIn));
    }
}
