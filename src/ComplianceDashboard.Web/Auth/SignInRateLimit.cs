using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Sign-in attempts per client address in one-minute windows, counted in the store's security counters so the limit holds
/// across every instance behind a load balancer (an in-process limiter would allow N times the limit with N instances).
/// </summary>
public sealed class SignInRateLimit(IOptionsMonitor<DashboardOptions> options, ISecurityCounters counters, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts the attempt; false once the client has used up <see cref="DashboardOptions.SignInOptions.PermitsPerMinute"/> in its window.</summary>
    public bool Admit(string client) =>
        counters.Increment($"signin.attempts:{client}", clock.UtcNowMs(), Window).Count <= Math.Max(1, options.CurrentValue.SignIn.PermitsPerMinute);
}
