namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>Where the store lives and, for a new store, whether it is created as a demo store.</summary>
public sealed record StoreOptions(string DataDirectory, bool DemoMode)
{
    public const string DatabaseFile = "compliance.db";
    public const string LogFile = "compliance-log.db";
}
