using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>For sign-off dialogs: whether the person steps up at the identity provider, and starting it (the page reloads).</summary>
public sealed class SsoStepUp(CurrentUser currentUser, StepUpService stepUps, NavigationManager navigation, OidcOptions oidc)
{
    public string ProviderName => oidc.ProviderName;

    public async Task<bool> AppliesAsync() => oidc.Enabled && await currentUser.SignedInBySingleSignOnAsync();

    /// <summary>Keeps the sign-off on the server and sends the browser to the provider; a failure when it cannot start.</summary>
    public async Task<Failure?> BeginAsync(PendingSignOff request)
    {
        var started = stepUps.Begin(await currentUser.ActorAsync(), request);
        if (!started.Succeeded) return started.Failure;
        navigation.NavigateTo($"/account/sso/step-up/{Uri.EscapeDataString(started.Value.Id)}", forceLoad: true);
        return null;
    }
}
