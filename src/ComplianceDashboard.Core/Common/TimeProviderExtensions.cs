namespace ComplianceDashboard.Core.Common;

/// <summary>Times as the store keeps them: UTC, to the millisecond.</summary>
public static class TimeProviderExtensions
{
    public static DateTime UtcNowMs(this TimeProvider clock) => TruncateToMs(clock.GetUtcNow().UtcDateTime);

    public static DateTime TruncateToMs(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    public static DateOnly TodayUtc(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
