using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Audit;

/// <summary>
/// The audit chain in the audit table, keyed by sequence. An append takes a transaction-scoped advisory lock before it
/// reads the head, so concurrent changes append one after another (the lock is held until the change commits or rolls
/// back): the chain never forks, and a rolled-back change leaves no gap.
/// </summary>
internal sealed class PostgresAuditLog(PostgresStore store, TimeProvider clock) : IAuditLog
{
    /// <summary>The advisory lock key that serialises appends ("CDaudit!").</summary>
    public const long AppendLockKey = 0x4344_6175_6469_7421;

    private const string Columns = "sequence, at, actor_id, actor_name, action, entity_type, entity_id, summary, previous_hash, hash";

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary) =>
        Append(actor, action, entityType, entityId, summary, clock.UtcNowMs());

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary, DateTime at) =>
        store.Write(() => store.Read<Result<AuditEntry>>(connection =>
        {
            Sql.Execute(connection, "SELECT pg_advisory_xact_lock($1)", AppendLockKey);
            var last = Sql.Single(connection, "SELECT sequence, hash, at FROM audit ORDER BY sequence DESC LIMIT 1",
                r => new { Head = new ChainHead(r.GetInt64(0), r.GetString(1)), At = DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc) });
            var time = TimeProviderExtensions.TruncateToMs(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            var entry = AuditChain.Link(new AuditEntry
            {
                // Never dated before the entry it follows, so times stay in sequence order (as on LiteDB).
                At = last is not null && last.At > time ? last.At : time,
                ActorId = actor.Id,
                ActorName = actor.DisplayName,
                Action = action,
                EntityType = entityType,
                EntityId = entityId,
                Summary = summary,
            }, last?.Head ?? ChainHead.Empty);
            Sql.Execute(connection, $"INSERT INTO audit ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                entry.Sequence, entry.At, entry.ActorId, entry.ActorName, entry.Action, entry.EntityType, entry.EntityId,
                entry.Summary, entry.PreviousHash, entry.Hash);
            return entry;
        })).Value;

    public ChainHead Head() => store.Read(Head);

    private static ChainHead Head(NpgsqlConnection connection) =>
        Sql.Single(connection, "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1", r => new ChainHead(r.GetInt64(0), r.GetString(1)))
        ?? ChainHead.Empty;

    public AuditPage Query(AuditFilter filter, int skip, int take)
    {
        var conditions = new List<string>();
        var parameters = new List<object?>();
        string Next(object? value)
        {
            parameters.Add(value);
            return $"${parameters.Count}";
        }
        // Substring filters ignore case, as LiteDB's default collation does.
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) conditions.Add($"entity_type = {Next(filter.EntityType)}");
        if (!string.IsNullOrWhiteSpace(filter.Action)) conditions.Add($"strpos(lower(action), lower({Next(filter.Action.Trim())})) > 0");
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = Next(filter.Actor.Trim());
            conditions.Add($"(strpos(lower(actor_id), lower({actor})) > 0 OR strpos(lower(actor_name), lower({actor})) > 0)");
        }
        if (filter.FromUtc is { } from) conditions.Add($"at >= {Next(from)}");
        if (filter.ToUtc is { } to) conditions.Add($"at < {Next(to)}");
        var where = conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
        return store.Read(connection =>
        {
            var total = Sql.Scalar<long>(connection, $"SELECT count(*) FROM audit WHERE {where}", [.. parameters]);
            var page = Sql.List(connection, $"SELECT {Columns} FROM audit WHERE {where} ORDER BY sequence DESC OFFSET {Math.Max(0, skip)} LIMIT {Math.Max(0, take)}",
                Entry, [.. parameters]);
            return new AuditPage(page, (int)total);
        });
    }

    public IEnumerable<AuditEntry> ReadAll() => store.Stream($"SELECT {Columns} FROM audit ORDER BY sequence", Entry);

    public IReadOnlyList<string> EntityTypes() =>
        [.. store.Read(c => Sql.List(c, "SELECT DISTINCT entity_type FROM audit", r => r.GetString(0))).Order(StringComparer.Ordinal)];

    private static AuditEntry Entry(NpgsqlDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        At = DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc),
        ActorId = r.GetString(2),
        ActorName = r.GetString(3),
        Action = r.GetString(4),
        EntityType = r.GetString(5),
        EntityId = r.GetString(6),
        Summary = r.GetString(7),
        PreviousHash = r.GetString(8),
        Hash = r.GetString(9),
    };
}
