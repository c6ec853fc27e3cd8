using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>
/// Every /api/v1 endpoint, called the ways it can fail, answers each failure with its status and a problem-details body
/// (docs/api.md, "Errors"), on the real app and its demo store.
/// </summary>
public sealed class ApiFailureAnswerTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Json = "application/json";

    private string Key(ApiScope scopes) =>
        factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scopes).Value.Secret;

    private async Task<HttpResponseMessage> SendAsync(string method, string path, ApiScope? scopes, string? contentType = null, string? body = null,
        long? declaredLength = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (scopes is { } granted) request.Headers.Add(ApiKeyAuthenticationHandler.Header, Key(granted));
        if (contentType is not null)
        {
            request.Content = new StringContent(body ?? "", Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (declaredLength is { } length) request.Content.Headers.ContentLength = length;
        }
        return await factory.CreateClient().SendAsync(request);
    }

    /// <summary>The body is RFC 9457 problem details for this status; returns it for further checks.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string because)
    {
        Assert.True(status == (int)response.StatusCode, $"{because}: expected {status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), because);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), because);
        Assert.StartsWith("https://", problem.GetProperty("type").GetString());
        return problem;
    }

    private static string RunJson(string jurisdiction = "UK", string cutoff = "2026-01-01T00:00:00Z") => JsonSerializer.Serialize(new
    {
        jurisdiction, runId = $"run-{Guid.NewGuid():N}", datasetSnapshotId = "snap-1", dataCutoffAt = cutoff, objectionCutoffAt = cutoff,
        suppressionListSha256 = new string('a', 64), suppressionListSize = 10, objectorsFoundAfterExclusion = 0,
    });

    private static string PackJson(string jurisdiction = "UK", string? asOf = null) => JsonSerializer.Serialize(new
    {
        jurisdiction, periodFrom = "2026-01-01", periodTo = "2026-01-31", asOf, audience = "internal", classification = "TEST",
    });

    public static TheoryData<string, string, ApiScope, string?, string?, int, string?> Failures => new()
    {
        // method, path, key scopes, content type, body, status, the field a 400 names (null: a file's line errors or none)
        { "GET", "/api/v1/compliance/checks?jurisdiction=UK&asOf=2026-01-01T00:00:00", ApiScope.Read, null, null, 400, "asOf" },
        { "GET", "/api/v1/compliance/checks?asOf=2026-01-01T00:00:00Z", ApiScope.Read, null, null, 400, "jurisdiction" },
        { "GET", "/api/v1/compliance/checks?jurisdiction=XX", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/assessments/no-such-assessment/versions/1", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/assessments/no-such-assessment/versions/1/pdf", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/objections/metrics?from=01/02/2026", ApiScope.Read, null, null, 400, "from" },
        { "GET", "/api/v1/objections/metrics?platform=myspace", ApiScope.Read, null, null, 400, "platform" },
        { "GET", "/api/v1/objections/OBJ-NO-SUCH", ApiScope.Read, null, null, 404, null },
        { "POST", "/api/v1/objections", ApiScope.Ingest, "text/csv", "not,an,objections\nfile,at,all\n", 400, null },
        { "POST", "/api/v1/objections", ApiScope.Ingest, "text/plain", "hello", 415, null },
        { "GET", "/api/v1/rollout/report?platform=myspace", ApiScope.Read, null, null, 400, "platform" },
        { "GET", "/api/v1/rollout/report?to=yesterday", ApiScope.Read, null, null, 400, "to" },
        { "POST", "/api/v1/rollout/delivery-stats", ApiScope.Ingest, "text/csv", "not,a,delivery\nfile,at,all\n", 400, null },
        { "POST", "/api/v1/rollout/delivery-stats", ApiScope.Ingest, Json, "{}", 415, null },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, Json, "{}", 400, "jurisdiction" },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, Json, PackJson(asOf: "2026-01-31T00:00:00"), 400, "asOf" },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, Json, PackJson(jurisdiction: "XX", asOf: "2026-01-31T00:00:00Z"), 400, "request" },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, Json, "{\"jurisdiction\": 42}", 400, null },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, "text/plain", "UK please", 415, null },
        { "GET", "/api/v1/evidence-packs/EP-NO-SUCH", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/evidence-packs/EP-NO-SUCH/pdf", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/evidence-packs/EP-NO-SUCH/signed-pdf", ApiScope.Read, null, null, 404, null },
        { "POST", "/api/v1/evidence-packs/verify", ApiScope.Read, "application/pdf", "", 400, "file" },
        { "POST", "/api/v1/evidence-packs/verify", ApiScope.Read, "text/plain", "%PDF", 415, null },
        { "GET", "/api/v1/jurisdictions/XX/gate", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/jurisdictions/XX/training-runs", ApiScope.Read, null, null, 404, null },
        { "GET", "/api/v1/training-runs/no-such-run", ApiScope.Read, null, null, 404, null },
        { "POST", "/api/v1/training-runs", ApiScope.Ingest, Json, "{", 400, null },
        { "POST", "/api/v1/training-runs", ApiScope.Ingest, Json, RunJson(cutoff: "2026-01-01T00:00:00"), 400, null },
        { "POST", "/api/v1/training-runs", ApiScope.Ingest, Json, RunJson(jurisdiction: "XX"), 404, null },
        { "POST", "/api/v1/training-runs", ApiScope.Ingest, "text/plain", RunJson(), 415, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EachFailure_IsAnsweredWithItsStatus_AndProblemDetails(
        string method, string path, ApiScope scopes, string? contentType, string? body, int status, string? field)
    {
        using var response = await SendAsync(method, path, scopes, contentType, body);

        var problem = await AssertProblemAsync(response, status, $"{method} {path}");
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}: {problem}");
    }

    [Fact]
    public async Task ARejectedFile_ListsItsProblemsByLineAndColumn()
    {
        using var response = await SendAsync("POST", "/api/v1/objections", ApiScope.Ingest, "text/csv", "not,an,objections\nfile,at,all\n");

        var problem = await AssertProblemAsync(response, 400, "a bad objections file");
        var first = problem.GetProperty("errors").EnumerateArray().First();
        Assert.Equal(1, first.GetProperty("line").GetInt32());
        Assert.True(first.TryGetProperty("column", out _));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/objections")]
    [InlineData("/api/v1/rollout/delivery-stats")]
    public async Task AFormWithoutAFilePart_IsRejectedInTheFileShape_AtLineZero(string path)
    {
        const string form = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nno file here\r\n--b--\r\n";
        using var response = await SendAsync("POST", path, ApiScope.Ingest, "multipart/form-data; boundary=b", form);

        var problem = await AssertProblemAsync(response, 400, "a form without a file");
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(0, error.GetProperty("line").GetInt32());
        Assert.Equal("Attach the CSV file as a file part of the form.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnOffsetlessTrainingRunTime_IsRefused_NamingTheField_InTheListAndByField()
    {
        using var response = await SendAsync("POST", "/api/v1/training-runs", ApiScope.Ingest, Json, RunJson(cutoff: "2026-01-01T00:00:00"));

        var problem = await AssertProblemAsync(response, 400, "an offset-less cut-off");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("dataCutoffAt ", StringComparison.Ordinal));
        Assert.True(problem.GetProperty("fieldErrors").TryGetProperty("dataCutoffAt", out _));
        Assert.True(problem.GetProperty("fieldErrors").TryGetProperty("objectionCutoffAt", out _));
    }

    public static TheoryData<string, string, ApiScope, string, long> Oversized => new()
    {
        { "POST", "/api/v1/objections", ApiScope.Ingest, "text/csv", 256L * 1024 * 1024 + 1 },
        { "POST", "/api/v1/rollout/delivery-stats", ApiScope.Ingest, "text/csv", 50L * 1024 * 1024 + 1 },
        { "POST", "/api/v1/evidence-packs", ApiScope.Reports, Json, 64 * 1024 + 1 },
        { "POST", "/api/v1/evidence-packs/verify", ApiScope.Read, "application/pdf", 64L * 1024 * 1024 + 1 },
        { "POST", "/api/v1/training-runs", ApiScope.Ingest, Json, 64 * 1024 + 1 },
        { "POST", "/api/v1/backups", ApiScope.Backup, "application/x-www-form-urlencoded", 16 * 1024 + 1 },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task ABodyDeclaredOverTheLimit_Is413_WithProblemDetails(string method, string path, ApiScope scopes, string contentType, long length)
    {
        using var response = await SendAsync(method, path, scopes, contentType, "x", declaredLength: length);

        await AssertProblemAsync(response, 413, $"{method} {path}");
    }

    /// <summary>Every /api/v1 endpoint of the running app, with a concrete address and the scopes it needs.</summary>
    private async Task<IReadOnlyList<(string Method, string Path, ApiScope Needed)>> ApiEndpointsAsync()
    {
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var found = new List<(string, string, ApiScope)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) != true) continue;
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.ParameterPolicies.Count > 0 ? "1" : "x",
                _ => "",
            }))));
            var needed = ApiScope.None;
            foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            {
                var policy = await policies.GetPolicyAsync(data.Policy!);
                foreach (var claim in policy!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>())
                    needed |= ApiScopes.Tokens.Single(t => claim.AllowedValues!.Contains(t.Value)).Key;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
                found.Add((method, path, needed));
        }
        return found;
    }

    [Fact]
    public async Task EveryApiEndpoint_AnswersAMissingKey401_AndAKeyWithoutItsScope403_WithProblemDetails()
    {
        var endpoints = await ApiEndpointsAsync();
        Assert.True(endpoints.Count >= 21, $"found {endpoints.Count} /api/v1 endpoints");

        foreach (var (method, path, needed) in endpoints)
        {
            Assert.NotEqual(ApiScope.None, needed);
            using (var anonymous = await SendAsync(method, path, null))
                await AssertProblemAsync(anonymous, 401, $"{method} {path} without a key");
            var others = ApiScopes.Tokens.Keys.Where(s => !needed.HasFlag(s)).Aggregate(ApiScope.None, (all, s) => all | s);
            using var wrongScope = await SendAsync(method, path, others);
            await AssertProblemAsync(wrongScope, 403, $"{method} {path} with scopes {others}");
        }
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task AnUnknownApiAddress_Is404_WithProblemDetails_OnceTheCallerHasAKey_WhateverTheMethod(string method)
    {
        using var withKey = await SendAsync(method, "/api/v1/no-such-thing", ApiScope.Read | ApiScope.Ingest);
        using var withoutKey = await SendAsync(method, "/api/v1/no-such-thing", null);

        await AssertProblemAsync(withKey, 404, $"{method} on an unknown address");
        await AssertProblemAsync(withoutKey, 401, $"{method} on an unknown address without a key");
    }

    [Fact]
    public async Task AMissingPackPdf_FollowedInTheBrowser_LeadsToTheNotFoundPage_NotToProblemDetails()
    {
        using var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));

        using var response = await browser.GetAsync("/evidence-packs/EP-NO-SUCH/pdf");

        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var landed = response.Headers.Location?.OriginalString ?? response.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Equal("/not-found", landed);
    }

    [Fact]
    public async Task AValidKeyWithAMethodTheAddressDoesNotServe_Is405_NotAnAuthenticationFailure()
    {
        using var response = await SendAsync("DELETE", "/api/v1/training-runs", ApiScope.Ingest | ApiScope.Read);

        await AssertProblemAsync(response, 405, "DELETE on the training-run register");
    }
}
