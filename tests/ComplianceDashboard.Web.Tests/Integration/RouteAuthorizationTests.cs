using System.Net;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>
/// Every route the app serves, read from the app's own endpoint table, with the access it must demand. A route
/// that is added without a line here fails the first test, so no page or endpoint can be forgotten.
/// </summary>
public sealed class RouteAuthorizationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Anonymous = "anonymous";
    private const string SignedIn = "signed-in";

    /// <summary>"METHOD route" → the policy it requires, <see cref="SignedIn"/> (any signed-in user) or <see cref="Anonymous"/>.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Anonymous,
        ["GET /health/live"] = Anonymous,
        ["GET /health/ready"] = Anonymous,
        ["GET /openapi/{documentName}.json"] = Anonymous,
        ["POST /account/signin"] = Anonymous,
        // The second factor: only the pending-sign-in cookie of a right password gets anywhere (AccountEndpoints).
        ["POST /account/signin/code"] = Anonymous,
        ["POST /account/signin/enrol"] = Anonymous,
        ["GET /signin/code"] = Anonymous,
        ["GET /signin/enrol"] = Anonymous,
        ["GET /signin/recovery-codes"] = SignedIn,
        ["GET /account/alive"] = SignedIn,
        ["POST /account/signout"] = SignedIn,
        ["GET /signin"] = Anonymous,
        // Single sign-on: the link to the provider and the refusal page are for people without a session; a step-up
        // and its outcome page belong to the signed-in person whose sign-off it is (checked by the endpoint and page).
        ["GET /account/sso"] = Anonymous,
        ["GET /signin/refused"] = Anonymous,
        ["GET /account/sso/step-up/{id}"] = SignedIn,
        ["GET /sign-offs/{Id}"] = SignedIn,
        ["GET /not-found"] = Anonymous,
        ["GET /error"] = Anonymous,
        ["GET /forbidden"] = SignedIn,
        ["GET /"] = SignedIn,
        ["GET /jurisdictions"] = SignedIn,
        ["GET /jurisdictions/{Code}"] = SignedIn,
        ["GET /assessments"] = SignedIn,
        ["GET /assessments/{Id}"] = SignedIn,
        ["GET /assessments/{Id}/versions/{Number:int}"] = SignedIn,
        ["GET /assessments/{Id}/compare/{Left:int}/{Right:int}"] = SignedIn,
        ["GET /rollout"] = SignedIn,
        ["GET /objections"] = SignedIn,
        ["GET /complaints"] = SignedIn,
        ["GET /compliance"] = SignedIn,
        ["GET /evidence-packs"] = SignedIn,
        ["GET /audit"] = SignedIn,
        ["GET /administration"] = Policies.Administration,
        ["POST /administration/backup"] = Policies.For(Permission.TakeBackups),
        ["POST /rollout/delivery-stats/upload"] = Policies.For(Permission.ManageRollout),
        ["POST /objections/upload"] = Policies.For(Permission.ManageObjections),
        ["GET /objections/export.csv"] = Policies.For(Permission.ViewProgramme),
        ["POST /complaints/upload"] = Policies.For(Permission.ManageComplaints),
        ["GET /complaints/export.csv"] = Policies.For(Permission.ExportComplaints),
        ["GET /{**path:file}"] = SignedIn,
        ["HEAD /{**path:file}"] = SignedIn,
        ["GET /_framework/opaque-redirect"] = SignedIn,
        ["GET /_blazor"] = SignedIn,
        ["GET /_blazor/negotiate"] = SignedIn,
        ["GET /_blazor/disconnect/"] = SignedIn,
        ["GET /_blazor/initializers/"] = SignedIn,
        ["GET /api/v1/jurisdictions"] = Policies.ApiRead,
        ["POST /api/v1/rollout/delivery-stats"] = Policies.ApiIngest,
        ["GET /api/v1/rollout/report"] = Policies.ApiRead,
        ["POST /api/v1/objections/"] = Policies.ApiIngest,
        ["GET /api/v1/objections/metrics"] = Policies.ApiRead,
        ["GET /api/v1/objections/{objectionId}"] = Policies.ApiRead,
        ["POST /api/v1/complaints/"] = Policies.ApiIngest,
        ["GET /api/v1/complaints/metrics"] = Policies.ApiRead,
        ["GET /api/v1/complaints/export.csv"] = Policies.ApiRead,
        ["GET /api/v1/complaints/{complaintId}"] = Policies.ApiRead,
        ["GET /api/v1/assessments/"] = Policies.ApiRead,
        ["GET /api/v1/assessments/{id}/versions/{number:int}"] = Policies.ApiRead,
        ["GET /api/v1/assessments/{id}/versions/{number:int}/pdf"] = Policies.ApiRead,
        ["GET /assessments/{id}/versions/{number:int}/pdf"] = Policies.For(Permission.ViewAssessments),
        ["GET /api/v1/audit/verify"] = Policies.ApiRead,
        ["POST /api/v1/backups"] = Policies.ApiBackup,
        ["GET /compliance/{Jurisdiction}/{CheckId}"] = SignedIn,
        ["GET /api/v1/compliance/checks"] = Policies.ApiRead,
        ["GET /api/v1/jurisdictions/{code}/gate"] = Policies.ApiRead,
        ["GET /api/v1/jurisdictions/{code}/training-runs"] = Policies.ApiRead,
        ["GET /api/v1/training-runs/{runId}"] = Policies.ApiRead,
        ["POST /api/v1/training-runs"] = Policies.ApiIngest,
        ["GET /evidence-packs/verify"] = SignedIn,
        ["GET /evidence-packs/{id}/pdf"] = Policies.For(Permission.DownloadEvidencePacks),
        ["GET /evidence-packs/{id}/signed-pdf"] = Policies.For(Permission.DownloadEvidencePacks),
        ["POST /evidence-packs/verify-upload"] = Policies.For(Permission.ViewProgramme),
        ["POST /api/v1/evidence-packs/"] = Policies.ApiReports,
        ["GET /api/v1/evidence-packs/{id}"] = Policies.ApiRead,
        ["GET /api/v1/evidence-packs/{id}/pdf"] = Policies.ApiRead,
        ["GET /api/v1/evidence-packs/{id}/signed-pdf"] = Policies.ApiRead,
        ["POST /api/v1/evidence-packs/verify"] = Policies.ApiRead,
    };

    private static string Describe(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Anonymous;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
        return policies.Count == 0 ? SignedIn : string.Join(" + ", policies);
    }

    private IEnumerable<(string Key, RouteEndpoint Endpoint)> Routes() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")) // css, js and fonts: public files
            // A page also answers POST (Blazor's form handling) under the same authorisation: its GET stands for both.
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                    ? ["GET"] : e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => ($"{m} {(e.RoutePattern.RawText is { Length: > 0 } raw ? (raw.StartsWith('/') ? raw : "/" + raw) : "/")}", e)));

    [Fact]
    public void EveryRoute_DemandsExactlyTheAccessInTheTable()
    {
        var actual = Routes().GroupBy(r => r.Key).ToDictionary(g => g.Key, g => Describe(g.First().Endpoint), StringComparer.Ordinal);

        var unlisted = actual.Keys.Except(Expected.Keys).Select(k => $"new route {k} ({actual[k]})");
        var gone = Expected.Keys.Except(actual.Keys).Select(k => $"listed route {k} no longer exists");
        var wrong = actual.Keys.Intersect(Expected.Keys).Where(k => actual[k] != Expected[k]).Select(k => $"{k} demands {actual[k]}, expected {Expected[k]}");
        var problems = unlisted.Concat(gone).Concat(wrong).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static TheoryData<string> ApiRoutes() => new(Expected.Where(e => e.Key.Contains(" /api/", StringComparison.Ordinal)).Select(e => e.Key));

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task EveryApiRoute_Answers401Anonymously_403ToKeysWithoutItsScope_AndLetsItsScopeIn(string route)
    {
        var (method, path) = (route.Split(' ')[0], Concrete(route.Split(' ')[1]));
        var keys = factory.Services.GetRequiredService<ApiKeyService>();

        using var anonymous = await SendAsync(method, path, key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var scope in ApiScopes.Tokens.Keys)
        {
            var key = keys.Create(Actor.CommandLine, $"probe-{scope}-{Guid.NewGuid():N}", scope).Value.Secret;
            using var response = await SendAsync(method, path, key);
            var allowed = Expected[route] == $"api:{ApiScopes.Tokens[scope]}";
            if (allowed) Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{route} refused a key with its own scope {scope}: {(int)response.StatusCode}");
            else Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode} to a key with only the {scope} scope");
        }
    }

    public static TheoryData<Role, string> RolesAndPages()
    {
        var data = new TheoryData<Role, string>();
        foreach (var role in Enum.GetValues<Role>())
            // GET /account/ routes are endpoints behind the pages (e.g. the 204 keep-alive), not pages.
            foreach (var page in Expected.Where(e => e.Key.StartsWith("GET /", StringComparison.Ordinal) && !e.Key.StartsWith("GET /account/", StringComparison.Ordinal)
                                                     && !e.Key.Contains("/api/") && !e.Key.Contains("/_")
                                                     && !e.Key.Contains('.') && e.Value != Anonymous && !e.Key.Contains('{')))
                data.Add(role, page.Key);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPages))]
    public async Task EveryPage_OpensForTheRolesItsPolicyNames_AndSendsOthersToForbidden(Role role, string route)
    {
        var path = route.Split(' ')[1];
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(role));
        var policy = Expected[route];
        var allowed = policy == SignedIn || Enum.GetValues<Permission>().Any(p => Policies.For(p) == policy && RolePermissions.Has(role, p));

        using var response = await browser.GetAsync(path);

        if (allowed) Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} got {(int)response.StatusCode} for {path}");
        else Assert.StartsWith("/forbidden", response.RedirectTarget());
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", m => m.Value.Contains(":int") ? "1" : "UK");

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        if (method != "GET") request.Content = new ByteArrayContent([]);
        return await factory.CreateClient().SendAsync(request);
    }
}
