using System.Text.Json;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json describes every /api/v1 endpoint of the running app with every status it can
/// answer. The expected statuses come from each endpoint's own settings (its authorisation, body limit, accepted content
/// types, route parameters), never from the response metadata that produces the document.
/// </summary>
public sealed class OpenApiDocumentTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private sealed record ApiEndpoint(string Method, string Path, RouteEndpoint Endpoint);

    private IReadOnlyList<ApiEndpoint> ApiEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => new ApiEndpoint(m.ToLowerInvariant(), DocumentPath(e.RoutePattern), e)))
            .ToList();

    /// <summary>The route as the document writes it: /api/v1/assessments/{id}/versions/{number}, without constraints.</summary>
    private static string DocumentPath(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }))));

    /// <summary>The statuses an endpoint can answer because of how it is set up, each with the setting it comes from.</summary>
    private async Task<IReadOnlyDictionary<int, string>> StatusesFromSettingsAsync(RouteEndpoint endpoint)
    {
        var expected = new Dictionary<int, string>();
        var authorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorization.Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            expected[401] = "it requires authorisation";
            expected[403] = "it requires authorisation";
        }
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var data in authorization)
            if (data.Policy is { } name && await policies.GetPolicyAsync(name) is { } policy && policy.AuthenticationSchemes.Contains(DashboardClaims.ApiKeyScheme))
                expected[429] = "an API key authenticates it, and the failure limiter refuses a client over its limit";
        if (endpoint.Metadata.GetMetadata<RequestBodyLimit>() is not null)
            expected[413] = "it has a body limit";
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 })
            expected[415] = "it accepts only some content types";
        if (endpoint.RoutePattern.Parameters.Count > 0)
            expected[404] = "its route has a parameter that may name nothing";
        return expected;
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task EveryApiEndpoint_IsInTheDocument_WithEveryStatusItsSettingsCanAnswer()
    {
        var document = await DocumentAsync();
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count >= 21, $"found {endpoints.Count} /api/v1 endpoints");

        var missing = new List<string>();
        foreach (var (method, path, endpoint) in endpoints)
        {
            if (!document.GetProperty("paths").TryGetProperty(path, out var item) || !item.TryGetProperty(method, out var operation))
            {
                missing.Add($"{method.ToUpperInvariant()} {path} is not in the document");
                continue;
            }
            var responses = operation.GetProperty("responses");
            foreach (var (status, because) in await StatusesFromSettingsAsync(endpoint))
                if (!responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _))
                    missing.Add($"{method.ToUpperInvariant()} {path} lacks {status}: {because}");
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public async Task EveryAnswer_HasANamedSchema_AndEveryErrorIsProblemDetails()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal)))
        foreach (var operation in path.Value.EnumerateObject())
        foreach (var answer in operation.Value.GetProperty("responses").EnumerateObject())
        {
            var where = $"{operation.Name.ToUpperInvariant()} {path.Name} {answer.Name}";
            if (!answer.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
            {
                problems.Add($"{where} has no content");
                continue;
            }
            foreach (var (type, media) in content.EnumerateObject().Select(c => (c.Name, c.Value)))
            {
                var schema = media.GetProperty("schema");
                if (answer.Name[0] is '4' or '5' && type != "application/problem+json")
                    problems.Add($"{where} answers {type}, not problem details");
                var named = schema.TryGetProperty("$ref", out _)
                            || (schema.TryGetProperty("items", out var items) && items.TryGetProperty("$ref", out _))
                            || (type is not "application/json" and not "application/problem+json" && schema.GetProperty("format").GetString() == "binary");
                if (!named) problems.Add($"{where} {type} has an unnamed schema: {schema}");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryBody_IsDescribedWithEachContentTypeTheEndpointAccepts()
    {
        var document = await DocumentAsync();
        foreach (var (method, path, endpoint) in ApiEndpoints())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts) continue;
            var body = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody").GetProperty("content");
            Assert.All(accepts.ContentTypes, type => Assert.True(body.TryGetProperty(type, out _), $"{method} {path} body lacks {type}"));
        }
    }

    [Fact]
    public async Task EveryOperation_NamesItsApiKeyScope_AndHasAnOperationId()
    {
        var document = await DocumentAsync();
        Assert.Equal("apiKey", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("type").GetString());
        foreach (var (method, path, _) in ApiEndpoints())
        {
            var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
            Assert.True(operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 1, $"{method} {path} security");
            Assert.Contains("API key with the `", operation.GetProperty("description").GetString());
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()), $"{method} {path} operationId");
        }
    }
}
