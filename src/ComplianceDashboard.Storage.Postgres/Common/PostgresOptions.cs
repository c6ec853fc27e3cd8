namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>Which database holds the store and, for a new store, whether it is created as a demo store.</summary>
/// <param name="ConnectionString">An Npgsql connection string (Host=…;Database=…;Username=…).</param>
/// <param name="StatementTimeout">How long one statement may run before the server cancels it (and its change rolls back); null keeps the server's setting.</param>
/// <remarks>Any number of app instances (and CLI commands) may open the same database at once: nothing is process-local truth.</remarks>
public sealed record PostgresOptions(string ConnectionString, bool DemoMode, TimeSpan? StatementTimeout = null)
{
    /// <summary>The server version this store needs at least.</summary>
    public const int MinimumServerMajorVersion = 14;
}
