using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Testing.Instances;

/// <summary>
/// Two real app processes, A and B, on distinct ports, on one throwaway PostgreSQL database, with the same data-protection
/// certificate, in the Production environment, on a small demo store. <see cref="Operator"/> holds Core's services over the
/// same database, as a CLI command (or a third instance) would, for what has no HTTP endpoint (issuing and revoking API
/// keys, disabling a user).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    /// <summary>How long an instance may take to answer /health/ready after its process starts (a busy 2-core machine).</summary>
    public static readonly TimeSpan StartBound = TimeSpan.FromMinutes(2);

    private const string CertificatePassword = "instances-test";
    private readonly string _folder = Directory.CreateTempSubdirectory("cd-instances-").FullName;
    private readonly string _database = PostgresTestDatabases.Create();
    private PostgresStore? _operatorStore;
    private ServiceProvider? _operator;

    public AppInstance A { get; private set; } = null!;
    public AppInstance B { get; private set; } = null!;
    public string ConnectionString => PostgresTestDatabases.ConnectionString(_database);
    public IServiceProvider Operator => _operator ?? throw new InvalidOperationException("Not started.");
    private string CertificatePath => Path.Combine(_folder, "data-protection.pfx");

    /// <summary>The environment the instances run in: Production (the default) checks the certificate rule; a browser test needs Development, where the build output's static assets are served.</summary>
    public string Environment { get; init; } = "Production";

    public async Task InitializeAsync()
    {
        WriteCertificate();
        A = await AppInstance.StartAsync("A", Settings("A"), StartBound);
        // The first protected answer makes the data-protection key (keys are made on first use), so B starts with it in its
        // key ring; instances that race to make the first key would each read the other's when they meet it.
        using (var client = A.Client(new CookieContainer()))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);
        B = await AppInstance.StartAsync("B", Settings("B"), StartBound);
        _operatorStore = PostgresStore.Open(new PostgresOptions(ConnectionString, DemoMode: true), TimeProvider.System);
        _operator = new ServiceCollection()
            .AddComplianceCore()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new Core.Demo.DemoSize(200))
            .AddPostgresStorage(_operatorStore)
            .BuildServiceProvider();
    }

    /// <summary>The settings of one instance, as an operator would give them (environment variables).</summary>
    public Dictionary<string, string> Settings(string name) => new()
    {
        [DashboardStore.ProviderKey] = "Postgres",
        [$"ConnectionStrings:{DashboardStore.ConnectionStringName}"] = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = ApplicationName(name) }.ConnectionString,
        [KeyProtection.CertificatePathKey] = CertificatePath,
        [KeyProtection.CertificatePasswordKey] = CertificatePassword,
        ["ComplianceDashboard:DemoMode"] = "true",
        ["ComplianceDashboard:Demo:Objections"] = "200",
        ["ComplianceDashboard:Compliance:ScheduleEnabled"] = "false",
        ["ComplianceDashboard:SignIn:PermitsPerMinute"] = "1000",
        ["ASPNETCORE_ENVIRONMENT"] = Environment,
    };

    /// <summary>The application_name an instance's sessions carry in pg_stat_activity.</summary>
    public static string ApplicationName(string instance) => $"compliance-instance-{instance}";

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

    private void WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ComplianceDashboard data protection (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }
}
