using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>The links that send the browser to the identity provider: sign-in, and re-authentication for a sign-off.</summary>
public static class SingleSignOnEndpoints
{
    public static void MapSingleSignOnEndpoints(this IEndpointRouteBuilder app)
    {
        // GET links, not form posts: the page's CSP (form-action 'self') would stop a form's redirect to the provider.
        app.MapGet("/account/sso", SignIn).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/account/sso/step-up/{id}", StepUp).ExcludeFromDescription();
    }

    /// <summary>Counts against the same per-address sign-in limit as the password form (shared by every instance).</summary>
    private static IResult SignIn(HttpContext http, OidcOptions oidc, SignInRateLimit rateLimit, string? returnUrl)
    {
        if (!rateLimit.Admit(http.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
            return Results.Redirect("/signin?error=throttled");
        return oidc.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = AccountEndpoints.SafeReturnUrl(returnUrl) }, [SingleSignOnSetup.Scheme])
            : Results.Redirect("/signin");
    }

    /// <summary>Sends the session's user back to the provider with prompt=login and max_age=0 for one pending sign-off.</summary>
    private static IResult StepUp(string id, HttpContext http, OidcOptions oidc, StepUpService stepUps)
    {
        var email = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (!oidc.Enabled || stepUps.Find(id) is not { Status: PendingSignOffStatus.AwaitingReauthentication } pending
            || email is null || pending.UserEmail != User.Normalise(email))
            return Results.Redirect($"/sign-offs/{Uri.EscapeDataString(id)}");
        var properties = new AuthenticationProperties { RedirectUri = $"/sign-offs/{Uri.EscapeDataString(id)}" };
        properties.Items[SingleSignOnEvents.StepUpItem] = id;
        return Results.Challenge(properties, [SingleSignOnSetup.Scheme]);
    }
}
