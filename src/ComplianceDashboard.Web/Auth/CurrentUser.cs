using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace ComplianceDashboard.Web.Auth;

/// <summary>The signed-in person of a circuit, as the actor that Core services check.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<Actor> ActorAsync() => (await authentication.GetAuthenticationStateAsync()).User.ToActor();

    /// <summary>Whether the session came from single sign-on, so sign-offs re-authenticate at the identity provider.</summary>
    public async Task<bool> SignedInBySingleSignOnAsync() => (await authentication.GetAuthenticationStateAsync()).User.SignedInBySingleSignOn();

    public async Task<bool> CanAsync(Permission permission) => (await ActorAsync()).Can(permission);
}
