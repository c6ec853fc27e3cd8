using ComplianceDashboard.Core.Common;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// One app process per database until several instances are supported: a session-level advisory lock held on a
/// connection of its own for the process lifetime, as compliance.lock holds a LiteDB data folder. The app and the CLI
/// both take it, so a second process refuses to start while the first runs.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    /// <summary>The advisory lock key ("CDinstnc"); advisory locks are per database, so databases on one server do not collide.</summary>
    public const long Key = 0x4344_696E_7374_6E63;

    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private NpgsqlConnection? _connection;

    private InstanceLock(string connectionString, NpgsqlConnection connection)
    {
        _connectionString = connectionString;
        _connection = connection;
    }

    public static InstanceLock Acquire(NpgsqlConnectionStringBuilder connectionString, string describe)
    {
        // Not pooled: returning the connection to a pool would keep the session, and the lock, alive after Dispose.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString.ConnectionString) { Pooling = false }.ConnectionString;
        return new InstanceLock(unpooled, TryTake(unpooled) ?? throw InUse(describe));
    }

    /// <summary>
    /// True while the lock's connection is alive. After a database restart the session (and its lock) is gone: it is
    /// taken again, unless another process took it meanwhile.
    /// </summary>
    public bool EnsureHeld()
    {
        lock (_gate)
        {
            if (_connection is { } held)
            {
                try
                {
                    using var ping = new NpgsqlCommand("SELECT 1", held) { CommandTimeout = 5 };
                    ping.ExecuteScalar();
                    return true;
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    held.Dispose();
                    _connection = null;
                }
            }
            _connection = TryTake(_connectionString);
            return _connection is not null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // Release the lock explicitly before closing: the server ends a closed session's backend (and frees its
            // locks) only after the client has returned, so a store reopened at once could find the lock still held.
            if (_connection is { } held)
            {
                try
                {
                    Sql.Execute(held, "SELECT pg_advisory_unlock($1)", Key);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // A broken session has lost its lock already.
                }
                held.Dispose();
            }
            _connection = null;
        }
    }

    private static NpgsqlConnection? TryTake(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            if (Sql.Scalar<bool>(connection, "SELECT pg_try_advisory_lock($1)", Key)) return connection;
            connection.Dispose();
            return null;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static StoreUnavailableException InUse(string describe) => new(
        $"The database {describe} is in use by another ComplianceDashboard process (the running app or a CLI command). " +
        "Stop it first, or use the Administration pages of the running app.");
}
