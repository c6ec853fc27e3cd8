namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>Where the store lives and, for a new store, whether it is created as a demo store.</summary>
public sealed record StoreOptions(string DataDirectory, bool DemoMode)
{
    public const string DatabaseFile = "compliance.db";
    public const string LogFile = "compliance-log.db";

    /// <summary>
    /// How many 8 KB pages a transaction may keep in memory before LiteDB writes its dirty pages to the log (a "safepoint";
    /// they stay uncommitted there until the transaction commits or rolls back). LiteDB's own pool is 100,000 pages
    /// (800 MB), all of which a million-row import would fill; 25,000 (200 MB) bounds it.
    /// </summary>
    public int TransactionMemoryPages { get; init; } = 25_000;
}
