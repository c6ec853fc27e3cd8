using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Compliance;

/// <summary>GET /api/v1/compliance/checks with real API keys over the demo store.</summary>
public sealed class ComplianceApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Path = "/api/v1/compliance/checks";

    private string Key(ApiScope scopes) =>
        factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scopes).Value.Secret;

    private async Task<HttpResponseMessage> GetAsync(string query, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path + query);
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Checks_WithoutAKey_Are401()
    {
        using var response = await GetAsync("?jurisdiction=UK&asOf=2026-01-01T00:00:00Z", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Checks_WithAnIngestOnlyKey_Are403()
    {
        using var response = await GetAsync("?jurisdiction=UK&asOf=2026-01-01T00:00:00Z", Key(ApiScope.Ingest));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("?jurisdiction=UK&asOf=yesterday", "asOf")]
    [InlineData("?jurisdiction=UK&asOf=2026-01-01T00:00:00", "asOf")]
    [InlineData("?asOf=2026-01-01T00:00:00Z", "jurisdiction")]
    public async Task Checks_WithAnUnparseableAsOfOrNoJurisdiction_Are400_NamingTheField(string query, string field)
    {
        using var response = await GetAsync(query, Key(ApiScope.Read));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Checks_WithoutAsOf_AreEvaluatedAsOfNow()
    {
        var before = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddSeconds(-1);
        using var response = await GetAsync("?jurisdiction=UK", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var asOf = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("asOf").GetDateTime();
        Assert.InRange(asOf.ToUniversalTime(), before, factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Checks_OfAnUnknownJurisdiction_Are404()
    {
        using var response = await GetAsync("?jurisdiction=XX&asOf=2026-01-01T00:00:00Z", Key(ApiScope.Read));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Checks_ReturnEveryCheckWithItsDefinitionAndResult_AsOfTheGivenTimeInUtc()
    {
        using var response = await GetAsync("?jurisdiction=uk&asOf=2026-01-01T02:00:00%2B02:00", Key(ApiScope.Read));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UK", json.GetProperty("jurisdiction").GetString());
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), json.GetProperty("asOf").GetDateTime().ToUniversalTime());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(CheckCatalogue.All.Select(c => c.Id), checks.Select(c => c.GetProperty("id").GetString()));
        var demo = checks.Single(c => c.GetProperty("id").GetString() == CheckCatalogue.RealData.Id);
        Assert.Equal(14, demo.GetProperty("number").GetInt32());
        Assert.Equal("Warning", demo.GetProperty("outcome").GetString());
        Assert.False(demo.GetProperty("gatesTraining").GetBoolean());
        foreach (var name in new[] { "title", "reference", "ask", "severity", "measured", "threshold", "explanation" })
            Assert.False(string.IsNullOrEmpty(demo.GetProperty(name).GetString()), name);
        var lia = checks.Single(c => c.GetProperty("id").GetString() == CheckCatalogue.ApprovedAssessmentInForce.Id);
        Assert.True(lia.GetProperty("gatesTraining").GetBoolean());
        Assert.Equal(JsonValueKind.Array, lia.GetProperty("evidence").ValueKind);
    }
}
