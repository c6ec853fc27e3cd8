using System.Security.Claims;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Ends sessions whose user was disabled or whose access changed: the cookie is checked on every
/// request, an open circuit every <see cref="Interval"/>, against the user's current security stamp as stored (never a
/// cached copy), so a change made on any instance ends the user's sessions on every instance within 15 seconds.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, SignInService signIn)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How often an open circuit checks its user again (the bound, with a margin, of "within 15 seconds").</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        Task.FromResult(IsCurrent(signIn, state.User));

    public static bool IsCurrent(SignInService signIn, ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } email &&
        principal.FindFirstValue(DashboardClaims.SecurityStamp) is { } stamp &&
        signIn.ActiveUser(email, stamp) is not null;

    public static async Task ValidateCookie(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInService>();
        if (context.Principal is null || !IsCurrent(signIn, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DashboardClaims.CookieScheme);
        }
    }
}
