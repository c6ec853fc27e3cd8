using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Gate;

/// <summary>GET /api/v1/jurisdictions/{code}/gate and POST /api/v1/training-runs with API keys.</summary>
public sealed class TrainingGateApiTests(GateFactory factory) : IClassFixture<GateFactory>
{
    private const string Sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private string Key(ApiScope scope)
    {
        var issued = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"test {Guid.NewGuid():N}", scope);
        Assert.True(issued.Succeeded, issued.Failure?.Message);
        return issued.Value.Secret;
    }

    private DateTime Now => factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await factory.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> RegisterAsync(string? key, object body) =>
        SendAsync(HttpMethod.Post, "/api/v1/training-runs", key, JsonSerializer.Serialize(body));

    private object Run(string runId, string jurisdiction = "UK", long suppressed = 4200) => new
    {
        jurisdiction, runId, datasetSnapshotId = "snap-42",
        dataCutoffAt = Now.AddDays(-3).ToString("O"), objectionCutoffAt = Now.AddDays(-2).ToString("O"),
        suppressionListSha256 = Sha, suppressionListSize = suppressed, objectorsFoundAfterExclusion = 0,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData("GET", "/api/v1/jurisdictions/UK/gate")]
    [InlineData("POST", "/api/v1/training-runs")]
    public async Task WithoutAKey_TheApiAnswers401(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, null, method == "POST" ? "{}" : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheGateNeedsTheReadScope_AndRegistrationTheIngestScope()
    {
        using var gate = await SendAsync(HttpMethod.Get, "/api/v1/jurisdictions/UK/gate", Key(ApiScope.Ingest));
        using var register = await RegisterAsync(Key(ApiScope.Read), Run("run-scope"));

        Assert.Equal(HttpStatusCode.Forbidden, gate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
    }

    [Fact]
    public async Task TheGate_ListsEachFailingCheck_AsTheGateServiceSeesIt()
    {
        factory.Evaluator.PassEverything();
        factory.Evaluator.Set(CheckCatalogue.SafeguardsVerified, CheckOutcome.Fail);
        factory.Evaluator.Set(CheckCatalogue.NoPriorObjectorsContacted, CheckOutcome.Warning);

        using var response = await SendAsync(HttpMethod.Get, "/api/v1/jurisdictions/uk/gate", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("UK", json.GetProperty("jurisdiction").GetString());
        Assert.False(json.GetProperty("open").GetBoolean());
        Assert.False(json.GetProperty("overrideInForce").GetBoolean());
        var failing = json.GetProperty("failingChecks").EnumerateArray().ToList();
        Assert.Equal([3, 6], failing.Select(f => f.GetProperty("number").GetInt32()));
        Assert.Equal(CheckCatalogue.SafeguardsVerified.Id, failing[0].GetProperty("id").GetString());
        Assert.Equal(CheckCatalogue.SafeguardsVerified.Title, failing[0].GetProperty("title").GetString());
        Assert.Equal("fail", failing[0].GetProperty("outcome").GetString());
        Assert.Equal("warning", failing[1].GetProperty("outcome").GetString());
        Assert.Equal("scripted fail of safeguards-verified", failing[0].GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task AnOpenGate_HasNoFailingChecks()
    {
        factory.Evaluator.PassEverything();

        using var response = await SendAsync(HttpMethod.Get, "/api/v1/jurisdictions/UK/gate", Key(ApiScope.Read));

        var json = await JsonAsync(response);
        Assert.True(json.GetProperty("open").GetBoolean());
        Assert.Empty(json.GetProperty("failingChecks").EnumerateArray());
    }

    [Fact]
    public async Task AnUnknownJurisdiction_Is404_ForTheGateAndForARegistration()
    {
        factory.Evaluator.PassEverything();

        using var gate = await SendAsync(HttpMethod.Get, "/api/v1/jurisdictions/XX/gate", Key(ApiScope.Read));
        using var register = await RegisterAsync(Key(ApiScope.Ingest), Run("run-xx", jurisdiction: "XX"));

        Assert.Equal(HttpStatusCode.NotFound, gate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, register.StatusCode);
    }

    [Fact]
    public async Task WhileTheGateIsClosed_ARegistrationIs409WithTheFailingChecks_AndNothingIsStored()
    {
        factory.Evaluator.PassEverything();
        factory.Evaluator.Set(CheckCatalogue.ApprovedAssessmentInForce, CheckOutcome.Fail);

        using var response = await RegisterAsync(Key(ApiScope.Ingest), Run("run-closed"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await JsonAsync(response);
        Assert.Equal("The training gate is closed", json.GetProperty("title").GetString());
        var failing = Assert.Single(json.GetProperty("failingChecks").EnumerateArray());
        Assert.Equal(1, failing.GetProperty("number").GetInt32());
        Assert.Equal("lia-in-force", failing.GetProperty("id").GetString());
        Assert.Null(factory.Services.GetRequiredService<TrainingRunService>().Find("run-closed"));
    }

    [Fact]
    public async Task WhileTheGateIsOpen_ARegistrationIs201WithTheRun_AndAnIdenticalOneIs200WithTheSameRun()
    {
        factory.Evaluator.PassEverything();
        var key = Key(ApiScope.Ingest);
        var run = Run("run-open");

        using var created = await RegisterAsync(key, run);
        using var again = await RegisterAsync(key, run);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/training-runs/run-open", created.Headers.Location?.OriginalString);
        var json = await JsonAsync(created);
        Assert.Equal("run-open", json.GetProperty("runId").GetString());
        Assert.Equal(4200, json.GetProperty("suppressionListSize").GetInt64());
        Assert.False(json.GetProperty("underOverride").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(json.GetProperty("registeredAt").GetString(), (await JsonAsync(again)).GetProperty("registeredAt").GetString());
        Assert.Single(factory.Services.GetRequiredService<TrainingRunService>().ForJurisdiction("UK"), r => r.RunId == "run-open");
        using var read = await SendAsync(HttpMethod.Get, "/api/v1/training-runs/run-open", Key(ApiScope.Read));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task ADifferentRegistrationWithTheSameRunId_Is409()
    {
        factory.Evaluator.PassEverything();
        var key = Key(ApiScope.Ingest);
        using var first = await RegisterAsync(key, Run("run-clash"));

        using var clash = await RegisterAsync(key, Run("run-clash", suppressed: 4201));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("application/problem+json", clash.Content.Headers.ContentType?.MediaType);
        Assert.Contains("suppressionListSize", (await JsonAsync(clash)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJson_Is400ProblemDetails()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/training-runs", Key(ApiScope.Ingest), "{\"runId\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The body is not valid JSON.", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnInvalidRegistration_Is400ListingEveryProblem()
    {
        factory.Evaluator.PassEverything();
        var body = new
        {
            jurisdiction = "UK", runId = "", datasetSnapshotId = 12, dataCutoffAt = "yesterday",
            objectionCutoffAt = Now.AddDays(2).ToString("O"), suppressionListSha256 = "xyz", suppressionListSize = -1,
        };

        using var response = await RegisterAsync(Key(ApiScope.Ingest), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(7, errors.Count);
        Assert.Contains("datasetSnapshotId must be a string.", errors);
        Assert.Contains(errors, e => e.StartsWith("dataCutoffAt must be an ISO 8601 time", StringComparison.Ordinal));
        Assert.Contains("runId is required.", errors);
        Assert.Contains(errors, e => e.StartsWith("objectionCutoffAt is in the future", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("suppressionListSha256 must be a SHA-256", StringComparison.Ordinal));
        Assert.Contains("suppressionListSize must be 0 or more.", errors);
        Assert.Contains("objectorsFoundAfterExclusion is required.", errors);
    }
}
