using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth.SingleSignOn;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceDashboard.Web.Auth;

/// <summary>Sign-in and sign-out as plain form posts with antiforgery (static server rendering, no circuit).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignIn).AllowAnonymous()
            .WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
        app.MapPost("/account/signout", SignOut).WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
    }

    private static async Task<IResult> SignIn(
        HttpContext http, SignInService signIn, SignInRateLimit rateLimit, OidcOptions oidc, SingleSignOnService sso,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // A browser form post: send the person back to the sign-in page with an explanation.
        if (!rateLimit.Admit(client))
        {
            http.Response.Headers.Location = "/signin?error=throttled";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Results.Redirect($"/signin?error=missing&returnUrl={Uri.EscapeDataString(back)}");
        if (!oidc.AllowsLocalPassword(email))
        {
            sso.RecordLocalPasswordRefused(email, client);
            return Results.Redirect($"/signin?error=sso-only&returnUrl={Uri.EscapeDataString(back)}");
        }
        var result = signIn.SignIn(email, password, client);
        if (!result.Succeeded)
            return Results.Redirect($"/signin?error=failed&email={Uri.EscapeDataString(email.Trim())}&returnUrl={Uri.EscapeDataString(back)}");
        await http.SignInAsync(DashboardClaims.CookieScheme, DashboardClaims.ForUser(result.Value));
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery, SignInService signIn, IUserRepository users)
    {
        // This endpoint binds no form field, so minimal APIs would not check the token on their own.
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest();
        if (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } email && users.Find(email) is { } user)
            signIn.RecordSignOut(user);
        await http.SignOutAsync(DashboardClaims.CookieScheme);
        return Results.LocalRedirect("/signin?signedOut=1");
    }

    /// <summary>Only local paths, so a crafted link cannot send a user elsewhere after sign-in.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
