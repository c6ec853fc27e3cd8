using System.Security.Claims;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace ComplianceDashboard.Web.Auth;

/// <summary>The signed-in person of a circuit, as the actor that Core services check.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, UserService users)
{
    public async Task<Actor> ActorAsync() => (await authentication.GetAuthenticationStateAsync()).User.ToActor();

    /// <summary>Whether the session came from single sign-on, so sign-offs re-authenticate at the identity provider.</summary>
    public async Task<bool> SignedInBySingleSignOnAsync() => (await authentication.GetAuthenticationStateAsync()).User.SignedInBySingleSignOn();

    public async Task<bool> CanAsync(Permission permission) => (await ActorAsync()).Can(permission);

    /// <summary>Whether the person uses an authenticator app, so a sign-off asks them for a code as well.</summary>
    public async Task<bool> UsesMfaAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier) is { } email &&
        users.Find(email)?.UsesMfa() == true;
}
