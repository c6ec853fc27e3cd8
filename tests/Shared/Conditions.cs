namespace ComplianceDashboard.Testing;

/// <summary>
/// Waiting for something that another thread, host or process makes true: the condition is checked every 20 ms and the
/// wait ends as soon as it holds. The timeout only bounds a hung test; it measures nothing.
/// </summary>
internal static class Conditions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            try
            {
                await timer.WaitForNextTickAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Still waiting for {what} after {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>Waits until an asynchronous condition (a request, say) holds, checking it every 20 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            try
            {
                await timer.WaitForNextTickAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Still waiting for {what} after {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>Waits until <paramref name="value"/> gives something, and returns it.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> value, string what, TimeSpan? timeout = null) where T : class
    {
        T? found = null;
        await UntilAsync(() => (found = value()) is not null, what, timeout);
        return found!;
    }
}
