using System.Net;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Limits;

/// <summary>Failed API-key uses are limited per client address, so a flood of bad keys cannot flood the audit chain.</summary>
public sealed class ApiKeyFailureLimitTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const string Attacker = "203.0.113.7";
    private const string Pipeline = "198.51.100.20";
    private readonly DashboardFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("ComplianceDashboard:ApiKeys:FailuresPerWindow", $"{Limit}")
            .UseSetting("ComplianceDashboard:ApiKeys:FailureWindowSeconds", "600")
            .ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddress>()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private IAuditLog Audit => _app.Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task BadKeysOverTheLimit_Get429WithRetryAfter_AndAddOneAuditEntryInAllNotOnePerAttempt()
    {
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            using var refused = await GetAsync($"cdk_guess-{attempt}", Attacker);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        var afterAudited = Audit.Head().Count;

        using var throttled = await GetAsync("cdk_guess-throttled", Attacker);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await throttled.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 600);
        var summary = Assert.Single(Audit.Query(new AuditFilter(Action: "apikey.throttled"), 0, 10).Entries);
        Assert.Contains($"{Limit} failed API-key uses", summary.Summary);
        Assert.Equal(afterAudited + 1, Audit.Head().Count);

        for (var attempt = 1; attempt <= 20; attempt++)
        {
            using var blocked = await GetAsync($"cdk_flood-{attempt}", Attacker);
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        }
        Assert.Equal(afterAudited + 1, Audit.Head().Count);
    }

    [Fact]
    public async Task AGoodKey_StillWorks_FromAnotherAddressAndFromTheThrottledOne()
    {
        var key = _app.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "pipeline", ApiScope.Read).Value;
        for (var attempt = 0; attempt <= Limit; attempt++)
            (await GetAsync($"cdk_guess-{attempt}", Attacker)).Dispose();
        using (var throttled = await GetAsync("cdk_guess-again", Attacker))
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);

        using var elsewhere = await GetAsync(key.Secret, Pipeline);
        using var sameAddress = await GetAsync(key.Secret, Attacker);

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameAddress.StatusCode);
    }

    [Fact]
    public async Task AnotherAddress_IsNotThrottled_BySomeoneElsesFailures()
    {
        for (var attempt = 0; attempt <= Limit; attempt++)
            (await GetAsync($"cdk_guess-{attempt}", Attacker)).Dispose();

        using var response = await GetAsync("cdk_typo", Pipeline);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string key, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jurisdictions");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        request.Headers.Add(ClientAddress.Header, address);
        return await _app.CreateClient().SendAsync(request);
    }
}
