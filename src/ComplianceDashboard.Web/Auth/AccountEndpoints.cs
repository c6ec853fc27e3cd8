using System.Security.Claims;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth.SingleSignOn;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Sign-in and sign-out as plain form posts with antiforgery (static server rendering, no circuit): the password,
/// then, where the user has or needs an authenticator app, the code or the enrolment. Every post counts toward the
/// sign-in rate limit.
/// </summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignIn).AllowAnonymous()
            .WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
        app.MapPost("/account/signin/code", SignInWithCode).AllowAnonymous()
            .WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
        app.MapPost("/account/signin/enrol", SignInByEnrolling).AllowAnonymous()
            .WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
        app.MapPost("/account/signout", SignOut).WithBodyLimit(RequestBodyLimit.Form).ExcludeFromDescription();
        // Called by the page while the person works in it, so an active session's cookie slides (js/session.js).
        app.MapGet("/account/alive", () => Results.NoContent()).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> SignIn(
        HttpContext http, SignInService signIn, SignInRateLimit rateLimit, TimeProvider clock, OidcOptions oidc, SingleSignOnService sso,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var client = Client(http);
        // A browser form post: send the person back to the sign-in page with an explanation.
        if (!rateLimit.Admit(client)) return Throttled(http, "/signin");
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
        var (user, next) = result.Value;
        if (next == NextSignInStep.Done)
            return await StartSession(http, user, clock, back);
        await http.SignInAsync(DashboardClaims.PendingScheme, DashboardClaims.ForPendingUser(user));
        var page = next == NextSignInStep.Code ? "/signin/code" : "/signin/enrol";
        return Results.Redirect($"{page}?returnUrl={Uri.EscapeDataString(back)}");
    }

    private static Task<IResult> SignInWithCode(
        HttpContext http, SignInService signIn, SignInRateLimit rateLimit, TimeProvider clock, [FromForm] string? code, [FromForm] string? returnUrl) =>
        SecondStepAsync(http, rateLimit, "/signin/code", returnUrl,
            (email, stamp) => signIn.SignInWithCode(email, stamp, code ?? "", Client(http)),
            (user, back) => StartSession(http, user, clock, back));

    private static Task<IResult> SignInByEnrolling(
        HttpContext http, SignInService signIn, SignInRateLimit rateLimit, TimeProvider clock, RecoveryCodesNote note, [FromForm] string? code, [FromForm] string? returnUrl) =>
        SecondStepAsync(http, rateLimit, "/signin/enrol", returnUrl,
            (email, stamp) => signIn.SignInByEnrolling(email, stamp, code ?? "", Client(http)),
            (enrolled, back) =>
            {
                note.Write(http, enrolled.RecoveryCodes);
                return StartSession(http, enrolled.User, clock, $"{RecoveryCodesNote.Path}?returnUrl={Uri.EscapeDataString(back)}");
            });

    /// <summary>
    /// The step after a right password (code or enrolment) for the person in the pending-sign-in cookie: back to the
    /// step's page when the code is refused, to the password when the cookie has expired.
    /// </summary>
    private static async Task<IResult> SecondStepAsync<T>(
        HttpContext http, SignInRateLimit rateLimit, string page, string? returnUrl, Func<string, string, Result<T>> check, Func<T, string, Task<IResult>> passed)
    {
        if (!rateLimit.Admit(Client(http))) return Throttled(http, page);
        var back = SafeReturnUrl(returnUrl);
        if (await PendingSignIn.UserAsync(http) is not var (email, stamp))
            return Results.Redirect($"/signin?error=expired&returnUrl={Uri.EscapeDataString(back)}");
        var result = check(email, stamp);
        if (!result.Succeeded)
            return Results.Redirect($"{page}?error=failed&returnUrl={Uri.EscapeDataString(back)}");
        await http.SignOutAsync(DashboardClaims.PendingScheme);
        return await passed(result.Value, back);
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery, SignInService signIn, IUserRepository users)
    {
        // This endpoint binds no form field, so minimal APIs would not check the token on their own.
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest();
        if (http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } email && users.Find(email) is { } user)
            signIn.RecordSignOut(user);
        await http.SignOutAsync(DashboardClaims.CookieScheme);
        return Results.LocalRedirect("/signin?signedOut=1");
    }

    private static async Task<IResult> StartSession(HttpContext http, User user, TimeProvider clock, string back)
    {
        await http.SignInAsync(DashboardClaims.CookieScheme, DashboardClaims.ForUser(user, clock.GetUtcNow()));
        return Results.LocalRedirect(back);
    }

    public const string ThrottledMessage = "Too many sign-in attempts from this computer. Wait a minute and try again.";

    /// <summary>The rate limit's answer to a browser form post: back to the step's page with an explanation.</summary>
    private static IResult Throttled(HttpContext http, string page)
    {
        http.Response.Headers.Location = $"{page}?error=throttled";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Only local paths, so a crafted link cannot send a user elsewhere after sign-in.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}

/// <summary>The person between their right password and their code: read from the short-lived pending cookie.</summary>
public static class PendingSignIn
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static async Task<(string Email, string Stamp)?> UserAsync(HttpContext http)
    {
        var pending = await http.AuthenticateAsync(DashboardClaims.PendingScheme);
        return pending.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } email &&
               pending.Principal.FindFirstValue(DashboardClaims.SecurityStamp) is { } stamp
            ? (email, stamp)
            : null;
    }
}

/// <summary>
/// Carries the recovery codes of a new enrolment to the one page that shows them: an encrypted cookie that expires in
/// ten minutes and is deleted when read, so the codes are shown once and never travel in an address.
/// </summary>
public sealed class RecoveryCodesNote(IDataProtectionProvider provider)
{
    public const string CookieName = "cd.recovery";
    public const string Path = "/signin/recovery-codes";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("ComplianceDashboard.RecoveryCodes.v1").ToTimeLimitedDataProtector();

    public void Write(HttpContext http, IReadOnlyList<string> codes) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect(string.Join(' ', codes), Lifetime),
            new CookieOptions { HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = Path, MaxAge = Lifetime });

    /// <summary>The codes, once: the cookie is deleted as it is read. Empty when already shown or expired.</summary>
    public IReadOnlyList<string> Take(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value)) return [];
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Path });
        try
        {
            return _protector.Unprotect(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }
}
