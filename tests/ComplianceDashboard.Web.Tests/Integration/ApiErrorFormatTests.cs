using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>The error bodies docs/api.md shows ("Errors") are the ones the API sends.</summary>
public sealed class ApiErrorFormatTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<HttpResponseMessage> GetAsync(string path, ApiScope? scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (scopes is { } granted)
            request.Headers.Add(ApiKeyAuthenticationHandler.Header,
                factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", granted).Value.Secret);
        return await factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task ABadRequest_IsAProblemDetailsDocument_WithTypeTitleStatusAndDetail()
    {
        using var response = await GetAsync("/api/v1/compliance/checks?jurisdiction=UK&asOf=tomorrow", ApiScope.Read);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("Bad Request", problem.GetProperty("title").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("asOf must be an ISO 8601 time with an offset (Z or ±hh:mm), e.g. 2026-01-01T00:00:00Z, not 'tomorrow'.", problem.GetProperty("detail").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("errors").GetProperty("asOf")[0].GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "A valid API key is required in the X-Api-Key header.")]
    [InlineData(ApiScope.Ingest, HttpStatusCode.Forbidden, "This API key does not have the scope this endpoint needs.")]
    public async Task AMissingKeyOrScope_SaysWhatIsMissing_InProblemDetails_KeepingTheErrorMember(ApiScope? scopes, HttpStatusCode status, string error)
    {
        using var response = await GetAsync("/api/v1/jurisdictions", scopes);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.Equal(error, problem.GetProperty("detail").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
