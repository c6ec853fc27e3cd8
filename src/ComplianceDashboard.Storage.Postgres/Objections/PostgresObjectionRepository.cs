using System.Data;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Objections;

/// <summary>
/// Objections and their day rollups in PostgreSQL. Metrics read a cached copy of the rollups and the open objections that
/// is only a cache: every write raises objection_state.version (first thing in its transaction, which also serialises
/// objection writers), and a read that finds another version than the cached one reads the rollups and the open set
/// again, so any instance's writes invalidate every other instance's copy. While the store's change feed listens, a warm
/// read skips even that check until a write is notified (ChangeFeed). No read ever scans the objections.
/// </summary>
internal sealed class PostgresObjectionRepository(PostgresStore store) : IObjectionRepository
{
    private sealed record Cached(long Version, ObjectionSnapshot Snapshot, IReadOnlyDictionary<string, ObjectionRollup> RollupById, long? Stamp = null);

    private volatile Cached? _cached;

    public Objection? Find(string objectionId)
    {
        LockForWrite();
        return store.Read(c => Sql.List(c, $"SELECT {ObjectionRows.Columns} FROM objections WHERE id = $1", ObjectionRows.Read, objectionId)).SingleOrDefault();
    }

    public IReadOnlyDictionary<string, Objection> FindMany(IReadOnlyCollection<string> objectionIds)
    {
        LockForWrite();
        return store.Read(c => Sql.List(c, $"SELECT {ObjectionRows.Columns} FROM objections WHERE id = ANY($1)", ObjectionRows.Read, TextArray(objectionIds)))
            .ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    public void Save(IReadOnlyList<Objection> inserted, IReadOnlyList<Objection> updated, IReadOnlyList<ObjectionRollup> rollups)
    {
        LockForWrite();
        store.Read(connection =>
        {
            if (inserted.Count > 0)
            {
                using var copy = connection.BeginBinaryImport($"COPY objections ({ObjectionRows.Columns}) FROM STDIN (FORMAT BINARY)");
                copy.Timeout = TimeSpan.Zero; // no timeout: a demo store seeds hundreds of thousands of rows at once
                foreach (var o in inserted) ObjectionRows.Write(copy, o);
                copy.Complete();
            }
            foreach (var o in updated)
                Sql.Execute(connection,
                    """
                    UPDATE objections SET version = $2, status = $3, resolved_at = $4, refusal_grounds = $5, extension_notified_at = $6,
                        extension_reason = $7, due_date = $8, within_legal_limit = $9, batch_id = $10, history = $11
                    WHERE id = $1
                    """,
                    o.Id, o.Version, (short)o.Status, o.ResolvedAt, o.RefusalGrounds, o.ExtensionNotifiedAt, o.ExtensionReason, o.DueDate,
                    o.WithinLegalLimit, o.BatchId, new NpgsqlParameter { Value = ObjectionHistoryJson.Write(o.History), NpgsqlDbType = NpgsqlDbType.Jsonb });
            foreach (var r in rollups) SaveRollup(connection, r);
            return 0;
        });
    }

    private static void SaveRollup(NpgsqlConnection connection, ObjectionRollup r)
    {
        if (r.IsEmpty)
        {
            Sql.Execute(connection, "DELETE FROM objection_rollups WHERE jurisdiction = $1 AND platform = $2 AND channel = $3 AND day = $4",
                r.Jurisdiction, (short)r.Platform, (short)r.Channel, r.Day);
            return;
        }
        Sql.Execute(connection,
            $"""
            INSERT INTO objection_rollups ({ObjectionRows.RollupColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (jurisdiction, platform, channel, day) DO UPDATE SET
                received = excluded.received, carried_over = excluded.carried_over, honoured = excluded.honoured, refused = excluded.refused,
                withdrawn = excluded.withdrawn, extensions_notified = excluded.extensions_notified,
                answered_within_limit = excluded.answered_within_limit, honour_buckets = excluded.honour_buckets,
                honour_counts = excluded.honour_counts, max_honour_ms = excluded.max_honour_ms
            """,
            r.Jurisdiction, (short)r.Platform, (short)r.Channel, r.Day, r.Received, r.CarriedOver, r.Honoured, r.Refused, r.Withdrawn,
            r.ExtensionsNotified, r.AnsweredWithinLimit, r.HonourBuckets, r.HonourCounts, r.MaxHonourMs);
    }

    public ObjectionImportCounts Import(IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts)
    {
        LockForWrite();
        return store.Read(connection => ObjectionImportSql.Run(connection, rows, batch, conflicts, store.InTransaction));
    }

    public ObjectionRollup? Rollup(string key)
    {
        if (!store.InTransaction) return Current().RollupById.GetValueOrDefault(key);
        LockForWrite();
        var parts = key.Split('|');
        if (parts.Length != 4 || !ObjectionTokens.Platforms.TryGetValue(parts[1], out var platform) ||
            !ObjectionTokens.Channels.TryGetValue(parts[2], out var channel) || !DateOnly.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out var day))
            return null;
        return store.Read(c => Sql.List(c,
            $"SELECT {ObjectionRows.RollupColumns} FROM objection_rollups WHERE jurisdiction = $1 AND platform = $2 AND channel = $3 AND day = $4",
            ObjectionRows.ReadRollup, parts[0], (short)platform, (short)channel, day)).SingleOrDefault();
    }

