using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>The "ComplianceDashboard:Compliance" configuration section.</summary>
public sealed class ComplianceScheduleOptions
{
    public const string Section = "ComplianceDashboard:Compliance";

    /// <summary>Whether the checks run on a schedule (tests switch it off to keep the audit log still).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>Hours between scheduled runs of every jurisdiction's checks. Default 24.</summary>
    public double IntervalHours { get; set; } = 24;

    public TimeSpan Interval => TimeSpan.FromHours(IntervalHours > 0 ? IntervalHours : 24);
}

/// <summary>
/// Runs every jurisdiction's checks once per interval, and once at start when a jurisdiction's latest run is older
/// than the interval or missing (so a freshly seeded demo store shows results at once). Each run also applies the
/// complaints' retention period (closed complaints past it are redacted; see docs/complaints.md).
/// </summary>
public sealed class ComplianceSchedule(
    ComplianceService compliance, IJurisdictionRepository jurisdictions, IOptions<ComplianceScheduleOptions> options,
    TimeProvider clock, ILogger<ComplianceSchedule> logger, Core.Complaints.ComplaintService complaints) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        // Let start-up finish before the first evaluation.
        await Task.Yield();
        if (Stale(interval)) RunAll();
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                RunAll();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool Stale(TimeSpan interval)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return jurisdictions.All().Any(j => compliance.Latest(j.Code) is not { } latest || now - latest.RanAt >= interval);
    }

    private void RunAll()
    {
        try
        {
            var result = compliance.RunAll(Actor.System, RunTrigger.Scheduled);
            if (result.Succeeded)
                logger.LogInformation("Scheduled compliance checks ran for {Count} jurisdiction(s)", result.Value.Count);
            else
                logger.LogWarning("Scheduled compliance checks did not run: {Message}", result.Failure!.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in one evaluation must not stop the schedule; the next tick tries again.
            logger.LogError(e, "Scheduled compliance checks failed");
        }
        try
        {
            var retention = complaints.ApplyRetention(Actor.System);
            if (retention.Succeeded && retention.Value.Redacted > 0)
                logger.LogInformation("Complaint retention redacted {Count} closed complaint(s)", retention.Value.Redacted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Complaint retention failed");
        }
    }
}

public static class ComplianceScheduleRegistration
{
    public static IServiceCollection AddComplianceSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ComplianceScheduleOptions>(configuration.GetSection(ComplianceScheduleOptions.Section));
        if (configuration.GetValue(ComplianceScheduleOptions.Section + ":ScheduleEnabled", true))
            services.AddHostedService<ComplianceSchedule>();
        return services;
    }
}
