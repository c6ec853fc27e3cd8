using System.Diagnostics;

namespace ComplianceDashboard.Testing.Instances;

/// <summary>Waits on a condition with a bound (the bound is the promise under test), checking it every 50 ms; never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Returns how long the condition took to hold; fails naming <paramref name="what"/> when it did not hold within <paramref name="bound"/>.</summary>
    public static async Task<TimeSpan> WithinAsync(TimeSpan bound, string what, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            if (await condition()) return clock.Elapsed;
            if (clock.Elapsed > bound) throw new Xunit.Sdk.XunitException($"Expected {what} within {bound.TotalSeconds:0.#} s; it had not happened after {clock.Elapsed.TotalSeconds:0.#} s.");
            await timer.WaitForNextTickAsync();
        }
    }
}