    public ObjectionSnapshot Snapshot() => Current().Snapshot;

    /// <summary>The cached copy when the database's version still matches it, else a fresh one (never cached inside a transaction).</summary>
    private Cached Current()
    {
        if (store.InTransaction) return Load(null);
        // The stamp is read first: a change notified after this point makes the next read check again.
        var stamp = store.Changes.Stamp();
        if (stamp is not null && _cached is { } current && current.Stamp == stamp) return current;
        var version = store.Read(c => Sql.Scalar<long>(c, "SELECT version FROM objection_state"));
        if (_cached is { } cached && cached.Version == version)
        {
            var confirmed = cached with { Stamp = stamp };
            _cached = confirmed;
            return confirmed;
        }
        var loaded = store.Read(c =>
        {
            // One snapshot of the database for the version, the rollups and the open set.
            using var transaction = c.BeginTransaction(IsolationLevel.RepeatableRead);
            var result = Load(c);
            transaction.Commit();
            return result;
        });
        var stamped = loaded with { Stamp = stamp };
        _cached = stamped;
        return stamped;
    }

    private Cached Load(NpgsqlConnection? connection)
    {
        Cached Read(NpgsqlConnection c)
        {
            var version = Sql.Scalar<long>(c, "SELECT version FROM objection_state");
            var rollups = Sql.List(c, $"SELECT {ObjectionRows.RollupColumns} FROM objection_rollups", ObjectionRows.ReadRollup)
                .OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
            var open = Sql.List(c, $"SELECT {ObjectionRows.OpenColumns} FROM objections WHERE status = 0 ORDER BY id", ObjectionRows.ReadOpen);
            return new Cached(version, new ObjectionSnapshot(rollups, open), rollups.ToDictionary(r => r.Id, StringComparer.Ordinal));
        }
        return connection is null ? store.Read(Read) : Read(connection);
    }

    public IReadOnlyList<ObjectionRollup> StoredRollups() =>
        store.Read(c => Sql.List(c, $"SELECT {ObjectionRows.RollupColumns} FROM objection_rollups", ObjectionRows.ReadRollup))
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public IEnumerable<Objection> All() => store.Stream($"SELECT {ObjectionRows.Columns} FROM objections", ObjectionRows.Read);

    public IReadOnlyList<OpenObjection> OpenAt(string jurisdiction, DateTime asOf) =>
        store.Read(c => Sql.List(c,
            $"""
            SELECT {ObjectionRows.OpenColumns} FROM objections WHERE status = 0 AND jurisdiction = $1 AND received_at <= $2
            UNION ALL
            SELECT {ObjectionRows.OpenColumns} FROM objections WHERE resolved_at > $2 AND jurisdiction = $1 AND received_at <= $2
            ORDER BY 1
            """, ObjectionRows.ReadOpen, jurisdiction, asOf));

