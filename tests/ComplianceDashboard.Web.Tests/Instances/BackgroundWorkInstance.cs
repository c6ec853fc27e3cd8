using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Instances;

/// <summary>
/// One instance of the app's background work on a shared PostgreSQL test database: a host with Core, the PostgreSQL store
/// and the app's own registrations of the evidence-pack queue and the compliance schedule, started and stopped like the
/// app's. Its database sessions carry the instance's name (application_name), so a test can end them as a dying instance's
/// would end. The instance lock is not taken (several instances share the database).
/// </summary>
public sealed class BackgroundWorkInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private BackgroundWorkInstance(string name, IHost host)
    {
        Name = name;
        _host = host;
    }

    public string Name { get; }
    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<BackgroundWorkInstance> StartAsync(string name, string database, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configure = null, bool seedDemo = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var connection = new NpgsqlConnectionStringBuilder(PostgresTestDatabases.ConnectionString(database)) { ApplicationName = name }.ConnectionString;
        builder.Services.AddComplianceCore().AddSingleton(new DemoSize(200))
            .AddPostgresStorage(_ => new PostgresOptions(connection, DemoMode: true));
        builder.Services.AddEvidencePackGeneration(builder.Configuration);
        builder.Services.AddComplianceSchedule(builder.Configuration);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        if (seedDemo)
        {
            var seeded = host.Services.GetRequiredService<DemoProgramme>().Seed();
            Assert.True(seeded.Succeeded, seeded.Failure?.Message);
        }
        await host.StartAsync();
        return new BackgroundWorkInstance(name, host);
    }

    /// <summary>The compliance schedule of this instance (registered only when the schedule is enabled).</summary>
    public ComplianceSchedule Schedule => _host.Services.GetServices<IHostedService>().OfType<ComplianceSchedule>().Single();

    public EvidencePackQueue PackQueue => Get<EvidencePackQueue>();

    /// <summary>Ends every database session of this instance on the server, as the loss of the instance (or its network) would.</summary>
    public int TerminateSessions()
    {
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(
            PostgresTestDatabases.ConnectionString("postgres")) { Pooling = false }.ConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", admin);
        command.Parameters.AddWithValue(Name);
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Stops the background work (waiting for work in progress to end) and disposes the services and the store.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
