using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Operations;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>The "ComplianceDashboard:Compliance" configuration section.</summary>
public sealed class ComplianceScheduleOptions
{
    public const string Section = "ComplianceDashboard:Compliance";

    /// <summary>The shortest interval the schedule accepts; a shorter one is raised to it.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);

    /// <summary>Whether the checks run on a schedule (tests switch it off to keep the audit log still).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>Hours between scheduled runs of every jurisdiction's checks. Default 24. <see cref="ScheduleInterval"/> wins when set.</summary>
    public double IntervalHours { get; set; } = 24;

    /// <summary>The time between scheduled runs as a time span (e.g. 00:15:00), for intervals below an hour; at least one second.</summary>
    public TimeSpan? ScheduleInterval { get; set; }

    /// <summary>
    /// How often an instance that does not run the schedule tries to take it over (it succeeds once the instance running it
    /// stopped or died), and how often the one running it checks it still holds it. Default 15 seconds.
    /// </summary>
    public TimeSpan FailoverCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan Interval =>
        ScheduleInterval is { } interval && interval > TimeSpan.Zero
            ? interval < ShortestInterval ? ShortestInterval : interval
            : TimeSpan.FromHours(IntervalHours > 0 ? IntervalHours : 24);

    public TimeSpan FailoverCheck => FailoverCheckInterval > TimeSpan.Zero ? FailoverCheckInterval : TimeSpan.FromSeconds(15);
}

/// <summary>
/// Runs every jurisdiction's checks once per interval, on one instance at a time: the instance that holds the schedule's
/// <see cref="IExclusiveWork"/> lock runs it; the others try to take the lock every failover check, so one of them
/// continues when that instance stops or dies. The next run is due one interval after the latest stored run (at once when a
/// jurisdiction has none, so a freshly seeded demo store shows results), so an instance that takes over keeps the cadence.
/// Each run also does the store's maintenance: the complaints' retention period is applied (closed complaints past it are
/// redacted; see docs/complaints.md).
/// </summary>
public sealed class ComplianceSchedule(
    ComplianceService compliance, IJurisdictionRepository jurisdictions, IExclusiveWork exclusive, IOptions<ComplianceScheduleOptions> options,
    TimeProvider clock, ILogger<ComplianceSchedule> logger, Core.Complaints.ComplaintService complaints) : BackgroundService
{
    /// <summary>The name of the schedule's exclusive work.</summary>
    public const string WorkName = "compliance-schedule";

    private volatile bool _runsHere;

    /// <summary>True while this instance holds the schedule (and so runs it).</summary>
    public bool RunsHere => _runsHere;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up finish before the first evaluation.
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var held = await TakeAsync(stoppingToken);
                _runsHere = true;
                logger.LogInformation("This instance runs the compliance schedule (every {Interval})", options.Value.Interval);
                try
                {
                    await RunWhileHeldAsync(held, stoppingToken);
                }
                finally
                {
                    _runsHere = false;
                }
                logger.LogWarning("This instance no longer holds the compliance schedule; another instance runs it");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until this instance holds the schedule.</summary>
    private async Task<IExclusiveWorkLock> TakeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                if (exclusive.TryTake(WorkName) is { } held) return held;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not take the compliance schedule; trying again");
            }
            await Task.Delay(options.Value.FailoverCheck, clock, stoppingToken);
        }
    }

    /// <summary>Runs whenever a run is due, checking at least every failover check that the schedule is still held here.</summary>
    private async Task RunWhileHeldAsync(IExclusiveWorkLock held, CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        DateTime? lastAttempt = null;
        while (true)
        {
            if (!held.StillHeld()) return;
            var now = clock.GetUtcNow().UtcDateTime;
            DateTime due;
            try
            {
                due = NextDue(interval, lastAttempt, now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the latest compliance runs; trying again");
                await Task.Delay(options.Value.FailoverCheck, clock, stoppingToken);
                continue;
            }
            if (due > now)
            {
                var wait = due - now;
                await Task.Delay(wait < options.Value.FailoverCheck ? wait : options.Value.FailoverCheck, clock, stoppingToken);
                continue;
            }
            RunAll();
            lastAttempt = clock.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>
    /// One interval after the oldest of the jurisdictions' latest runs (now when one has none), and never sooner than one
    /// interval after this instance's own last attempt (so a run that keeps failing is not retried in a loop).
    /// </summary>
    private DateTime NextDue(TimeSpan interval, DateTime? lastAttempt, DateTime now)
    {
        var latest = jurisdictions.All().Select(j => compliance.Latest(j.Code)?.RanAt).ToList();
        var fromStore = latest.Count == 0 ? (lastAttempt ?? now) + interval
            : latest.Any(at => at is null) ? DateTime.MinValue
            : latest.Min()!.Value + interval;
        return lastAttempt is { } attempted && attempted + interval > fromStore ? attempted + interval : fromStore;
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
            // A bug in one evaluation must not stop the schedule; the next run tries again.
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
