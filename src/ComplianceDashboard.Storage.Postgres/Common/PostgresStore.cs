using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Operations;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// The store in one PostgreSQL database. <see cref="Write{T}"/> runs a change on one connection and transaction held for
/// the calling thread (repositories called inside it join it), commits when the change succeeds and rolls back when it
/// fails or throws. Changes on different threads, and in different app instances on the same database, run concurrently:
/// aggregates are guarded by their version, and the audit chain's appends are serialised by a transaction-scoped advisory
/// lock (see PostgresAuditLog). The store keeps no process-local truth, so any number of instances can share a database.
/// </summary>
public sealed class PostgresStore : IUnitOfWork, IStoreInfo, IStoreBackup, IStoreMaintenance, IDisposable
{
    /// <summary>The shape of the store record (the same number LiteDB stores carry).</summary>
    public const int SchemaVersion = 1;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _unpooled;
    private readonly ThreadLocal<Transaction?> _current = new();
    private int _disposed;

    private PostgresStore(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder builder, StoreInfo info, string describe)
    {
        _dataSource = dataSource;
        // From the builder, not the data source: the data source's connection string leaves the password out.
        _unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString;
        Changes = new ChangeFeed(dataSource);
        Info = info;
        Describe = describe;
    }

    public StoreInfo Info { get; }

    /// <summary>When cached copies (objection rollups and open set, delivery rows) must be read again.</summary>
    internal ChangeFeed Changes { get; }

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string Describe { get; }

    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>
    /// Connects, checks the server version, checks the schema's compatibility floor, applies pending migrations under
    /// Evolve's lock (instances starting together migrate once) and reads (or creates) the store record.
    /// Every refusal is a <see cref="StoreUnavailableException"/> with one line for the operator.
    /// </summary>
    public static PostgresStore Open(PostgresOptions options, TimeProvider clock) =>
        Open(options, (dataSource, _) => ReadOrCreateInfo(dataSource, options, clock)).Value;

    /// <summary>
    /// Opens a database as the target of a store move (<see cref="Core.Operations.StoreCopy"/>): like <see cref="Open"/>, but
    /// it refuses (a conflict, nothing written) a database that holds anything (a store record, any row, tables of another
    /// application), and creates no store record: the move writes <paramref name="identity"/> in its own transaction.
    /// </summary>
    public static Result<PostgresStore> OpenEmpty(string connectionString, StoreInfo identity) =>
        Open(new PostgresOptions(connectionString, identity.Mode == StoreMode.Demo), (dataSource, describe) =>
        {
            using (var connection = dataSource.OpenConnection())
                if (PostgresSchema.Contents(connection) is { } contents)
                    return Failure.Conflict($"The database {describe} is not empty: it holds {contents}. A store is copied only into an empty database: create one (createdb) and name it.");
            return identity;
        }, checkBeforeMigrating: true);

