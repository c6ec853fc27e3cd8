using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Testing.Instances;

/// <summary>
/// Two real app processes, A and B, on distinct ports, on one throwaway PostgreSQL database, with the same data-protection
/// certificate, in the Production environment, on a small demo store (<see cref="InstanceDeployment"/>). <see cref="Operator"/>
/// holds Core's services over the same database, as a CLI command (or a third instance) would, for what has no HTTP endpoint
/// (issuing and revoking API keys, disabling a user).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    /// <summary>How long an instance may take to answer /health/ready after its process starts (a busy 2-core machine).</summary>
    public static readonly TimeSpan StartBound = TimeSpan.FromMinutes(2);

    private readonly string _folder = Directory.CreateTempSubdirectory("cd-instances-").FullName;
    private readonly string _database = PostgresTestDatabases.Create();
    private InstanceDeployment? _deployment;
    private PostgresStore? _operatorStore;
    private ServiceProvider? _operator;

    public AppInstance A { get; private set; } = null!;
    public AppInstance B { get; private set; } = null!;
    public string ConnectionString => PostgresTestDatabases.ConnectionString(_database);
    public IServiceProvider Operator => _operator ?? throw new InvalidOperationException("Not started.");

    /// <summary>The environment the instances run in: Production (the default) checks the certificate rule; a browser test needs Development, where the build output's static assets are served.</summary>
    public string Environment { get; init; } = "Production";

    private InstanceDeployment Deployment => _deployment ??= new InstanceDeployment(ConnectionString, _folder) { Environment = Environment };

    public async Task InitializeAsync()
    {
        var started = await Deployment.StartAsync(["A", "B"], StartBound);
        (A, B) = (started[0], started[1]);
        _operatorStore = PostgresStore.Open(new PostgresOptions(ConnectionString, DemoMode: true), TimeProvider.System);
        _operator = new ServiceCollection()
            .AddComplianceCore()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new Core.Demo.DemoSize(200))
            .AddPostgresStorage(_operatorStore)
            .BuildServiceProvider();
    }

    /// <summary>The settings of one instance, as an operator would give them (environment variables).</summary>
    public Dictionary<string, string> Settings(string name) => Deployment.Settings(name);

    /// <summary>The application_name an instance's sessions carry in pg_stat_activity.</summary>
    public static string ApplicationName(string instance) => InstanceDeployment.ApplicationName(instance);

    /// <summary>Runs a query on the shared database from a session of its own.</summary>
    public T Query<T>(string sql, params object[] parameters)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)command.ExecuteScalar()!;
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        _operator?.Dispose();
        _operatorStore?.Dispose();
        PostgresTestDatabases.Drop(_database);
        Directory.Delete(_folder, recursive: true);
    }
}
