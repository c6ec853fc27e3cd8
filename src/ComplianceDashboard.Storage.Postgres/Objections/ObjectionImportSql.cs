using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Objections;

/// <summary>
/// An import on PostgreSQL, on the caller's transaction, in chunks that overlap the parsing: the decided rows are streamed by
/// binary COPY straight into the objections table when it held none (a first load), otherwise into a staging table that keeps
/// each row's line, then compared, inserted and moved forward (with their history) set-based in SQL. The rollups are counted
/// in C# (<c>RollupDeltas</c>) and written once at the end. The rules are Core's (<see cref="ObjectionImportRules"/>): the SQL
/// below says the same things, and the contract suite checks that both stores give the same records, rollups and errors.
/// </summary>
internal static class ObjectionImportSql
{
    private const string Staging = "objection_import";

    private const string StagingColumns =
        "line, id, subject_ref, jurisdiction, platform, channel, received_at, status, resolved_at, refusal_grounds, carried_over, " +
        "extension_notified_at, extension_reason, due_date, within_legal_limit, history";

    /// <summary>Whether the staged row <c>s</c> says what the stored row <c>o</c> says about where the objection stands.</summary>
    private const string SameOutcome =
        "(o.status = s.status AND o.resolved_at IS NOT DISTINCT FROM s.resolved_at AND o.refusal_grounds IS NOT DISTINCT FROM s.refusal_grounds " +
        "AND o.extension_notified_at IS NOT DISTINCT FROM s.extension_notified_at AND o.extension_reason IS NOT DISTINCT FROM s.extension_reason)";

    /// <summary>A superset-free filter for ObjectionImportRules.Compare's conflicts: a fact changed, or a resolved or extended objection changed.</summary>
    private const string Conflicting =
        "o.subject_ref <> s.subject_ref OR o.received_at <> s.received_at OR o.jurisdiction <> s.jurisdiction OR o.platform <> s.platform " +
        "OR o.channel <> s.channel OR o.carried_over <> s.carried_over OR (NOT " + SameOutcome + " AND (o.status <> 0 OR " +
        "(o.extension_notified_at IS NOT NULL AND o.extension_notified_at IS DISTINCT FROM s.extension_notified_at)))";

    /// <summary>
    /// Rows per chunk. Each chunk is staged, compared and stored while the next ones are parsed, so the server's work overlaps the
    /// parsing instead of following it; at most six chunks are in memory (a few MB each).
    /// </summary>
    private const int ChunkRows = 10_000;

    /// <param name="inTransaction">
    /// Whether the caller's transaction holds the import (the unit of work): only then may a first load drop the secondary
    /// indexes and build them again afterwards, since a rollback brings them back.
    /// </param>
    public static ObjectionImportCounts Run(NpgsqlConnection connection, IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts,
        bool inTransaction)
    {
        // For this transaction only: the joins of a chunk that re-imports stored rows stay in memory rather than spill to disk,
        // a time's UTC day is a plain cast, and no statement pays for compiling itself (JIT) to save a few milliseconds.
        Execute(connection, $"SET LOCAL work_mem = '{WorkMem}'; SET LOCAL TimeZone = 'UTC'; SET LOCAL jit = off");
        // Objection writers are serialised (the caller locked objection_state), so a table without objections now has none
        // until this import stores them: its rows are all new (ids are unique within a file), nothing can conflict, and they
        // need no staging.
        var firstImport = !Sql.Scalar<bool>(connection, "SELECT EXISTS (SELECT 1 FROM objections)");
        var deferred = firstImport && inTransaction ? DeferSecondaryIndexes(connection) : [];
        var deltas = new RollupDeltas();
        var counts = firstImport ? Load(connection, rows, batch, deltas) : Merge(connection, rows, batch, conflicts, deltas);
        // Built again whatever the outcome: a rejected import is rolled back (which restores them anyway), an accepted one
        // commits them with its rows.
        BuildIndexes(connection, deferred);
        if (conflicts.Count > 0 || counts.Inserted + counts.Updated + counts.Unchanged == 0) return new ObjectionImportCounts(0, 0, 0);
        RollUp(connection, deltas);
        return counts;
    }

