using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceDashboard.Web.Hosting;
using Npgsql;

namespace ComplianceDashboard.Testing.Instances;

/// <summary>
/// App instances on one PostgreSQL database as an operator sets them up: the same store settings and the same
/// data-protection certificate (written to <paramref name="folder"/>) for every instance, an application name per instance,
/// a demo store. Used by the two-instance tests and the load harness.
/// </summary>
public sealed class InstanceDeployment(string connectionString, string folder)
{
    private const string CertificatePassword = "instances-test";

    /// <summary>Production (the default) checks the certificate rule; browsers need Development, where a build's static assets are served.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>How many objections the demo store is seeded with (by the first instance, on an empty database).</summary>
    public int DemoObjections { get; init; } = 200;

    /// <summary>Sign-in form posts allowed per client address per minute: tests and load runs sign in often from one address.</summary>
    public int SignInPermitsPerMinute { get; init; } = 1000;

    /// <summary>Further settings every instance gets (they win over the ones above), e.g. a log level.</summary>
    public IReadOnlyDictionary<string, string> AdditionalSettings { get; init; } = new Dictionary<string, string>();

    public string ConnectionString => connectionString;
    private string CertificatePath => Path.Combine(folder, "data-protection.pfx");

    /// <summary>The application_name an instance's sessions carry in pg_stat_activity.</summary>
    public static string ApplicationName(string instance) => $"compliance-instance-{instance}";

    /// <summary>The settings of one instance, as an operator would give them (environment variables).</summary>
    public Dictionary<string, string> Settings(string name)
    {
        if (!File.Exists(CertificatePath)) WriteCertificate();
        var settings = new Dictionary<string, string>
        {
            [DashboardStore.ProviderKey] = "Postgres",
            [$"ConnectionStrings:{DashboardStore.ConnectionStringName}"] =
                new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName(name) }.ConnectionString,
            [KeyProtection.CertificatePathKey] = CertificatePath,
            [KeyProtection.CertificatePasswordKey] = CertificatePassword,
            ["ComplianceDashboard:DemoMode"] = "true",
            ["ComplianceDashboard:Demo:Objections"] = DemoObjections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ComplianceDashboard:Compliance:ScheduleEnabled"] = "false",
            ["ComplianceDashboard:SignIn:PermitsPerMinute"] = SignInPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = Environment,
        };
        foreach (var (key, value) in AdditionalSettings) settings[key] = value;
        return settings;
    }

    /// <summary>
    /// Starts the named instances, each answering /health/ready within <paramref name="bound"/>. The first one is started
    /// alone and asked for a protected page, which makes the data-protection key (keys are made on first use), so the others
    /// start with it in their key ring; instances that raced to make the first key would each read the other's only when
    /// they met it.
    /// </summary>
    public async Task<IReadOnlyList<AppInstance>> StartAsync(IReadOnlyList<string> names, TimeSpan bound)
    {
        var first = await AppInstance.StartAsync(names[0], Settings(names[0]), bound);
        var started = new List<AppInstance> { first };
        try
        {
            using (var client = first.Client(new CookieContainer()))
            using (var signIn = await client.GetAsync("/signin"))
                if (signIn.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"Instance {first.Name} answered /signin with {(int)signIn.StatusCode}:\n{first.Output}");
            foreach (var name in names.Skip(1))
                started.Add(await AppInstance.StartAsync(name, Settings(name), bound));
            return started;
        }
        catch
        {
            foreach (var instance in started) await instance.DisposeAsync();
            throw;
        }
    }

    private void WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ComplianceDashboard data protection (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }
}
