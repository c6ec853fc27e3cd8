using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>The /api/v1 surface with API keys issued the way an admin or operator issues them.</summary>
public sealed class ApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ApiKeyService Keys => factory.Services.GetRequiredService<ApiKeyService>();
    private IAuditLog Audit => factory.Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task AReadKey_ListsTheThreeDemoJurisdictions()
    {
        var key = Issue("reader", ApiScope.Read);

        using var response = await GetAsync("/api/v1/jurisdictions", key.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var jurisdictions = json.RootElement.EnumerateArray()
            .Select(j => (Code: j.GetProperty("code").GetString(), Regulator: j.GetProperty("regulatorShortName").GetString(), State: j.GetProperty("state").GetString()))
            .OrderBy(j => j.Code)
            .ToList();
        Assert.Equal([("BR", "ANPD", "Suspended"), ("EU", "DPC", "Paused"), ("UK", "ICO", "Notifying")], jurisdictions);
    }

    [Fact]
    public async Task AnUnknownKey_Gets401_AndTheFailedUseIsAudited()
    {
        var before = FailedUses().TotalCount;

        using var response = await GetAsync("/api/v1/jurisdictions", "cdk_this-key-was-never-issued");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var failures = FailedUses();
        Assert.Equal(before + 1, failures.TotalCount);
        Assert.Equal("Unknown API key presented", failures.Entries[0].Summary);
    }

    [Fact]
    public async Task ARevokedKey_Gets401_AndTheFailedUseIsAudited()
    {
        var key = Issue("revoked pipeline", ApiScope.Read);
        using (var beforeRevocation = await GetAsync("/api/v1/jurisdictions", key.Secret))
            Assert.Equal(HttpStatusCode.OK, beforeRevocation.StatusCode);

        Assert.True(Keys.Revoke(Actor.CommandLine, key.Key.Id).Succeeded);
        using var response = await GetAsync("/api/v1/jurisdictions", key.Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(FailedUses().Entries, e => e.EntityId == key.Key.Id);
        Assert.Equal("Revoked key 'revoked pipeline' presented", entry.Summary);
    }

    [Fact]
    public async Task AKeyWithOnlyTheIngestScope_Gets403_FromAReadEndpoint()
    {
        var key = Issue("importer", ApiScope.Ingest);

        using var response = await GetAsync("/api/v1/jurisdictions", key.Secret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AuditVerify_ReportsAnIntactChain_WithTheCountOfTheHead()
    {
        var key = Issue("verifier", ApiScope.Read);

        using var response = await GetAsync("/api/v1/audit/verify", key.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var head = Audit.Head();
        Assert.True(body.GetProperty("intact").GetBoolean());
        Assert.Equal(head.Count, body.GetProperty("count").GetInt64());
        Assert.Equal(head.Hash, body.GetProperty("head").GetString());
        Assert.True(head.Count > 0);
    }

    private IssuedApiKey Issue(string name, ApiScope scopes)
    {
        var issued = Keys.Create(Actor.CommandLine, name, scopes);
        Assert.True(issued.Succeeded, issued.Failure?.Message);
        return issued.Value;
    }

    private AuditPage FailedUses() => Audit.Query(new AuditFilter(Action: "apikey.failed"), 0, 100);

    private async Task<HttpResponseMessage> GetAsync(string path, string key)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await client.SendAsync(request);
    }
}
