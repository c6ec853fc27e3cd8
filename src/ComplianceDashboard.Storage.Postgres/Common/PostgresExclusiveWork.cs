using ComplianceDashboard.Core.Operations;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// Exclusive background work across every instance on the database: a session-level advisory lock keyed by the work's
/// name, held on an unpooled connection of its own. When the holding instance dies (or its connection is lost) the server
/// ends the session and releases the lock, and the next instance that tries takes it.
/// </summary>
internal sealed class PostgresExclusiveWork(PostgresStore store) : IExclusiveWork
{
    /// <summary>The first key of the work locks ("CDwk"); the second is hashtext(name).</summary>
    public const int LockSpace = 0x4344_776B;

    public IExclusiveWorkLock? TryTake(string work)
    {
        var connection = store.OpenUnpooledConnection();
        try
        {
            if (Sql.Scalar<bool>(connection, "SELECT pg_try_advisory_lock($1, hashtext($2))", LockSpace, work)) return new Held(connection, work);
            connection.Dispose();
            return null;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string work) : IExclusiveWorkLock
    {
        private readonly Lock _gate = new();
        private bool _released;

        public bool StillHeld()
        {
            lock (_gate)
            {
                if (_released) return false;
                try
                {
                    return Sql.Scalar<bool>(connection,
                        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() " +
                        "AND objsubid = 2 AND classid = $1::int4::oid AND objid = hashtext($2)::oid)", LockSpace, work);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    return false;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_released) return;
                _released = true;
                try
                {
                    // Unlock before closing: the server ends a closed session only after the client returns.
                    Sql.Execute(connection, "SELECT pg_advisory_unlock($1, hashtext($2))", LockSpace, work);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // A lost session has released the lock already.
                }
                connection.Dispose();
            }
        }
    }
}
