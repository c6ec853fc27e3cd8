using ComplianceDashboard.Storage.Postgres.Common;
using Npgsql;

namespace ComplianceDashboard.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one tests/run.sh started (its connection string in
/// <see cref="ThrowawayPostgres.ConnectionVariable"/>), else a throwaway cluster this process starts and stops. The
/// migrations are applied once, to a template database; every test store gets its own copy (CREATE DATABASE … TEMPLATE),
/// so tests run in parallel and never see each other's data. Compiled into the test projects that use the PostgreSQL
/// store (they include tests/Shared/Postgres/ themselves: it needs Npgsql).
/// </summary>
internal static class PostgresTestDatabases
{
    private static readonly Lazy<(string Server, string Template)> Server = new(Prepare);
    private static ThrowawayPostgres? _ownCluster;

    /// <summary>Creates an empty, migrated database and returns its name.</summary>
    public static string Create()
    {
        var name = $"cd_test_{Guid.NewGuid():N}";
        Admin($"CREATE DATABASE {name} TEMPLATE {Server.Value.Template}");
        return name;
    }

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server.Value.Server) { Database = database }.ConnectionString;

    /// <summary>Drops a test database, ending any session still on it.</summary>
    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    /// <summary>Runs a statement on the server's maintenance database (the "postgres" database).</summary>
    public static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server.Value.Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static (string, string) Prepare()
    {
        var server = Environment.GetEnvironmentVariable(ThrowawayPostgres.ConnectionVariable);
        if (string.IsNullOrEmpty(server))
        {
            _ownCluster = ThrowawayPostgres.Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _ownCluster.Dispose();
            server = _ownCluster.ConnectionString;
        }
        var template = $"cd_template_{Guid.NewGuid():N}";
        var maintenance = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        using (var connection = new NpgsqlConnection(maintenance))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {template}", connection);
            create.ExecuteNonQuery();
        }
        // Unpooled, so no session stays on the template: CREATE DATABASE … TEMPLATE refuses a template in use.
        PostgresStore.Migrate(new NpgsqlConnectionStringBuilder(server) { Database = template, Pooling = false }.ConnectionString);
        return (server, template);
    }
}
