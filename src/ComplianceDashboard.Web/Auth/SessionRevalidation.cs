using System.Security.Claims;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Ends sessions whose user was disabled or whose access changed, and sessions past the session policy: the cookie is
/// checked on every request, an open circuit every <see cref="Interval"/>, against the user's current security stamp as
/// stored (never a cached copy), so a change made on any instance ends the user's sessions on every instance within 15
/// seconds; and against the time of sign-in (absolute lifetime) and, for a circuit, the time of the last message from
/// the browser (idle timeout).
/// </summary>
public sealed class SessionRevalidation(
    ILoggerFactory loggerFactory, SignInService signIn, CircuitActivity activity, IOptions<DashboardOptions> options, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How often an open circuit checks its user again (the bound, with a margin, of "within 15 seconds").</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        return Task.FromResult(IsCurrent(signIn, state.User) && CircuitMayGoOn(state.User, options.Value.Session, clock.GetUtcNow(), activity.LastActivity));
    }

    /// <summary>Whether an open circuit is within the session policy: younger than the absolute lifetime, and not idle.</summary>
    public static bool CircuitMayGoOn(ClaimsPrincipal principal, DashboardOptions.SessionOptions policy, DateTimeOffset now, DateTimeOffset lastActivity) =>
        WithinLifetime(principal, policy, now) && now - lastActivity < policy.IdleTimeout;

    public static bool IsCurrent(SignInService signIn, ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } email &&
        principal.FindFirstValue(DashboardClaims.SecurityStamp) is { } stamp &&
        signIn.ActiveUser(email, stamp) is not null;

    /// <summary>Whether the session is younger than the absolute lifetime (a session without a sign-in time is not).</summary>
    public static bool WithinLifetime(ClaimsPrincipal principal, DashboardOptions.SessionOptions policy, DateTimeOffset now) =>
        principal.SignInTime() is { } at && now - at < policy.AbsoluteLifetime;

    public static async Task ValidateCookie(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var policy = services.GetRequiredService<IOptions<DashboardOptions>>().Value.Session;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (context.Principal is null || !IsCurrent(services.GetRequiredService<SignInService>(), context.Principal) || !WithinLifetime(context.Principal, policy, now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DashboardClaims.CookieScheme);
        }
    }
}

/// <summary>The time of the last message from the browser on this circuit (clicks, typing, navigation), for the idle timeout.</summary>
public sealed class CircuitActivity(TimeProvider clock) : CircuitHandler
{
    public DateTimeOffset LastActivity { get; private set; } = clock.GetUtcNow();

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            LastActivity = clock.GetUtcNow();
            return next(context);
        };
}
