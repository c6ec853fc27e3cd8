using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Evidence;

/// <summary>
/// The pack queue in the pack_generation_queue table, shared by every instance on the database. A claim is a transaction
/// that locked the oldest queued row with <c>FOR UPDATE SKIP LOCKED</c> and stays open while its worker generates: other
/// workers skip the row, and if the worker's instance dies the server ends its session, rolls the transaction back and
/// releases the row for the next worker. Completing deletes the row and failing marks it, each in the claiming transaction.
/// </summary>
internal sealed class PostgresPackGenerationQueue(PostgresStore store) : IPackGenerationQueue
{
    /// <summary>The first key of the advisory lock a claim holds on its pack ("CDpk"): readers see "running" in pg_locks.</summary>
    public const int RunningLockSpace = 0x4344_706B;

    private const string Columns = "q.pack_id, q.parameters, q.actor_id, q.actor_name, q.actor_permissions, q.requested_at, q.failed, q.error";

    /// <summary>Whether a claiming transaction holds the pack's advisory lock; reading pg_locks never waits on the row lock.</summary>
    private const string Running =
        "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 " +
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
        "AND l.classid = $1::int4::oid AND l.objid = hashtext(q.pack_id)::oid)";

    public GenerationJob Enqueue(GenerationJob job)
    {
        var actor = job.RequestedBy;
        string[] permissions = [.. actor.Permissions.Select(p => p.ToString()).Order(StringComparer.Ordinal)];
        var parameters = StoreJson.Serialize(job.Parameters);
        // Fresh parameter objects per statement: an NpgsqlParameter belongs to one command.
        object?[] Values() => [job.PackId, Sql.Json(parameters), actor.Id, actor.DisplayName, permissions, job.RequestedAt];
        store.Read(c =>
        {
            // DO NOTHING never waits on a claimed row; a failed row is never claimed, so queuing it again never waits either.
            if (Sql.Execute(c, "INSERT INTO pack_generation_queue (pack_id, parameters, actor_id, actor_name, actor_permissions, requested_at) " +
                               "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pack_id) DO NOTHING", Values()) == 0)
                Sql.Execute(c, "UPDATE pack_generation_queue SET parameters = $2, actor_id = $3, actor_name = $4, actor_permissions = $5, " +
                               "requested_at = $6, failed = false, error = NULL WHERE pack_id = $1 AND failed", Values());
            return 0;
        });
        return Find(job.PackId) ?? job;
    }

    public GenerationJob? Find(string packId) =>
        store.Read(c => Sql.List(c, $"SELECT {Columns}, {Running} FROM pack_generation_queue q WHERE q.pack_id = $2", Map, RunningLockSpace, packId)).SingleOrDefault();

    public IReadOnlyList<GenerationJob> Pending() =>
        store.Read(c => Sql.List(c, $"SELECT {Columns}, {Running} FROM pack_generation_queue q ORDER BY q.requested_at, q.pack_id", Map, RunningLockSpace));

    public IGenerationClaim? TryClaim()
    {
        var connection = store.OpenConnection();
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = connection.BeginTransaction();
            var job = Sql.List(connection,
                $"SELECT {Columns}, true FROM pack_generation_queue q WHERE NOT q.failed ORDER BY q.requested_at, q.pack_id LIMIT 1 FOR UPDATE SKIP LOCKED",
                Map).SingleOrDefault();
            if (job is null)
            {
                transaction.Rollback();
                transaction.Dispose();
                connection.Dispose();
                return null;
            }
            Sql.Execute(connection, "SELECT pg_try_advisory_xact_lock($1, hashtext($2))", RunningLockSpace, job.PackId);
            return new Claim(connection, transaction, job);
        }
        catch
        {
            transaction?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    private static GenerationJob Map(NpgsqlDataReader r) =>
        new(r.GetString(0), StoreJson.Deserialize<PackParameters>(r.GetString(1)), ActorOf(r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4)),
            DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Utc))
        {
            State = r.GetBoolean(6) ? GenerationState.Failed : r.GetBoolean(8) ? GenerationState.Running : GenerationState.Queued,
            Error = r.IsDBNull(7) ? null : r.GetString(7),
        };

    /// <summary>The requester as they were when they asked; a permission this release does not know (a newer one wrote it) is left out.</summary>
    private static Actor ActorOf(string id, string name, string[] permissions) =>
        new(id, name, permissions.Select(p => Enum.TryParse<Permission>(p, out var known) ? known : (Permission?)null)
            .OfType<Permission>().ToHashSet());

    private sealed class Claim(NpgsqlConnection connection, NpgsqlTransaction transaction, GenerationJob job) : IGenerationClaim
    {
        private bool _ended;

        public GenerationJob Job { get; } = job with { State = GenerationState.Running };

        public void Complete() => End("DELETE FROM pack_generation_queue WHERE pack_id = $1", Job.PackId);

        public void Fail(string error) => End("UPDATE pack_generation_queue SET failed = true, error = $2 WHERE pack_id = $1", Job.PackId, error);

        private void End(string sql, params object?[] parameters)
        {
            if (_ended) return;
            _ended = true;
            try
            {
                Sql.Execute(connection, sql, parameters);
                transaction.Commit();
            }
            finally
            {
                Close();
            }
        }

        /// <summary>Without an outcome the transaction rolls back: the job is queued again for any worker.</summary>
        public void Dispose()
        {
            if (_ended) return;
            _ended = true;
            try
            {
                if (connection.FullState == System.Data.ConnectionState.Open) transaction.Rollback();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // A lost session's transaction is gone with it.
            }
            Close();
        }

        private void Close()
        {
            transaction.Dispose();
            connection.Dispose();
        }
    }
}
