using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>The probes a load balancer uses: /health/live (the process answers) and /health/ready (this instance can serve).</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task LiveAndReady_Answer200_OnALiteDbStore()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Answers503NamingTheGap_WhileThePostgresSchemaLacksAMigration_AndLiveStays200()
    {
        var database = PostgresTestDatabases.Create();
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseSetting(DashboardStore.ProviderKey, "Postgres");
                builder.UseSetting($"ConnectionStrings:{DashboardStore.ConnectionStringName}", PostgresTestDatabases.ConnectionString(database));
                builder.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "false");
            });
            var client = factory.CreateClient();
            using (var ready = await client.GetAsync("/health/ready"))
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            // As if this instance ran against a database an older release had migrated: the newest migration is missing.
            using (var connection = new Npgsql.NpgsqlConnection(PostgresTestDatabases.ConnectionString(database)))
            {
                connection.Open();
                using var forget = new Npgsql.NpgsqlCommand("DELETE FROM schema_changelog WHERE version = (SELECT max(version::int)::text FROM schema_changelog WHERE version ~ '^[0-9]+$')", connection);
                Assert.Equal(1, forget.ExecuteNonQuery());
            }
            using var unready = await client.GetAsync("/health/ready");
            using var live = await client.GetAsync("/health/live");
            using var health = await client.GetAsync("/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Contains("lacks 1 of this release's migrations", (await unready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            PostgresTestDatabases.Drop(database);
        }
    }
}
