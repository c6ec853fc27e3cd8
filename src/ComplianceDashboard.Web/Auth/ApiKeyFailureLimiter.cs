using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Counts failed API-key uses per client address in fixed windows, in the store's security counters, so every instance
/// counts into the same window. Once a client has failed <see cref="DashboardOptions.ApiKeyOptions.FailuresPerWindow"/>
/// times in its window, its further failures are refused with 429 until the window ends, and only the first refusal (on
/// whichever instance) is audited. Successful uses are never counted.
/// </summary>
public sealed class ApiKeyFailureLimiter(IOptionsMonitor<DashboardOptions> options, ISecurityCounters counters, TimeProvider clock)
{
    public int FailuresPerWindow => Math.Max(1, options.CurrentValue.ApiKeys.FailuresPerWindow);

    public TimeSpan WindowLength => TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.ApiKeys.FailureWindowSeconds));

    /// <summary>Whether the client is over its limit; if so, how long until its window ends.</summary>
    public bool IsOverLimit(string client, out TimeSpan retryAfter)
    {
        var now = clock.UtcNowMs();
        retryAfter = TimeSpan.Zero;
        if (counters.Current(Key(client), now) is not { } window || window.Count < FailuresPerWindow) return false;
        retryAfter = window.Ends - now;
        return true;
    }

    /// <summary>Counts one failed use by the client (under its limit).</summary>
    public void RecordFailure(string client) => counters.Increment(Key(client), clock.UtcNowMs(), WindowLength);

    /// <summary>True the first time in the client's current window (the refusal to audit), false afterwards.</summary>
    public bool FirstRefusal(string client, out DateTime windowEnds)
    {
        var now = clock.UtcNowMs();
        windowEnds = counters.Current(Key(client), now)?.Ends ?? DateTime.MinValue;
        return counters.ClaimFirstReport(Key(client), now);
    }

    private static string Key(string client) => $"apikey.failures:{client}";
}
