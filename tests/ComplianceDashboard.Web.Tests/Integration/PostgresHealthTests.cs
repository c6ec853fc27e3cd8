using System.Net;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>
/// The real app on a PostgreSQL server of its own, which the test stops (fast shutdown, as an outage) and starts again:
/// /health follows the database without a restart of the app.
/// </summary>
public sealed class PostgresHealthTests : IAsyncLifetime
{
    private ThrowawayPostgres _server = null!;
    private PostgresDashboardFactory _app = null!;

    public Task InitializeAsync()
    {
        _server = ThrowawayPostgres.Start();
        using (var admin = new NpgsqlConnection(_server.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand("CREATE DATABASE health", admin);
            create.ExecuteNonQuery();
        }
        _app = new PostgresDashboardFactory(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = "health", Timeout = 5 }.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _server.Dispose();
    }

    private async Task<HttpStatusCode> Health()
    {
        using var response = await _app.CreateBrowser().GetAsync("/health");
        return response.StatusCode;
    }

    [Fact]
    public async Task Health_Answers503WhileTheDatabaseIsDown_And200AgainOnceItIsBack_WithoutARestart()
    {
        Assert.Equal(HttpStatusCode.OK, await Health());

        _server.Pause();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Health());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Health());

        _server.Resume();

        Assert.Equal(HttpStatusCode.OK, await Health());
        // Working again, not only answering: the same running app writes a change and its audit entry.
        var added = _app.Services.GetRequiredService<UserService>().Add(Actor.CommandLine, "back@example.org", "Back", Role.Admin, "Correct-Horse-Battery-7");
        Assert.True(added.Succeeded, added.Failure?.Message);
        Assert.True(_app.Services.GetRequiredService<AuditService>().Verify(Actor.CommandLine).Value.Intact);
    }
}
