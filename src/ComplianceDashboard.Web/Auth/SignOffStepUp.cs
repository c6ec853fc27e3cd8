using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth.SingleSignOn;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// For sign-off dialogs: how the person re-authenticates (the way their session started: at the identity provider for a
/// single sign-on session, otherwise their password and, with MFA, a code) and signing with it.
/// </summary>
public sealed class SignOffStepUp(CurrentUser currentUser, StepUpService stepUps, NavigationManager navigation, OidcOptions oidc)
{
    public string ProviderName => oidc.ProviderName;

    /// <summary>Whether the person re-authenticates at the identity provider rather than with their password.</summary>
    public async Task<bool> AtProviderAsync() => oidc.Enabled && await currentUser.SignedInBySingleSignOnAsync();

    /// <summary>
    /// Signs. An SSO user's sign-off (<paramref name="request"/>: what is signed, its content hash, the dialog's answers) is
    /// kept on the server and the browser goes to the provider: the answer is null (the page is leaving) or why it could
    /// not start. A local user's sign-off is made at once with <paramref name="signLocally"/>, off the circuit's thread
    /// (checking a password is deliberately slow).
    /// </summary>
    public async Task<Result<T>?> SignAsync<T>(PendingSignOff request, Func<Actor, Result<T>> signLocally)
    {
        var actor = await currentUser.ActorAsync();
        if (!await AtProviderAsync()) return await Task.Run(() => signLocally(actor));
        var started = stepUps.Begin(actor, request);
        if (!started.Succeeded) return started.Failure!;
        navigation.NavigateTo($"/account/sso/step-up/{Uri.EscapeDataString(started.Value.Id)}", forceLoad: true);
        return null;
    }
}