    /// <summary>
    /// A first load: every row is new and was validated in C#, so all go by one binary COPY straight into the objections table,
    /// as a raw COPY would. The parsing thread also makes each new record (<see cref="ObjectionImportRules.Created"/>), its
    /// history's JSON and its rollup counts, so that this thread only encodes rows and sends them: it is the slower of the two.
    /// </summary>
    private static ObjectionImportCounts Load(NpgsqlConnection connection, IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, RollupDeltas deltas)
    {
        // Only the parsing thread counts, and ReadAhead returns after it has finished, so the counts are complete when read.
        var created = rows.Select(row =>
        {
            var objection = ObjectionImportRules.Created(row.Objection, batch);
            deltas.Change(null, objection);
            return (Objection: objection, History: ObjectionHistoryJson.Write(objection.History));
        });
        var loaded = 0;
        using var copy = connection.BeginBinaryImport($"COPY objections ({ObjectionRows.Columns}) FROM STDIN (FORMAT BINARY)");
        copy.Timeout = TimeSpan.Zero;
        ReadAhead.Consume(created, chunk =>
        {
            foreach (var (objection, history) in chunk) ObjectionRows.Write(copy, objection, history);
            loaded += chunk.Count;
        }, ChunkRows, batchesAhead: 4);
        copy.Complete();
        return new ObjectionImportCounts(loaded, 0, 0);
    }

    /// <summary>An import into a table that holds objections: the rows are parsed a few chunks ahead of this thread, which stages and applies them.</summary>
    private static ObjectionImportCounts Merge(NpgsqlConnection connection, IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch,
        ICollection<ImportError> conflicts, RollupDeltas deltas)
    {
        // Only this path stages rows: a first load copies them straight in.
        Execute(connection,
            $"""
            CREATE TEMP TABLE {Staging} (
                line integer NOT NULL, id text COLLATE "C" NOT NULL, subject_ref text COLLATE "C" NOT NULL, jurisdiction text COLLATE "C" NOT NULL,
                platform smallint NOT NULL, channel smallint NOT NULL, received_at timestamptz NOT NULL, status smallint NOT NULL,
                resolved_at timestamptz, refusal_grounds text, carried_over boolean NOT NULL, extension_notified_at timestamptz,
                extension_reason text, due_date date NOT NULL, within_legal_limit boolean, history jsonb NOT NULL
            ) ON COMMIT DROP
            """);
        var (inserted, updated, unchanged) = (0, 0, 0);
        // Ids are unique within a file (ObjectionCsv), so a chunk never meets rows an earlier chunk inserted.
        ReadAhead.Consume(rows, chunk =>
        {
            var counts = Apply(connection, chunk, batch, conflicts, deltas);
            inserted += counts.Inserted;
            updated += counts.Updated;
            unchanged += counts.Unchanged;
        }, ChunkRows, batchesAhead: 4);
        return new ObjectionImportCounts(inserted, updated, unchanged);
    }