    public long OpenCountAt(string jurisdiction, DateTime asOf)
    {
        var day = DateOnly.FromDateTime(asOf);
        return store.Read(c => Sql.Scalar<long>(c,
            """
            SELECT coalesce((SELECT sum(received - honoured - refused - withdrawn) FROM objection_rollups WHERE jurisdiction = $1 AND day < $3), 0)::bigint
                 + (SELECT count(*) FROM objections WHERE received_at >= $4 AND received_at <= $2 AND jurisdiction = $1)
                 - (SELECT count(*) FROM objections WHERE resolved_at >= $4 AND resolved_at <= $2 AND jurisdiction = $1)
            """, jurisdiction, asOf, day, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
    }

    public IReadOnlyList<OpenObjection> OverdueAt(string jurisdiction, DateTime asOf)
    {
        var day = DateOnly.FromDateTime(asOf);
        // As LiteDB: the open set by received day, and those answered late or withdrawn after asOf by received time.
        return store.Read(c => Sql.List(c,
            $"""
            SELECT {ObjectionRows.OpenColumns} FROM objections
            WHERE status = 0 AND jurisdiction = $1 AND (received_at AT TIME ZONE 'UTC')::date <= $3 AND due_date < $3
            UNION ALL
            SELECT {ObjectionRows.OpenColumns} FROM objections
            WHERE (status IN (2, 3) OR within_legal_limit = false OR extension_notified_at IS NOT NULL)
              AND (within_legal_limit = false OR status = 3) AND jurisdiction = $1 AND received_at <= $2 AND resolved_at > $2 AND due_date < $3
            ORDER BY 1
            """, ObjectionRows.ReadOpen, jurisdiction, asOf, day));
    }

    public IReadOnlyList<Objection> RefusedBy(string jurisdiction, DateTime asOf) =>
        Objections($"status = 2 AND jurisdiction = $1 AND resolved_at <= $2 ORDER BY resolved_at, id", jurisdiction, asOf);

    public IReadOnlyList<Objection> RefusedOnDays(string jurisdiction, DateOnly from, DateOnly to) =>
        Objections($"status = 2 AND jurisdiction = $1 AND resolved_at >= $2 AND resolved_at < $3 ORDER BY resolved_at, id", jurisdiction, Start(from), Start(to.AddDays(1)));

    public IReadOnlyList<Objection> ExtendedOnDays(string jurisdiction, DateOnly from, DateOnly to) =>
        Objections($"extension_notified_at IS NOT NULL AND jurisdiction = $1 AND extension_notified_at >= $2 AND extension_notified_at < $3 ORDER BY extension_notified_at, id",
            jurisdiction, Start(from), Start(to.AddDays(1)));

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private List<Objection> Objections(string conditionAndOrder, params object?[] parameters) =>
        store.Read(c => Sql.List(c, $"SELECT {ObjectionRows.Columns} FROM objections WHERE {conditionAndOrder}", ObjectionRows.Read, parameters));

    public ObjectionPage Search(ObjectionQuery query)
    {
        var (where, parameters) = Where(query);
        var items = store.Read(c => Sql.List(c,
            $"SELECT {ObjectionRows.Columns} FROM objections WHERE {where} ORDER BY {OrderBy(query)} OFFSET {query.Skip} LIMIT {query.Take}",
            ObjectionRows.Read, [.. parameters]));
        return new ObjectionPage(items, Count(query, where, parameters));
    }

    public IEnumerable<Objection> Stream(ObjectionQuery query)
    {
        var (where, parameters) = Where(query);
        return store.Stream($"SELECT {ObjectionRows.Columns} FROM objections WHERE {where} ORDER BY {OrderBy(query)}", ObjectionRows.Read, [.. parameters]);
    }

    /// <summary>The total for a filter comes from the rollups (received in range) unless a status is asked for, as on LiteDB.</summary>
    private int Count(ObjectionQuery query, string where, List<object?> parameters)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
            return (int)store.Read(c => Sql.Scalar<long>(c, $"SELECT count(*) FROM objections WHERE {where}", [.. parameters]));
        if (query.Status is null)
            return (int)Snapshot().Rollups.Where(r => query.Filter.Matches(r.Jurisdiction, r.Platform, r.Channel, r.Day)).Sum(r => r.Received);
        if (query.Status == ObjectionStatus.Received)
            return Snapshot().Open.Count(o => query.Filter.Matches(o.Jurisdiction, o.Platform, o.Channel, o.ReceivedDay));
        return (int)store.Read(c => Sql.Scalar<long>(c, $"SELECT count(*) FROM objections WHERE {where}", [.. parameters]));
    }

    private static (string Where, List<object?> Parameters) Where(ObjectionQuery query)
    {
        var conditions = new List<string> { "true" };
        var parameters = new List<object?>();
        void Add(string condition, object? value)
        {
            parameters.Add(value);
            conditions.Add(condition.Replace("@", $"${parameters.Count}", StringComparison.Ordinal));
        }
        var f = query.Filter;
        if (!string.IsNullOrWhiteSpace(query.Search)) Add("(id = @ OR subject_ref = @)", query.Search.Trim());
        if (f.Jurisdiction is { } j) Add("jurisdiction = @", j);
        if (f.Platform is { } p) Add("platform = @", (short)p);
        if (f.Channel is { } ch) Add("channel = @", (short)ch);
        if (f.From is { } from) Add("received_at >= @", Start(from));
        if (f.To is { } to) Add("received_at < @", Start(to.AddDays(1)));
        if (query.Status is { } s) Add("status = @", (short)s);
        return (string.Join(" AND ", conditions), parameters);
    }

    /// <summary>As LiteDB orders: statuses by name (honoured, received, refused, withdrawn), ties by id.</summary>
    private static string OrderBy(ObjectionQuery query)
    {
        var direction = query.Descending ? "DESC" : "ASC";
        var column = query.Sort switch
        {
            ObjectionSort.DueDate => "due_date",
            ObjectionSort.ObjectionId => "id",
            ObjectionSort.Status => "CASE status WHEN 1 THEN 0 WHEN 0 THEN 1 WHEN 2 THEN 2 ELSE 3 END",
            _ => "received_at",
        };
        return column == "id" ? $"id {direction}" : $"{column} {direction}, id {direction}";
    }

    /// <summary>
    /// Inside a Write: raises the objection version, which locks its row until the transaction ends (see the class summary),
    /// and notifies every instance's change feed when it commits.
    /// </summary>
    private void LockForWrite()
    {
        if (!store.InTransaction) return;
        store.Read(c => Sql.Execute(c, $"UPDATE objection_state SET version = version + 1; {ChangeFeed.Notify}"));
        store.AfterCommit(store.Changes.Invalidate);
    }

    private static NpgsqlParameter TextArray(IEnumerable<string> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
