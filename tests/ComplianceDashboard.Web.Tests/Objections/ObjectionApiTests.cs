using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Objections;

/// <summary>POST /api/v1/objections, the metrics and the single-objection read, with real API keys.</summary>
public sealed class ObjectionApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    public const string Header = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at";

    public static string Csv(params string[] ids) => Header + "\n" + string.Join("\n",
        ids.Select(id => $"{id},s-{id},UK,instagram,email,2025-06-01T09:00:00Z,honoured,2025-06-02T09:00:00Z,,false,")) + "\n";

    private string Key(ApiScope scopes)
    {
        var issued = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scopes);
        return issued.Value.Secret;
    }

    private static HttpRequestMessage Post(string? key, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objections") { Content = content };
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return request;
    }

    private static StringContent CsvContent(string text) => new(text, Encoding.UTF8, "text/csv");

    private async Task<HttpResponseMessage> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Upload_WithoutAKey_Is401()
    {
        using var response = await factory.CreateClient().SendAsync(Post(null, CsvContent(Csv("X1"))));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithAReadOnlyKey_Is403()
    {
        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Read), CsvContent(Csv("X2"))));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Upload_OfTheWrongContentType_Is415()
    {
        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), new StringContent("{}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Upload_DeclaringMoreThanTheLimit_Is413()
    {
        var content = CsvContent(Csv("X3"));
        content.Headers.ContentLength = ObjectionEndpoints.DefaultMaxUploadBytes + 1;

        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_StreamingPastAConfiguredLimit_Is413_AndWritesNothing()
    {
        await using var own = new DashboardFactory();
        using var limited = own.WithWebHostBuilder(b => b.UseSetting(ObjectionEndpoints.MaxUploadSetting, "2000"));
        var key = limited.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "limited", ApiScope.Ingest).Value.Secret;
        var ids = Enumerable.Range(0, 100).Select(i => $"BIG{i}").ToArray();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Csv(ids))));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await limited.CreateClient().SendAsync(Post(key, content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(limited.Services.GetRequiredService<Core.Objections.IObjectionRepository>().Find("BIG0"));
    }

    [Fact]
    public async Task Upload_OfABadFile_Is400_ListingEveryErrorByLineAndColumn()
    {
        var csv = Header + "\nB1,s-1,UK,myspace,email,2025-06-01T09:00:00,received,,,false,\nB2,someone@example.com,UK,facebook,email,2025-06-01T09:00:00Z,refused,2025-06-02T09:00:00Z,,false,\n";

        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), CsvContent(csv)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(2, "platform"), (2, "received_at"), (3, "subject_ref"), (3, "refusal_grounds")], errors);
        Assert.Null(factory.Services.GetRequiredService<Core.Objections.IObjectionRepository>().Find("B1"));
    }

    [Fact]
    public async Task Upload_OfAGoodFile_Is200_WithCountsAndTheAuditedBatch_AndIsIdempotent()
    {
        var key = Key(ApiScope.Ingest);
        using var first = await factory.CreateClient().SendAsync(Post(key, CsvContent(Csv("G1", "G2"))));
        var multipart = new MultipartFormDataContent { { CsvContent(Csv("G1", "G2")), "file", "objections.csv" } };
        using var second = await factory.CreateClient().SendAsync(Post(key, multipart));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await Json(first);
        Assert.Equal(2, body.GetProperty("inserted").GetInt32());
        var batch = body.GetProperty("batchId").GetString()!;
        Assert.Single(factory.Services.GetRequiredService<IAuditLog>().Query(new AuditFilter(Action: "objections.imported"), 0, 1000).Entries, e => e.EntityId == batch);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await Json(second);
        Assert.Equal((0, 0, 2), (again.GetProperty("inserted").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task GetObjection_Returns200ForAKnownId_And404ForAnUnknownOne()
    {
        using (var upload = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), CsvContent(Csv("K1")))))
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var read = Key(ApiScope.Read);

        using var known = await GetAsync("/api/v1/objections/K1", read);
        using var unknown = await GetAsync("/api/v1/objections/NOPE", read);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var o = await Json(known);
        Assert.Equal(("honoured", "instagram", "email", 24.0), (o.GetProperty("status").GetString(), o.GetProperty("platform").GetString(), o.GetProperty("channel").GetString(), o.GetProperty("timeToHonourHours").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Metrics_RespectTheFilter_AndRejectAnUnknownToken()
    {
        using (var upload = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), CsvContent(
                   Header + "\nM1,s-m1,BR,instagram,other,2025-06-03T09:00:00Z,honoured,2025-06-03T11:30:00Z,,true,\n"))))
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var read = Key(ApiScope.Read);

        using var response = await GetAsync("/api/v1/objections/metrics?jurisdiction=BR&platform=instagram&channel=other&from=2025-06-03&to=2025-06-03", read);
        using var bad = await GetAsync("/api/v1/objections/metrics?platform=myspace", read);
        using var forbidden = await GetAsync("/api/v1/objections/metrics", Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var m = await Json(response);
        Assert.Equal(1, m.GetProperty("received").GetInt64());
        Assert.Equal(1, m.GetProperty("carriedOver").GetInt64());
        Assert.Equal(2.5, m.GetProperty("timeToHonour").GetProperty("maxHours").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
