using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using ComplianceDashboard.Web.Tests.Objections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Instances;

/// <summary>
/// Issue 16 item 5 without building old commits: during a rolling upgrade this release keeps running beside the next one,
/// on the schema the next one migrated. So the real app is started on a database that has this release's migrations plus
/// one further expand-only migration, applied by Evolve as the next release would, and it must read and write as usual.
/// </summary>
public sealed class RollingUpgradeTests : IDisposable
{
    private const string MigrationsNamespace = "ComplianceDashboard.Storage.Postgres.Migrations.";
    private readonly string _database = PostgresTestDatabases.Create();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cd-next-release-{Guid.NewGuid():N}");

    public void Dispose()
    {
        PostgresTestDatabases.Drop(_database);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What a next release might add beside this one: nullable and defaulted columns on tables this release writes, a table, an index.</summary>
    public const string NextReleaseMigration = """
        -- The next release (expand-only): this release must keep working on the schema it leaves.
        ALTER TABLE users ADD COLUMN mfa_enrolled_at timestamptz;
        ALTER TABLE audit ADD COLUMN region text NOT NULL DEFAULT 'eu';
        ALTER TABLE objections ADD COLUMN source_batch text;
        ALTER TABLE objection_rollups ADD COLUMN late_count integer NOT NULL DEFAULT 0;
        ALTER TABLE evidence_packs ADD COLUMN retention_until timestamptz;
        ALTER TABLE pack_generation_queue ADD COLUMN priority integer NOT NULL DEFAULT 0;
        ALTER TABLE complaints ADD COLUMN channel text;
        CREATE TABLE pack_downloads (
            pack_id       text COLLATE "C" NOT NULL,
            downloaded_at timestamptz NOT NULL,
            downloaded_by text NOT NULL
        );
        CREATE INDEX objections_source_batch ON objections (source_batch) WHERE source_batch IS NOT NULL;
        """;

    private static int NewestShipped() =>
        typeof(PostgresStore).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(MigrationsNamespace + "V", StringComparison.Ordinal))
            .Select(n => int.Parse(n[(MigrationsNamespace.Length + 1)..].Split("__")[0].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture)).Max();

    /// <summary>Migrates the database as the next release would: this release's migrations and one more, by Evolve, into the same changelog.</summary>
    private string ApplyNextRelease()
    {
        Directory.CreateDirectory(_folder);
        var assembly = typeof(PostgresStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(MigrationsNamespace + "V", StringComparison.Ordinal)))
        {
            using var resource = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(Path.Combine(_folder, name[MigrationsNamespace.Length..]));
            resource.CopyTo(file);
        }
        var next = $"V{NewestShipped() + 1}__next_release_expand.sql";
        File.WriteAllText(Path.Combine(_folder, next), NextReleaseMigration, new UTF8Encoding(false));
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresTestDatabases.ConnectionString(_database)) { Pooling = false }.ConnectionString);
        var evolve = new EvolveDb.Evolve(connection, _ => { })
        {
            Locations = [_folder], MetadataTableName = "schema_changelog", EnableClusterMode = true, IsEraseDisabled = true,
        };
        evolve.Migrate();
        return next;
    }

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresTestDatabases.ConnectionString(_database)) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task ThisRelease_ReadsAndWritesAsUsual_OnTheSchemaOfTheNextRelease()
    {
        var next = ApplyNextRelease();
        Assert.Equal(1L, Scalar<long>($"SELECT count(*) FROM schema_changelog WHERE success AND name = '{next}'"));

        await using var dashboard = new DashboardFactory();
        using var app = dashboard.WithWebHostBuilder(builder =>
        {
            builder.UseSetting(DashboardStore.ProviderKey, "Postgres");
            builder.UseSetting($"ConnectionStrings:{DashboardStore.ConnectionStringName}", PostgresTestDatabases.ConnectionString(_database));
            builder.UseSetting("ComplianceDashboard:EvidencePacks:PollInterval", "00:00:00.100");
        });
        var client = app.CreateClient();

        // Started (the demo seeded: users, jurisdictions, rollout, objections, complaints, assessments, audit), and serving.
        using (var health = await client.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // An objection import and reads of it.
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var ingest = keys.Create(Actor.CommandLine, "upgrade ingest", ApiScope.Ingest).Value.Secret;
        var reports = keys.Create(Actor.CommandLine, "upgrade reports", ApiScope.Reports | ApiScope.Read).Value.Secret;
        using (var imported = await SendAsync(client, HttpMethod.Post, "/api/v1/objections", ingest, new StringContent(ObjectionApiTests.Csv("UPGRADE-1", "UPGRADE-2"), Encoding.UTF8, "text/csv")))
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        using (var objection = await SendAsync(client, HttpMethod.Get, "/api/v1/objections/UPGRADE-2", reports))
            Assert.Equal(HttpStatusCode.OK, objection.StatusCode);
        using (var metrics = await SendAsync(client, HttpMethod.Get, "/api/v1/objections/metrics?jurisdiction=UK", reports))
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        // An evidence pack through the queue, stored and downloaded.
        var asOf = DateTime.UtcNow.AddMinutes(-1);
        using var requested = await SendAsync(client, HttpMethod.Post, "/api/v1/evidence-packs", reports, JsonContent.Create(new
        {
            jurisdiction = "UK", periodFrom = $"{asOf.AddDays(-30):yyyy-MM-dd}", periodTo = $"{asOf:yyyy-MM-dd}", asOf = $"{asOf:yyyy-MM-ddTHH:mm:ss}Z",
            audience = "internal", classification = "UPGRADE",
        }));
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var id = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var packs = app.Services.GetRequiredService<EvidencePackService>();
        var pack = await Conditions.UntilAsync(() => packs.Find(id), "the pack to be stored");
        using (var pdf = await SendAsync(client, HttpMethod.Get, $"/api/v1/evidence-packs/{id}/pdf", reports))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal(pack.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(await pdf.Content.ReadAsByteArrayAsync())));
        }

        // The chain this release appended to on the newer schema verifies; the next release's columns took their defaults.
        var chain = app.Services.GetRequiredService<AuditService>().Verify(Actor.System).Value;
        Assert.True(chain.Intact, chain.Problem);
        Assert.Equal(0L, Scalar<long>("SELECT count(*) FROM audit WHERE region <> 'eu'"));
        Assert.True(Scalar<long>("SELECT count(*) FROM objections WHERE id LIKE 'UPGRADE-%'") >= 2);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await client.SendAsync(request);
    }
}
