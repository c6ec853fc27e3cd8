using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Auth;

/// <summary>Writes API keys' last-use times in batches, so a busy pipeline does not cost a write per request.</summary>
public sealed class ApiKeyUsageFlusher(ApiKeyService keys) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                keys.FlushLastUse();
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            keys.FlushLastUse();
        }
    }
}
