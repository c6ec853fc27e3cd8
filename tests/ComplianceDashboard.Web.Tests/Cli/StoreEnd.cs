using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Web.Evidence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Cli;

/// <summary>
/// One store (LiteDB in a folder, or a PostgreSQL database) opened as the app and its CLI open it, with the real services
/// over it, evidence-pack rendering included, on the given clock.
/// </summary>
public sealed class StoreEnd : IDisposable
{
    private readonly IDisposable _store;

    private StoreEnd(IDisposable store, ServiceProvider services)
    {
        _store = store;
        Services = services;
    }

    public ServiceProvider Services { get; }
    public StorePorts Ports => StorePorts.Of(Services);
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static StoreEnd LiteDb(string directory, TimeProvider clock, bool demoMode = true, int demoObjections = 500)
    {
        var store = LiteDbStore.Open(new StoreOptions(directory, demoMode), clock);
        return new StoreEnd(store, NewServices(clock, demoObjections).AddLiteDbStorage(store).BuildServiceProvider());
    }

    public static StoreEnd Postgres(string connectionString, TimeProvider clock, bool demoMode = true, int demoObjections = 500)
    {
        var store = PostgresStore.Open(new PostgresOptions(connectionString, demoMode), clock);
        return new StoreEnd(store, NewServices(clock, demoObjections).AddPostgresStorage(store).BuildServiceProvider());
    }

    private static IServiceCollection NewServices(TimeProvider clock, int demoObjections) => new ServiceCollection()
        .AddLogging()
        .AddComplianceCore()
        .AddSingleton(clock)
        .AddSingleton(new DemoSize(demoObjections))
        .AddEvidencePackRendering(new ConfigurationBuilder().Build());

    public void Dispose()
    {
        Services.Dispose();
        _store.Dispose();
    }

    /// <summary>Runs one statement on a database from a session of its own and returns the first column of the first row.</summary>
    public static object? Query(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>How many rows every table of the database's schema holds, by table (empty when it has no tables).</summary>
    public static IReadOnlyDictionary<string, long> RowsByTable(string connectionString)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            rows[table] = (long)count.ExecuteScalar()!;
        }
        return rows;
    }
}
