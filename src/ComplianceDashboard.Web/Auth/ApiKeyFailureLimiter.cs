using System.Collections.Concurrent;
using ComplianceDashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Counts failed API-key uses per client address in fixed windows. Once a client has failed
/// <see cref="DashboardOptions.ApiKeyOptions.FailuresPerWindow"/> times in its window, its further failures are refused
/// with 429 until the window ends, and only the first refusal is audited. Successful uses are never counted.
/// </summary>
public sealed class ApiKeyFailureLimiter(IOptionsMonitor<DashboardOptions> options, TimeProvider clock)
{
    // Sweeping forgotten windows now and then keeps a flood from many addresses from growing the table for ever.
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Window> _windows = new();
    private int _sinceSweep;

    public int FailuresPerWindow => Math.Max(1, options.CurrentValue.ApiKeys.FailuresPerWindow);

    public TimeSpan WindowLength => TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.ApiKeys.FailureWindowSeconds));

    /// <summary>Whether the client is over its limit; if so, how long until its window ends.</summary>
    public bool IsOverLimit(string client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_windows.TryGetValue(client, out var window)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        lock (window)
        {
            if (now >= window.Ends || window.Failures < FailuresPerWindow) return false;
            retryAfter = window.Ends - now;
            return true;
        }
    }

    /// <summary>Counts one failed use by the client (under its limit).</summary>
    public void RecordFailure(string client)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = _windows.GetOrAdd(client, _ => new Window());
        lock (window)
        {
            if (now >= window.Ends)
            {
                window.Ends = now + WindowLength;
                window.Failures = 0;
                window.RefusalReported = false;
            }
            window.Failures++;
        }
        if (Interlocked.Increment(ref _sinceSweep) % SweepEvery == 0) Sweep(now);
    }

    /// <summary>True the first time in the client's current window (the refusal to audit), false afterwards.</summary>
    public bool FirstRefusal(string client, out DateTime windowEnds)
    {
        windowEnds = DateTime.MinValue;
        if (!_windows.TryGetValue(client, out var window)) return false;
        lock (window)
        {
            windowEnds = window.Ends;
            if (window.RefusalReported) return false;
            window.RefusalReported = true;
            return true;
        }
    }

    private void Sweep(DateTime now)
    {
        foreach (var (client, window) in _windows)
            if (now >= window.Ends) _windows.TryRemove(new KeyValuePair<string, Window>(client, window));
    }

    private sealed class Window
    {
        public DateTime Ends = DateTime.MinValue;
        public int Failures;
        public bool RefusalReported;
    }
}
