using System.Runtime.CompilerServices;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>
/// Runs the storage tests in a local time zone away from UTC (India, +05:30, no daylight saving) when the machine's
/// own zone is UTC: LiteDB hands dates back as local times, so a local/UTC mix-up in the mapping only shows up then.
/// </summary>
internal static class NonUtcLocalTimeZone
{
    public const string ZoneId = "Asia/Kolkata";

    [ModuleInitializer]
    internal static void Apply()
    {
        if (TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.Zero) return;
        Environment.SetEnvironmentVariable("TZ", ZoneId);
        TimeZoneInfo.ClearCachedData();
    }
}
