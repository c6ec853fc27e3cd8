namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>Which database holds the store and, for a new store, whether it is created as a demo store.</summary>
/// <param name="ConnectionString">An Npgsql connection string (Host=…;Database=…;Username=…).</param>
/// <param name="StatementTimeout">How long one statement may run before the server cancels it (and its change rolls back); null keeps the server's setting.</param>
/// <param name="HoldInstanceLock">
/// True (the app and its CLI) to hold the database's instance lock for the store's lifetime, so a second process refuses to
/// start until several instances are supported; false only for tools that share a database on purpose (tests of the lock).
/// </param>
public sealed record PostgresOptions(string ConnectionString, bool DemoMode, TimeSpan? StatementTimeout = null, bool HoldInstanceLock = true)
{
    /// <summary>The server version this store needs at least.</summary>
    public const int MinimumServerMajorVersion = 14;
}