    /// <summary>
    /// A first load into an empty table drops its secondary indexes and builds them once the rows are in (PostgreSQL's advice for
    /// populating a database): sorting a million keys once costs the server a fraction of a million insertions into random
    /// places of each index (measured: 7.8 s instead of 17.7 s for a million rows). The definitions are read from the catalogue,
    /// so an index a newer release added is built again exactly as it was. Dropping needs the table to itself: if any session
    /// holds a lock on it (a reader streaming objections), the import does not wait for it, nor make others queue behind it,
    /// and keeps the indexes, maintaining them row by row. The primary key stays (it still refuses a duplicate id).
    /// </summary>
    private static IReadOnlyList<string> DeferSecondaryIndexes(NpgsqlConnection connection)
    {
        Execute(connection, "SAVEPOINT objection_indexes");
        try
        {
            Execute(connection, "LOCK TABLE objections IN ACCESS EXCLUSIVE MODE NOWAIT");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            Execute(connection, "ROLLBACK TO SAVEPOINT objection_indexes; RELEASE SAVEPOINT objection_indexes");
            return [];
        }
        var indexes = List(connection,
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid = 'objections'::regclass AND NOT i.indisprimary ORDER BY 1
            """,
            r => (Name: r.GetString(0), Definition: r.GetString(1)));
        if (indexes.Count > 0) Execute(connection, $"DROP INDEX {string.Join(", ", indexes.Select(i => i.Name))}");
        Execute(connection, "RELEASE SAVEPOINT objection_indexes");
        return indexes.Select(i => i.Definition).ToList();
    }

    private static void BuildIndexes(NpgsqlConnection connection, IReadOnlyList<string> definitions)
    {
        if (definitions.Count == 0) return;
        // Each index is built by one sort; with room for a million keys it sorts in memory.
        Execute(connection, $"SET LOCAL maintenance_work_mem = '{MaintenanceWorkMem}'; {string.Join("; ", definitions)}");
    }

    /// <summary>
    /// One chunk, staged, then the rows whose ids are already stored are compared (SQL finds the rows that break a rule, Core
    /// words the errors), moved forward with their history, and the others inserted. Once a conflict is found nothing more is
    /// stored (the transaction is rolled back), but every later chunk is still compared, to report every conflict.
    /// </summary>
    private static ObjectionImportCounts Apply(NpgsqlConnection connection, IReadOnlyList<ObjectionRow> chunk, ObjectionImportBatch batch,
        ICollection<ImportError> conflicts, RollupDeltas deltas)
    {
        Execute(connection, $"TRUNCATE {Staging}");
        Stage(connection, chunk, batch);
        // Found through the primary key, id by id: a chunk never scans the table, however large it is.
        var stored = List(connection, "SELECT id FROM objections WHERE id = ANY($1)", r => r.GetString(0),
            new NpgsqlParameter { Value = chunk.Select(row => row.Objection.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text }).ToArray();
        if (stored.Length == 0)
        {
            if (conflicts.Count > 0) return new ObjectionImportCounts(0, 0, 0);
            foreach (var row in chunk) deltas.Change(null, row.Objection);
            var added = Execute(connection, $"INSERT INTO objections ({ObjectionRows.Columns}) {NewRows} FROM {Staging} s", batch.BatchId);
            return new ObjectionImportCounts(added, 0, 0);
        }

        // The planner joins the staged rows with the stored ones better knowing how many there are.
        Execute(connection, $"ANALYZE {Staging}");
        NpgsqlParameter Ids() => new() { Value = stored, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var matched = $"{Staging} s JOIN objections o ON o.id = s.id AND o.id = ANY($1)";
        foreach (var (line, current, incoming) in List(connection,
                     $"SELECT s.line, {ObjectionRows.ColumnsOf("o")}, s.id, 0, {string.Join(", ", StagingColumns.Split(", ").Skip(2).SkipLast(1).Select(c => "s." + c))} " +
                     $"FROM {matched} WHERE {Conflicting} ORDER BY s.line",
                     r => (r.GetInt32(0), ObjectionRows.Facts(r, 1), ObjectionRows.Facts(r, 18)), Ids()))
            ObjectionImportRules.Compare(current, incoming, line, conflicts);
        if (conflicts.Count > 0) return new ObjectionImportCounts(0, 0, 0);

        // Every row counts as new; the stored ones then take back what they should not add: an unchanged row what it was just
        // counted, a moved-forward one what its stored version counted.
        foreach (var row in chunk) deltas.Change(null, row.Objection);
        using (var command = Sql.Command(connection,
                   $"""
                   SELECT {CountedColumns("s")} FROM {matched} WHERE {SameOutcome}
                   UNION ALL
                   SELECT {CountedColumns("o")} FROM {matched} WHERE NOT {SameOutcome}
                   """, Ids()))
        {
            command.CommandTimeout = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read()) deltas.TakeBack(Counted(reader));
        }
        var updated = Execute(connection,
            $"""
            UPDATE objections o SET
                status = s.status, resolved_at = s.resolved_at, refusal_grounds = s.refusal_grounds,
                extension_notified_at = s.extension_notified_at, extension_reason = s.extension_reason, due_date = s.due_date,
                within_legal_limit = s.within_legal_limit, batch_id = $2, version = o.version + 1,
                history = o.history
                    || CASE WHEN s.extension_notified_at IS NOT NULL AND o.extension_notified_at IS NULL THEN {ExtensionStep("s", "$3")} ELSE '[]'::jsonb END
                    || CASE WHEN s.status <> 0 AND s.resolved_at IS NOT NULL AND o.status <> s.status THEN {ResolutionStep("s", "$3")} ELSE '[]'::jsonb END
            FROM {Staging} s
            WHERE o.id = s.id AND o.id = ANY($1) AND NOT {SameOutcome}
            """, Ids(), batch.BatchId, batch.By);
        var inserted = Execute(connection,
            $"INSERT INTO objections ({ObjectionRows.Columns}) {NewRows.Replace("$1", "$2", StringComparison.Ordinal)} FROM {Staging} s WHERE NOT (s.id = ANY($1))",
            Ids(), batch.BatchId);
        return new ObjectionImportCounts(inserted, updated, chunk.Count - inserted - updated);
    }

    /// <summary>The staged rows as new objections (the batch id is $1).</summary>
    private const string NewRows =
        "SELECT s.id, 1, s.subject_ref, s.jurisdiction, s.platform, s.channel, s.received_at, s.status, s.resolved_at, s.refusal_grounds, " +
        "s.carried_over, s.extension_notified_at, s.extension_reason, s.due_date, s.within_legal_limit, $1, s.history";

    // A million-row statement can run for minutes: the client waits as long as the server works (the server's own
    // statement_timeout, when the operator sets one, still applies and rolls the import back).
    private static int Execute(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        using var command = Sql.Command(connection, sql, parameters);
        command.CommandTimeout = 0;
        return command.ExecuteNonQuery();
    }

    private static List<T> List<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, params object?[] parameters)
    {
        using var command = Sql.Command(connection, sql, parameters);
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var items = new List<T>();
        while (reader.Read()) items.Add(map(reader));
        return items;
    }

    /// <summary>The memory a sort or hash of the import may use before it spills to disk (hash tables twice this).</summary>
    private const string WorkMem = "128MB";

    /// <summary>The memory each index build of a first load may sort in.</summary>
    private const string MaintenanceWorkMem = "256MB";

    private static void Stage(NpgsqlConnection connection, IReadOnlyList<ObjectionRow> chunk, ObjectionImportBatch batch)
    {
        // Each row also carries the history it starts with if it is new (Core's rule, as JSON): building it here costs the
        // server nothing (building it in SQL took about a third of the insert).
        using var copy = connection.BeginBinaryImport($"COPY {Staging} ({StagingColumns}) FROM STDIN (FORMAT BINARY)");
        copy.Timeout = TimeSpan.Zero; // no timeout, as CommandTimeout = 0
        foreach (var row in chunk)
        {
            copy.StartRow();
            copy.Write(row.Line, NpgsqlDbType.Integer);
            copy.Write(row.Objection.Id, NpgsqlDbType.Text);
            ObjectionRows.WriteFacts(copy, row.Objection);
            copy.Write(ObjectionHistoryJson.Write(ObjectionImportRules.InitialHistory(row.Objection, batch.By)), NpgsqlDbType.Jsonb);
        }
        copy.Complete();
    }

    /// <summary>
    /// The rollups after the import: Core applies the import's deltas to the stored rollups they touch (as on LiteDB), and the
    /// results are written back set-based: a few thousand rows whatever the size of the file.
    /// </summary>
    private static void RollUp(NpgsqlConnection connection, RollupDeltas deltas)
    {
        var touched = deltas.All;
        var stored = List(connection,
                $"""
                SELECT {ObjectionRows.RollupColumns} FROM objection_rollups
                WHERE (jurisdiction, platform, channel, day) IN (SELECT * FROM unnest($1::text[], $2::smallint[], $3::smallint[], $4::date[]))
                """,
                ObjectionRows.ReadRollup,
                touched.Select(d => d.Jurisdiction).ToArray(), touched.Select(d => (short)d.Platform).ToArray(),
                touched.Select(d => (short)d.Channel).ToArray(), touched.Select(d => d.Day).ToArray())
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        var rollups = deltas.Apply(stored.GetValueOrDefault);

        // Only the columns this release writes: a column a newer release added (NOT NULL with a default) is left to its default,
        // which LIKE would copy as a bare NOT NULL and refuse (rolling upgrades, docs/operations.md).
        Execute(connection, $"CREATE TEMP TABLE objection_import_rollups ON COMMIT DROP AS SELECT {ObjectionRows.RollupColumns} FROM objection_rollups WITH NO DATA");
        using (var copy = connection.BeginBinaryImport($"COPY objection_import_rollups ({ObjectionRows.RollupColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = TimeSpan.Zero;
            foreach (var r in rollups) ObjectionRows.WriteRollup(copy, r);
            copy.Complete();
        }
        Execute(connection,
            $"""
            INSERT INTO objection_rollups AS r ({ObjectionRows.RollupColumns})
            SELECT {ObjectionRows.RollupColumns} FROM objection_import_rollups n WHERE NOT ({EmptyRollup("n")})
            ORDER BY jurisdiction, platform, channel, day
            ON CONFLICT (jurisdiction, platform, channel, day) DO UPDATE SET
                received = excluded.received, carried_over = excluded.carried_over, honoured = excluded.honoured, refused = excluded.refused,
                withdrawn = excluded.withdrawn, extensions_notified = excluded.extensions_notified,
                answered_within_limit = excluded.answered_within_limit, honour_buckets = excluded.honour_buckets,
                honour_counts = excluded.honour_counts, max_honour_ms = excluded.max_honour_ms;
            DELETE FROM objection_rollups r USING objection_import_rollups n
            WHERE (r.jurisdiction, r.platform, r.channel, r.day) = (n.jurisdiction, n.platform, n.channel, n.day) AND {EmptyRollup("n")}
            """);
    }

    /// <summary>What a row is counted by in the rollups (RollupDeltas), in <see cref="Counted"/>'s order.</summary>
    private static string CountedColumns(string alias) =>
        string.Join(", ", new[] { "jurisdiction", "platform", "channel", "received_at", "status", "resolved_at", "carried_over", "extension_notified_at", "within_legal_limit" }
            .Select(c => $"{alias}.{c}"));

    private static Objection Counted(NpgsqlDataReader r) => new()
    {
        Jurisdiction = r.GetString(0),
        Platform = (Platform)r.GetInt16(1),
        Channel = (ObjectionChannel)r.GetInt16(2),
        ReceivedAt = r.GetDateTime(3),
        Status = (ObjectionStatus)r.GetInt16(4),
        ResolvedAt = r.IsDBNull(5) ? null : r.GetDateTime(5),
        CarriedOver = r.GetBoolean(6),
        ExtensionNotifiedAt = r.IsDBNull(7) ? null : r.GetDateTime(7),
        WithinLegalLimit = r.IsDBNull(8) ? null : r.GetBoolean(8),
    };

    /// <summary>ObjectionRollup.IsEmpty in SQL.</summary>
    public static string EmptyRollup(string r) =>
        $"{r}.received = 0 AND {r}.carried_over = 0 AND {r}.honoured = 0 AND {r}.refused = 0 AND {r}.withdrawn = 0 AND " +
        $"{r}.extensions_notified = 0 AND {r}.answered_within_limit = 0 AND cardinality({r}.honour_buckets) = 0";

    /// <summary>One history step as StoreJson writes an ObjectionStatusChange (UTC to the millisecond).</summary>
    private static string Step(string status, string at, string by, string note) =>
        $"jsonb_build_object('Status', {StatusName(status)}, 'At', to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'By', {by}::text, 'Note', {note})";

    /// <summary>ObjectionImportRules' extension step.</summary>
    private static string ExtensionStep(string s, string by) =>
        $"jsonb_build_array({Step("0", $"{s}.extension_notified_at", by, $"'Extension notified' || coalesce(': ' || {s}.extension_reason, '')")})";

    /// <summary>ObjectionImportRules' resolution step: "Refused: grounds", else the status's name.</summary>
    private static string ResolutionStep(string s, string by) =>
        $"jsonb_build_array({Step($"{s}.status", $"{s}.resolved_at", by, $"coalesce('Refused: ' || {s}.refusal_grounds, {StatusName($"{s}.status")})")})";

    private static string StatusName(string status) =>
        $"(CASE {status} WHEN 0 THEN 'Received' WHEN 1 THEN 'Honoured' WHEN 2 THEN 'Refused' ELSE 'Withdrawn' END)";
}
