using ComplianceDashboard.Core.Common;
using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// The database's schema: the server version check, the plain SQL migrations in Migrations/ (applied by Evolve under its
/// advisory lock and recorded in the schema_changelog table) and the compatibility floor the schema records.
/// </summary>
/// <remarks>
/// Migrations are written expand-first: a release adds (tables, nullable columns, backfills) without breaking the release
/// before it; removing what the old release still reads comes in a later release, whose migration raises the floor
/// (store_compatibility.oldest_app_level) above the releases that can no longer use the schema. An app below the floor
/// refuses to start; an app that finds migrations newer than its own (a newer release ran first) leaves them alone and
/// starts as long as the floor allows it.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>
    /// This release's compatibility level. A release raises it when it stops using something a later release will remove;
    /// that later release's contracting migration (first line <c>-- contract: release N</c>, N its own level) raises the
    /// floor to N - 1, so the release before it keeps running beside it and older ones refuse (docs/operations.md, "Rolling upgrades").
    /// </summary>
    public const int AppLevel = 1;

    public const string ChangelogTable = "schema_changelog";
    private const string MigrationsNamespace = "ComplianceDashboard.Storage.Postgres.Migrations";

    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"'{builder.Database ?? builder.Username ?? "postgres"}' on {builder.Host ?? "localhost"}:{builder.Port}";

    /// <summary>Refuses a server older than PostgreSQL 14 or one that cannot be reached, with one line.</summary>
    public static void CheckServer(NpgsqlDataSource dataSource, string describe)
    {
        using var connection = dataSource.OpenConnection();
        var version = int.Parse(Sql.Scalar<string>(connection, "SHOW server_version_num")!, System.Globalization.CultureInfo.InvariantCulture);
        if (TooOld(version, connection.PostgreSqlVersion.ToString(), describe) is { } refused) throw refused;
    }

    /// <summary>The one-line refusal of a server older than PostgreSQL 14 (<paramref name="serverVersionNum"/> as the server reports it, e.g. 130012), or null.</summary>
    public static StoreUnavailableException? TooOld(int serverVersionNum, string serverVersion, string describe) =>
        serverVersionNum / 10000 < PostgresOptions.MinimumServerMajorVersion
            ? new StoreUnavailableException(
                $"The database {describe} runs PostgreSQL {serverVersion}; ComplianceDashboard needs PostgreSQL {PostgresOptions.MinimumServerMajorVersion} or newer.")
            : null;

    /// <summary>Checks the floor, applies this release's pending migrations under Evolve's lock, and checks the floor again.</summary>
    public static void Migrate(NpgsqlDataSource dataSource, string describe)
    {
        using (var connection = dataSource.OpenConnection())
        {
            CheckFloor(connection, describe);
            // Up to date (the usual start) or upgraded by a newer release: nothing for Evolve to do.
            if (NewestApplied(connection) >= NewestShipped()) return;
        }
        using (var connection = dataSource.CreateConnection())
        {
            var evolve = new EvolveDb.Evolve(connection, _ => { })
            {
                EmbeddedResourceAssemblies = [typeof(PostgresSchema).Assembly],
                EmbeddedResourceFilters = [MigrationsNamespace],
                MetadataTableName = ChangelogTable,
                EnableClusterMode = true,
                IsEraseDisabled = true,
            };
            try
            {
                evolve.Migrate();
            }
            catch (EvolveDb.EvolveException e)
            {
                throw new StoreUnavailableException($"The database {describe} could not be migrated to this release's schema: {e.Message}", e);
            }
        }
        using (var connection = dataSource.OpenConnection())
            CheckFloor(connection, describe);
    }

    /// <summary>The highest migration version this release ships.</summary>
    public static int NewestShipped() => ShippedVersions().DefaultIfEmpty(0).Max();

    /// <summary>How many of this release's migrations the database still lacks (0 when it is current or newer).</summary>
    public static int Pending(NpgsqlConnection connection)
    {
        var applied = NewestApplied(connection);
        return Math.Max(0, ShippedVersions().Count(v => v > applied));
    }

    private static IEnumerable<int> ShippedVersions() =>
        typeof(PostgresSchema).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(MigrationsNamespace + ".V", StringComparison.Ordinal))
            .Select(name => int.Parse(name[(MigrationsNamespace.Length + 2)..name.IndexOf("__", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));

    private static int NewestApplied(NpgsqlConnection connection)
    {
        if (!Sql.Scalar<bool>(connection, $"SELECT to_regclass('{ChangelogTable}') IS NOT NULL")) return 0;
        return Sql.List(connection, $"SELECT version FROM {ChangelogTable} WHERE version IS NOT NULL AND success", r => r.GetString(0))
            .Select(v => int.TryParse(v.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
    }

    private static void CheckFloor(NpgsqlConnection connection, string describe)
    {
        if (!Sql.Scalar<bool>(connection, "SELECT to_regclass('store_compatibility') IS NOT NULL")) return;
        var floor = Sql.Scalar<int>(connection, "SELECT oldest_app_level FROM store_compatibility");
        if (floor > AppLevel)
            throw new StoreUnavailableException(
                $"The database {describe} was upgraded by a newer ComplianceDashboard: its schema needs app compatibility level {floor} or later, and this app is level {AppLevel}. Run the newer release.");
    }

    /// <summary>The tables of this schema that hold no data of a store even when it is empty (each has its one seeded row).</summary>
    private static readonly string[] BookkeepingTables = [ChangelogTable, "store_compatibility", "objection_state"];

    /// <summary>
    /// Null when the database (its current schema) is empty: no tables at all, or this app's schema without a store record
    /// or any row. Otherwise what it holds, in a few words for a one-line refusal.
    /// </summary>
    public static string? Contents(NpgsqlConnection connection)
    {
        var tables = Sql.List(connection,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname COLLATE \"C\"",
            r => r.GetString(0));
        if (tables.Count == 0) return null;
        if (!tables.Contains(ChangelogTable))
            return $"tables of another application ({string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")})";
        if (tables.Contains("store") && Sql.Single(connection, "SELECT mode, created_at FROM store WHERE id = 'store'",
                r => $"{r.GetString(0)} store created {r.GetDateTime(1):yyyy-MM-dd HH:mm} UTC") is { } store)
            return $"a ComplianceDashboard store ({store}, {Sql.Scalar<long>(connection, "SELECT count(*) FROM audit"):N0} audit entries)";
        foreach (var table in tables.Except(BookkeepingTables, StringComparer.Ordinal))
            if (Sql.Scalar<bool>(connection, $"SELECT EXISTS (SELECT 1 FROM \"{table}\")"))
                return $"rows in its table {table}";
        return null;
    }

    /// <summary>One line for an operator when the server cannot be reached or refuses the connection.</summary>
    public static StoreUnavailableException Unavailable(string describe, Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            new($"The database {describe} does not exist: create it (createdb) or name another in ConnectionStrings:ComplianceDashboard.", e),
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            new($"The database {describe} refused the connection's credentials: {((PostgresException)e).MessageText}", e),
        PostgresException p => new($"The database {describe} refused to open the store: {p.MessageText}", e),
        _ => new($"The database {describe} cannot be reached: {e.Message}", e),
    };
}