    private static Result<PostgresStore> Open(PostgresOptions options, Func<NpgsqlDataSource, string, Result<StoreInfo>> info, bool checkBeforeMigrating = false)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreUnavailableException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }
        if (options.StatementTimeout is { } timeout)
            builder.Options = $"{builder.Options} -c statement_timeout={(long)timeout.TotalMilliseconds}".Trim();
        var describe = PostgresSchema.Describe(builder);
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            PostgresSchema.CheckServer(dataSource, describe);
            // A move's target is checked before migrating, so a database of another application is left untouched.
            if (checkBeforeMigrating && info(dataSource, describe).Failure is { } refused)
            {
                dataSource.Dispose();
                return refused;
            }
            PostgresSchema.Migrate(dataSource, describe);
            var opened = info(dataSource, describe);
            if (opened.Failure is { } failure)
            {
                dataSource.Dispose();
                return failure;
            }
            return new PostgresStore(dataSource, builder, opened.Value, describe);
        }
        catch (Exception e)
        {
            dataSource.Dispose();
            if (e is StoreUnavailableException) throw;
            if (e is NpgsqlException or TimeoutException) throw PostgresSchema.Unavailable(describe, e);
            throw;
        }
    }

    /// <summary>How often a change the server chose as a deadlock victim is run again before the deadlock is reported.</summary>
    private const int DeadlockAttempts = 3;

    /// <summary>
    /// Applies pending migrations to a database without opening a store on it (no store record): for
    /// preparing a template database or a database before a copy.
    /// </summary>
    public static void Migrate(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        using var dataSource = NpgsqlDataSource.Create(builder);
        var describe = PostgresSchema.Describe(builder);
        PostgresSchema.CheckServer(dataSource, describe);
        PostgresSchema.Migrate(dataSource, describe);
    }

    public Result<T> Write<T>(Func<Result<T>> change)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        if (_current.Value is not null) return change();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return WriteOnce(change);
            }
            // Two changes that lock the same rows (and the audit lock) in opposite orders: the server rolled this one
            // back whole, so running it again is safe; its AfterCommit actions never ran.
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < DeadlockAttempts)
            {
            }
        }
    }

    private Result<T> WriteOnce<T>(Func<Result<T>> change)
    {
        var transaction = Begin();
        _current.Value = transaction;
        try
        {
            Result<T> result;
            try
            {
                result = change();
            }
            catch (Exception e)
            {
                transaction.TryRollback();
                if (Translate(e, "the change") is var translated && translated != e) throw translated;
                throw;
            }
            if (!result.Succeeded)
            {
                transaction.Rollback();
                return result;
            }
            try
            {
                transaction.Commit();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw Lost(e, $"The database {Describe} failed while committing a change, so whether it was stored is unknown; reload before trying again. ({e.Message})");
            }
            foreach (var action in transaction.AfterCommit) action();
            return result;
        }
        finally
        {
            _current.Value = null;
            transaction.Dispose();
        }
    }

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed (never if it rolls back), on the same thread.</summary>
    internal void AfterCommit(Action action) =>
        (_current.Value ?? throw new InvalidOperationException("AfterCommit is only valid inside Write.")).AfterCommit.Add(action);

    /// <summary>True inside <see cref="Write{T}"/> on this thread.</summary>
    internal bool InTransaction => _current.Value is not null;

    /// <summary>Runs <paramref name="read"/> on this thread's transaction inside a Write (so it sees the change's own writes), else on a pooled connection.</summary>
    internal T Read<T>(Func<NpgsqlConnection, T> read)
    {
        if (_current.Value is { } transaction) return read(transaction.Connection);
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        try
        {
            using var connection = _dataSource.OpenConnection();
            return read(connection);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && Translate(e, "a read") != e)
        {
            throw Translate(e, "a read");
        }
    }

    /// <summary>Streams rows on a connection of their own (or, inside a Write, reads them all on its transaction first).</summary>
    internal IEnumerable<T> Stream<T>(string sql, Func<NpgsqlDataReader, T> map, params object?[] parameters)
    {
        if (InTransaction)
        {
            foreach (var item in Read(c => Sql.List(c, sql, map, parameters))) yield return item;
            yield break;
        }
        using var connection = _dataSource.OpenConnection();
        using var command = Sql.Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return map(reader);
    }

    /// <summary>A pooled connection of its own, outside any Write (the pack queue's claims hold one while they generate).</summary>
    internal NpgsqlConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        return _dataSource.OpenConnection();
    }

    /// <summary>
    /// An unpooled connection, for a session-level lock: closing it ends the session, and the server releases the lock
    /// (a pooled connection would keep the session, and its lock, alive in the pool).
    /// </summary>
    internal NpgsqlConnection OpenUnpooledConnection()
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        var connection = new NpgsqlConnection(_unpooled);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True while the database answers.</summary>
    public bool IsAvailable() => Unready(checkSchema: false) is null;

    /// <summary>
    /// Null when this store can serve (the database answers and has every migration this release ships, or newer ones);
    /// otherwise one line saying why not, for a load balancer's readiness probe.
    /// </summary>
    public string? Unready() => Unready(checkSchema: true);

    private string? Unready(bool checkSchema)
    {
        if (!IsOpen) return "The store is closed: the app is stopping.";
        try
        {
            using var connection = _dataSource.OpenConnection();
            using (var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 5 })
                command.ExecuteScalar();
            return checkSchema && PostgresSchema.Pending(connection) is var pending and > 0
                ? $"The database {Describe} lacks {pending} of this release's migrations."
                : null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _dataSource.Clear();
            return $"The database {Describe} cannot be reached: {e.Message}";
        }
    }

    /// <summary>A PostgreSQL store's backups belong to the database, not to the app.</summary>
    public Result<Done> WriteBackup(string destinationPath) => Failure.Conflict(BackupsBelongToTheDatabase);

    public const string BackupsBelongToTheDatabase =
        "Backups of a PostgreSQL store belong to the database: use pg_dump (a client at least as new as the server) or the " +
        "server's point-in-time recovery, then run 'audit verify' on the restored database. See docs/operations.md.";

    /// <summary>PostgreSQL reclaims space itself (autovacuum); there is no log to fold after a large import.</summary>
    public void Checkpoint()
    {
    }

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the store is disposed.</summary>
    public Task Closed => _closed.Task;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Changes.Dispose();
        _dataSource.Dispose();
        _current.Dispose();
        _closed.TrySetResult();
    }

    private Transaction Begin()
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = _dataSource.OpenConnection();
            return new Transaction(connection, connection.BeginTransaction());
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection?.Dispose();
            throw Translate(e, "a change");
        }
    }

    /// <summary>Database failures become one clear message; bugs pass through unchanged.</summary>
    private Exception Translate(Exception e, string what) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } =>
            new StoreUnavailableException($"The database {Describe} cancelled {what} because a statement ran longer than the statement timeout; nothing was written. Try again later.", e),
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } or NpgsqlException { IsTransient: true } or TimeoutException =>
            Lost(e, $"The connection to the database {Describe} was lost during {what}; nothing was written. Try again. ({e.Message})"),
        NpgsqlException when e is not PostgresException =>
            Lost(e, $"The database {Describe} cannot be reached during {what}; nothing was written. ({e.Message})"),
        _ => e,
    };

    private StoreUnavailableException Lost(Exception e, string message)
    {
        // Other pooled connections to a restarted server are dead too: start afresh on the next request.
        _dataSource.Clear();
        return new StoreUnavailableException(message, e);
    }

    private static Result<StoreInfo> ReadOrCreateInfo(NpgsqlDataSource dataSource, PostgresOptions options, TimeProvider clock)
    {
        using var connection = dataSource.OpenConnection();
        // A demo store is dated as the demo story's programme would have created it, before anything in the story was recorded.
        var created = options.DemoMode ? Core.Demo.DemoStory.StoreCreatedAt(clock.GetUtcNow().UtcDateTime) : clock.UtcNowMs();
        // Two processes creating the store at once both read the one record that won.
        Sql.Execute(connection, "INSERT INTO store (id, mode, created_at, schema_version) VALUES ('store', $1, $2, $3) ON CONFLICT (id) DO NOTHING",
            (options.DemoMode ? StoreMode.Demo : StoreMode.Real).ToString(), created, SchemaVersion);
        return Sql.Single(connection, "SELECT mode, created_at, schema_version FROM store WHERE id = 'store'",
            r => new StoreInfo(Enum.Parse<StoreMode>(r.GetString(0)), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc), r.GetInt32(2)))!;
    }

    /// <summary>The connection and transaction of one Write, and what runs once it commits.</summary>
    private sealed class Transaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;
        public List<Action> AfterCommit { get; } = [];

        public void Commit() => transaction.Commit();
        public void Rollback() => transaction.Rollback();

        /// <summary>Rolls back if the connection still can; a broken connection's transaction is gone with it.</summary>
        public void TryRollback()
        {
            try
            {
                if (Connection.FullState == System.Data.ConnectionState.Open) transaction.Rollback();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
            }
        }

        public void Dispose()
        {
            transaction.Dispose();
            Connection.Dispose();
        }
    }
}
