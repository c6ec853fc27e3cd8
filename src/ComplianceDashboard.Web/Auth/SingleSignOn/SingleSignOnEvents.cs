using System.Globalization;
using System.Security.Claims;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>
/// What the dashboard does with the provider's answer: a sign-in becomes a session for the matched user (or a refusal
/// page and no session); a step-up for a sign-off issues its ticket and completes the sign-off, leaving the session as
/// it was; a protocol failure (audience, expiry, signature, replayed state, nonce) is audited and shown as a refusal.
/// </summary>
public sealed class SingleSignOnEvents : OpenIdConnectEvents
{
    /// <summary>The pending sign-off a challenge re-authenticates for (kept in the protected state, so it round-trips).</summary>
    public const string StepUpItem = "cd.step-up";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        if (context.Properties.Items.ContainsKey(StepUpItem))
        {
            // Make the person sign in again now, whatever session they hold at the provider.
            context.ProtocolMessage.Prompt = "login";
            context.ProtocolMessage.MaxAge = "0";
        }
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var oidc = services.GetRequiredService<OidcOptions>();
        var token = context.Principal!;
        var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        var issuer = context.SecurityToken.Issuer;
        var subject = token.FindFirstValue("sub") ?? "";

        if (context.Properties?.Items.TryGetValue(StepUpItem, out var pendingId) == true && pendingId is not null)
        {
            await CompleteStepUpAsync(context, oidc, pendingId, new SsoReauthentication(
                issuer, subject, AuthTime(token), token.FindAll("amr").Select(c => c.Value).ToList(), token.FindFirstValue("acr")));
            return;
        }

        var policy = new SingleSignOnPolicy(configuration.Issuer, oidc.ProviderName, oidc.AccountMatching, oidc.RoleMap, oidc.TenantId);
        var signIn = new ExternalSignIn(
            issuer, subject, token.FindFirstValue("email") ?? token.FindFirstValue("preferred_username"),
            bool.TryParse(token.FindFirstValue("email_verified"), out var verified) && verified,
            token.FindFirstValue("name"),
            token.FindAll(oidc.RoleClaim).Select(c => c.Value).ToList(),
            token.FindFirstValue("tid"), token.FindFirstValue("oid"));
        var outcome = services.GetRequiredService<SingleSignOnService>().SignOn(signIn, policy, Client(http));
        if (outcome.SessionAllowed)
        {
            context.Principal = DashboardClaims.ForSingleSignOnUser(outcome.User!, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return;
        }
        context.HandleResponse();
        context.Response.Redirect($"/signin/refused?reason={SignOnRefusedReasons.Code(outcome.Refusal!.Value)}");
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        var reason = SignOnRefusedReasons.Classify(context.Failure);
        var services = context.HttpContext.RequestServices;
        services.GetRequiredService<SingleSignOnService>().RecordProtocolFailure(
            services.GetRequiredService<OidcOptions>().ProviderName, $"{SignOnRefusedReasons.Describe(reason)} ({context.Failure?.GetType().Name})", Client(context.HttpContext));
        context.HandleResponse();
        context.Response.Redirect($"/signin/refused?reason={reason}");
        return Task.CompletedTask;
    }

    private static async Task CompleteStepUpAsync(TokenValidatedContext context, OidcOptions oidc, string pendingId, SsoReauthentication proof)
    {
        var http = context.HttpContext;
        // The provider's callback is handled before the session cookie is read, so read it here: the sign-off is the session user's.
        var session = await http.AuthenticateAsync(DashboardClaims.CookieScheme);
        context.HandleResponse();
        if (session.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } email)
        {
            context.Response.Redirect("/signin");
            return;
        }
        var services = http.RequestServices;
        var ticket = services.GetRequiredService<StepUpService>().Reauthenticated(pendingId, email, proof, oidc.StepUpPolicy, oidc.ProviderName);
        if (ticket.Succeeded)
            services.GetRequiredService<SignOffCompletion>().Complete(pendingId, ticket.Value);
        context.Response.Redirect($"/sign-offs/{Uri.EscapeDataString(pendingId)}");
    }

    private static DateTime? AuthTime(ClaimsPrincipal token) =>
        long.TryParse(token.FindFirstValue("auth_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>The reasons the refusal page explains, as they travel in its query string.</summary>
public static class SignOnRefusedReasons
{
    public static string Code(SignOnRefusal refusal) => refusal switch
    {
        SignOnRefusal.WrongIssuer => "issuer",
        SignOnRefusal.UnknownUser => "unknown-user",
        SignOnRefusal.NoRole => "no-role",
        SignOnRefusal.ConflictingRoles => "conflicting-roles",
        SignOnRefusal.Disabled => "disabled",
        SignOnRefusal.AccountNotLinkable => "not-linkable",
        SignOnRefusal.NoEmail => "no-email",
        _ => "refused",
    };

    /// <summary>The reason code of a failure the OpenID Connect handler reported before the dashboard's rules ran.</summary>
    public static string Classify(Exception? failure) => failure switch
    {
        SecurityTokenInvalidAudienceException => "audience",
        SecurityTokenExpiredException => "expired",
        SecurityTokenInvalidIssuerException => "issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature",
        OpenIdConnectProtocolInvalidNonceException => "nonce",
        _ when failure?.Message.Contains("Correlation failed", StringComparison.Ordinal) == true
            || failure?.Message.Contains("State", StringComparison.Ordinal) == true => "state",
        _ when failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true => "cancelled",
        _ => "protocol",
    };

    /// <summary>What the refusal page says for a reason code.</summary>
    public static string Describe(string? code) => code switch
    {
        "audience" => "The identity provider's token was issued for another application (wrong audience).",
        "expired" => "The identity provider's token has expired. Sign in again.",
        "issuer" => "The sign-in came from an identity provider this dashboard does not trust.",
        "signature" => "The identity provider's token is not signed by a key the provider publishes.",
        "nonce" => "The identity provider's token does not answer this browser's sign-in request (nonce mismatch).",
        "state" => "This sign-in answer is not for a sign-in this browser started, or it was already used. Start again from the sign-in page.",
        "cancelled" => "The sign-in was cancelled at the identity provider.",
        "unknown-user" => SignOnRefusal.UnknownUser.Describe(),
        "no-role" => SignOnRefusal.NoRole.Describe(),
        "conflicting-roles" => SignOnRefusal.ConflictingRoles.Describe(),
        "disabled" => SignOnRefusal.Disabled.Describe(),
        "not-linkable" => SignOnRefusal.AccountNotLinkable.Describe(),
        "no-email" => SignOnRefusal.NoEmail.Describe(),
        _ => "Single sign-on failed. Start again from the sign-in page.",
    };
}
