namespace ComplianceDashboard.Core.Identity;

/// <summary>One counter's open window: how many events it counted and when it closes.</summary>
public sealed record CounterWindow(int Count, DateTime Ends);

/// <summary>
/// Stored counters for the security limits (sign-in lockout, the sign-in rate limit, the API-key failure limit): every app
/// instance on a store counts into the same counters, and each change is one atomic update, so two failures at the same
/// moment on two instances both count. A counter counts in fixed windows: the first event after a window closed opens the next.
/// Inside a write each call joins its transaction; outside one it commits on its own.
/// </summary>
public interface ISecurityCounters
{
    /// <summary>Counts one event; opens a window of <paramref name="window"/> from <paramref name="now"/> when none is open.</summary>
    CounterWindow Increment(string key, DateTime now, TimeSpan window);

    /// <summary>The open window, or null when the counter has none at <paramref name="now"/>.</summary>
    CounterWindow? Current(string key, DateTime now);

    /// <summary>True for the first caller in the counter's open window (for example the one refusal to audit), false afterwards and without an open window.</summary>
    bool ClaimFirstReport(string key, DateTime now);

    /// <summary>Forgets the counter (a successful sign-in, a password reset).</summary>
    void Reset(string key);
}
