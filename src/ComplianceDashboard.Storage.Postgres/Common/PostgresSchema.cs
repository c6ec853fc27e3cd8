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
    /// <summary>This release's compatibility level; a migration that breaks older releases sets the floor to its own level.</summary>
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
        if (version / 10000 < PostgresOptions.MinimumServerMajorVersion)
            throw new StoreUnavailableException(
                $"The database {describe} runs PostgreSQL {connection.PostgreSqlVersion}; ComplianceDashboard needs PostgreSQL {PostgresOptions.MinimumServerMajorVersion} or newer.");
    }

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
