using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Objections;

/// <summary>
/// An import on PostgreSQL: the decided rows are streamed by binary COPY into a staging table that keeps each row's line,
/// then compared, inserted, moved forward (with their history) and rolled up set-based in SQL, on the caller's transaction.
/// The rules are Core's (<see cref="ObjectionImportRules"/>, <c>RollupDeltas</c>): the SQL below says the same things, and the
/// contract suite checks that both stores give the same records, rollups and errors.
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

    public static ObjectionImportCounts Run(NpgsqlConnection connection, IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts)
    {
        // For this transaction only: the rollup statements group a million events in memory rather than spill them to disk
        // (measured on 1,000,000 rows: 5.6 s of server CPU with the default 4 MB, 4.2 s with this), and a time's UTC day is a
        // plain cast.
        Execute(connection, $"SET LOCAL work_mem = '{WorkMem}'; SET LOCAL TimeZone = 'UTC'");
        Execute(connection,
            $"""
            CREATE TEMP TABLE {Staging} (
                line integer NOT NULL, id text COLLATE "C" NOT NULL, subject_ref text COLLATE "C" NOT NULL, jurisdiction text COLLATE "C" NOT NULL,
                platform smallint NOT NULL, channel smallint NOT NULL, received_at timestamptz NOT NULL, status smallint NOT NULL,
                resolved_at timestamptz, refusal_grounds text, carried_over boolean NOT NULL, extension_notified_at timestamptz,
                extension_reason text, due_date date NOT NULL, within_legal_limit boolean, history text NOT NULL
            ) ON COMMIT DROP
            """);
        var staged = Copy(connection, rows, batch);
        if (staged == 0) return new ObjectionImportCounts(0, 0, 0);
        // The planner needs the staging table's size to join it well (a temporary table is never auto-analysed).
        Execute(connection, $"ANALYZE {Staging}");

        // The comparison: SQL finds the rows that break a rule, Core words the errors.
        foreach (var (line, current, incoming) in List(connection,
                     $"SELECT s.line, {ObjectionRows.ColumnsOf("o")}, s.id, 0, {string.Join(", ", StagingColumns.Split(", ").Skip(2).SkipLast(1).Select(c => "s." + c))} " +
                     $"FROM {Staging} s JOIN objections o ON o.id = s.id WHERE {Conflicting} ORDER BY s.line",
                     r => (r.GetInt32(0), ObjectionRows.Facts(r, 1), ObjectionRows.Facts(r, 18))))
            ObjectionImportRules.Compare(current, incoming, line, conflicts);
        if (conflicts.Count > 0) return new ObjectionImportCounts(0, 0, 0);

        RollUp(connection);
        var updated = Execute(connection,
            $"""
            UPDATE objections o SET
                status = s.status, resolved_at = s.resolved_at, refusal_grounds = s.refusal_grounds,
                extension_notified_at = s.extension_notified_at, extension_reason = s.extension_reason, due_date = s.due_date,
                within_legal_limit = s.within_legal_limit, batch_id = $1, version = o.version + 1,
                history = o.history
                    || CASE WHEN s.extension_notified_at IS NOT NULL AND o.extension_notified_at IS NULL THEN {ExtensionStep("s", "$2")} ELSE '[]'::jsonb END
                    || CASE WHEN s.status <> 0 AND s.resolved_at IS NOT NULL AND o.status <> s.status THEN {ResolutionStep("s", "$2")} ELSE '[]'::jsonb END
            FROM {Staging} s
            WHERE o.id = s.id AND NOT {SameOutcome}
            """, batch.BatchId, batch.By);
        var inserted = Execute(connection,
            $"""
            INSERT INTO objections ({ObjectionRows.Columns})
            SELECT s.id, 1, s.subject_ref, s.jurisdiction, s.platform, s.channel, s.received_at, s.status, s.resolved_at, s.refusal_grounds,
                   s.carried_over, s.extension_notified_at, s.extension_reason, s.due_date, s.within_legal_limit, $1, s.history::jsonb
            FROM {Staging} s
            WHERE NOT EXISTS (SELECT 1 FROM objections o WHERE o.id = s.id)
            """, batch.BatchId);
        return new ObjectionImportCounts(inserted, updated, (int)staged - inserted - updated);
    }

    // A million-row statement can run for minutes: the client waits as long as the server works (the server's own
    // statement_timeout, when the operator sets one, still applies and rolls the import back).
    private static int Execute(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        using var command = Sql.Command(connection, sql, parameters);
        command.CommandTimeout = 0;
        return command.ExecuteNonQuery();
    }

    private static List<T> List<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map)
    {
        using var command = Sql.Command(connection, sql);
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var items = new List<T>();
        while (reader.Read()) items.Add(map(reader));
        return items;
    }

    /// <summary>The memory a sort or hash of the import may use before it spills to disk (hash tables twice this).</summary>
    private const string WorkMem = "128MB";

    private static ulong Copy(NpgsqlConnection connection, IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch)
    {
        // Three things overlap: the rows are parsed, validated and decided on a thread of their own, encoded and sent on
        // this one, and stored by the server as they arrive. Each row also carries the history it starts with if it is new
        // (Core's rule, as JSON): building it here costs the server nothing (building it in SQL took about a third of the insert).
        using var copy = connection.BeginBinaryImport($"COPY {Staging} ({StagingColumns}) FROM STDIN (FORMAT BINARY)");
        copy.Timeout = TimeSpan.Zero; // no timeout, as CommandTimeout = 0
        ReadAhead.Consume(rows, row =>
        {
            copy.StartRow();
            copy.Write(row.Line, NpgsqlDbType.Integer);
            copy.Write(row.Objection.Id, NpgsqlDbType.Text);
            ObjectionRows.WriteFacts(copy, row.Objection);
            copy.Write(StoreJson.Serialize(ObjectionImportRules.InitialHistory(row.Objection, batch.By)), NpgsqlDbType.Text);
        });
        return copy.Complete();
    }

    /// <summary>
    /// The rollup changes of the import (RollupDeltas in SQL): each changed record takes back what its stored version
    /// counted (−1) and counts what it becomes (+1), on the UTC days its events happened.
    /// </summary>
    private static void RollUp(NpgsqlConnection connection)
    {
        Execute(connection,
            $"""
            CREATE TEMP TABLE objection_import_delta ON COMMIT DROP AS
            WITH changes AS (
                SELECT 1 AS sign, s.jurisdiction, s.platform, s.channel, s.received_at, s.status, s.resolved_at, s.carried_over,
                       s.extension_notified_at, s.within_legal_limit
                FROM {Staging} s LEFT JOIN objections o ON o.id = s.id
                WHERE o.id IS NULL OR NOT {SameOutcome}
                UNION ALL
                SELECT -1, o.jurisdiction, o.platform, o.channel, o.received_at, o.status, o.resolved_at, o.carried_over,
                       o.extension_notified_at, o.within_legal_limit
                FROM {Staging} s JOIN objections o ON o.id = s.id
                WHERE NOT {SameOutcome}
            ), events AS (
                -- On their UTC days (TimeZone is UTC here); times are whole milliseconds, so the rounded difference is exact.
                SELECT jurisdiction, platform, channel, received_at::date AS day,
                       sign AS received, CASE WHEN carried_over THEN sign ELSE 0 END AS carried_over,
                       0 AS honoured, 0 AS refused, 0 AS withdrawn, 0 AS extensions_notified, 0 AS answered_within_limit,
                       NULL::integer AS bucket, NULL::bigint AS honour_ms
                FROM changes
                UNION ALL
                SELECT jurisdiction, platform, channel, extension_notified_at::date, 0, 0, 0, 0, 0, sign, 0, NULL, NULL
                FROM changes WHERE extension_notified_at IS NOT NULL
                UNION ALL
                SELECT jurisdiction, platform, channel, resolved_at::date, 0, 0,
                       CASE WHEN status = 1 THEN sign ELSE 0 END, CASE WHEN status = 2 THEN sign ELSE 0 END,
                       CASE WHEN status = 3 THEN sign ELSE 0 END, 0, CASE WHEN within_legal_limit THEN sign ELSE 0 END,
                       CASE WHEN status = 1 THEN {BucketOf("ms")} END,
                       CASE WHEN status = 1 AND sign > 0 THEN ms END
                FROM changes CROSS JOIN LATERAL (SELECT (date_part('epoch', resolved_at - received_at) * 1000)::bigint AS ms) t
                WHERE status <> 0 AND resolved_at IS NOT NULL
            )
            SELECT jurisdiction, platform, channel, day, bucket,
                   sum(received) AS received, sum(carried_over) AS carried_over, sum(honoured) AS honoured, sum(refused) AS refused,
                   sum(withdrawn) AS withdrawn, sum(extensions_notified) AS extensions_notified,
                   sum(answered_within_limit) AS answered_within_limit, coalesce(max(honour_ms), 0) AS max_honour_ms
            FROM events GROUP BY jurisdiction, platform, channel, day, bucket
            """);
        // The counts: added to the stored rollups (new ones start at zero).
        Execute(connection,
            """
            INSERT INTO objection_rollups AS r (jurisdiction, platform, channel, day, received, carried_over, honoured, refused, withdrawn,
                                                extensions_notified, answered_within_limit, max_honour_ms)
            SELECT jurisdiction, platform, channel, day, sum(received), sum(carried_over), sum(honoured), sum(refused), sum(withdrawn),
                   sum(extensions_notified), sum(answered_within_limit), max(max_honour_ms)
            FROM objection_import_delta GROUP BY jurisdiction, platform, channel, day
            ORDER BY jurisdiction, platform, channel, day
            ON CONFLICT (jurisdiction, platform, channel, day) DO UPDATE SET
                received = r.received + excluded.received, carried_over = r.carried_over + excluded.carried_over,
                honoured = r.honoured + excluded.honoured, refused = r.refused + excluded.refused, withdrawn = r.withdrawn + excluded.withdrawn,
                extensions_notified = r.extensions_notified + excluded.extensions_notified,
                answered_within_limit = r.answered_within_limit + excluded.answered_within_limit,
                max_honour_ms = greatest(r.max_honour_ms, excluded.max_honour_ms)
            """);
        // The histograms: the stored buckets plus the changes, buckets that fall to zero dropped, in bucket order.
        Execute(connection,
            """
            WITH touched AS (
                SELECT DISTINCT jurisdiction, platform, channel, day FROM objection_import_delta WHERE bucket IS NOT NULL
            ), summed AS (
                SELECT jurisdiction, platform, channel, day, bucket, sum(n) AS n FROM (
                    SELECT r.jurisdiction, r.platform, r.channel, r.day, u.bucket, u.n
                    FROM touched t JOIN objection_rollups r USING (jurisdiction, platform, channel, day)
                    CROSS JOIN LATERAL unnest(r.honour_buckets, r.honour_counts) AS u(bucket, n)
                    UNION ALL
                    SELECT jurisdiction, platform, channel, day, bucket, honoured FROM objection_import_delta WHERE bucket IS NOT NULL
                ) b GROUP BY jurisdiction, platform, channel, day, bucket
            ), merged AS (
                SELECT jurisdiction, platform, channel, day,
                       coalesce(array_agg(bucket ORDER BY bucket) FILTER (WHERE n <> 0), '{}') AS buckets,
                       coalesce(array_agg(n ORDER BY bucket) FILTER (WHERE n <> 0), '{}') AS counts
                FROM summed GROUP BY jurisdiction, platform, channel, day
            )
            UPDATE objection_rollups r SET honour_buckets = m.buckets, honour_counts = m.counts::bigint[]
            FROM merged m
            WHERE (r.jurisdiction, r.platform, r.channel, r.day) = (m.jurisdiction, m.platform, m.channel, m.day)
            """);
        Execute(connection,
            $"""
            DELETE FROM objection_rollups r USING (SELECT DISTINCT jurisdiction, platform, channel, day FROM objection_import_delta) d
            WHERE (r.jurisdiction, r.platform, r.channel, r.day) = (d.jurisdiction, d.platform, d.channel, d.day) AND {EmptyRollup("r")}
            """);
    }

    /// <summary>ObjectionRollup.IsEmpty in SQL.</summary>
    public static string EmptyRollup(string r) =>
        $"{r}.received = 0 AND {r}.carried_over = 0 AND {r}.honoured = 0 AND {r}.refused = 0 AND {r}.withdrawn = 0 AND " +
        $"{r}.extensions_notified = 0 AND {r}.answered_within_limit = 0 AND cardinality({r}.honour_buckets) = 0";

    /// <summary>HonourHistogram.BucketOf in SQL.</summary>
    private static string BucketOf(string ms) =>
        $"CASE WHEN {ms} < 0 THEN 0 WHEN {ms} / {HourMs} < {HonourHistogram.HourlyBuckets} THEN ({ms} / {HourMs})::integer " +
        $"WHEN ({ms} - {HonourHistogram.HourlyBuckets}::bigint * {HourMs}) / {DayMs} < {HonourHistogram.DailyBuckets} " +
        $"THEN {HonourHistogram.HourlyBuckets} + (({ms} - {HonourHistogram.HourlyBuckets}::bigint * {HourMs}) / {DayMs})::integer " +
        $"ELSE {HonourHistogram.Overflow} END";

    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;

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
