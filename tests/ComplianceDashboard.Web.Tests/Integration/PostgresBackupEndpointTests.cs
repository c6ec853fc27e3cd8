using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>On PostgreSQL, backups belong to the database: the backup API answers 409 problem details saying so, and records nothing.</summary>
public sealed class PostgresBackupEndpointTests : IAsyncLifetime
{
    private readonly string _database = PostgresTestDatabases.Create();
    private PostgresDashboardFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new PostgresDashboardFactory(PostgresTestDatabases.ConnectionString(_database));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        PostgresTestDatabases.Drop(_database);
    }

    [Fact]
    public async Task TheBackupApi_OnAPostgresStore_Answers409ProblemDetails_NamingPgDump_AndAuditsNoBackup()
    {
        var key = _app.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "nightly backup", ApiScope.Backup).Value.Secret;
        var audit = _app.Services.GetRequiredService<IAuditLog>();
        var before = audit.Head();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backups");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);

        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(409, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Backups of a PostgreSQL store belong to the database: use pg_dump", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, audit.Head());
        Assert.DoesNotContain(audit.ReadAll(), e => e.Action == "store.backup-taken");
    }
}
