using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Complaints;

/// <summary>POST /api/v1/complaints, the metrics, the export and the single-complaint read, with real API keys on the real app.</summary>
public sealed class ComplaintApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    public const string Header = "complaint_id,subject_ref,jurisdiction,channel,received_at,category,linked_objection_ids,acknowledged_at,outcome_at,outcome,outcome_summary,escalated_at,regulator_reference";

    public static string Csv(params string[] ids) => Header + "\n" + string.Join("\n",
        ids.Select(id => $"{id},s-{id},UK,social_media,2026-07-01T09:00:00Z,notice_unclear,,2026-07-02T09:00:00Z,,,,,")) + "\n";

    private string Key(ApiScope scopes) =>
        factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scopes).Value.Secret;

    private static HttpRequestMessage Post(string? key, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/complaints") { Content = content };
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return request;
    }

    private static StringContent CsvContent(string text) => new(text, Encoding.UTF8, "text/csv");

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task Upload(string csv)
    {
        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), CsvContent(csv)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithoutAKey_Is401()
    {
        using var response = await factory.CreateClient().SendAsync(Post(null, CsvContent(Csv("A1"))));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithAReadOnlyKey_Is403_AndWritesNothing()
    {
        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Read), CsvContent(Csv("A2"))));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(factory.Services.GetRequiredService<IComplaintRepository>().Find("A2"));
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
        var content = CsvContent(Csv("A3"));
        content.Headers.ContentLength = ComplaintEndpoints.DefaultMaxUploadBytes + 1;

        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_StreamingPastAConfiguredLimit_Is413_AndWritesNothing()
    {
        await using var own = new DashboardFactory();
        using var limited = own.WithWebHostBuilder(b => b.UseSetting(ComplaintEndpoints.MaxUploadSetting, "2000"));
        var key = limited.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "limited", ApiScope.Ingest).Value.Secret;
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Csv(Enumerable.Range(0, 100).Select(i => $"BIG{i}").ToArray()))));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await limited.CreateClient().SendAsync(Post(key, content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(limited.Services.GetRequiredService<IComplaintRepository>().Find("BIG0"));
    }

    [Fact]
    public async Task Upload_OfABadFile_Is400_ListingEveryErrorByLineAndColumn_AndWritesNothing()
    {
        var csv = Header + "\nB1,s-b1,UK,fax,2026-07-01T09:00:00Z,other,,,,,,,\n" +
                  "B2,someone@example.com,UK,email,2026-07-01T09:00:00Z,other,,,2026-07-03T09:00:00Z,upheld,,,\n";

        using var response = await factory.CreateClient().SendAsync(Post(Key(ApiScope.Ingest), CsvContent(csv)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(2, "channel"), (3, "subject_ref"), (3, "acknowledged_at")], errors);
        Assert.Null(factory.Services.GetRequiredService<IComplaintRepository>().Find("B1"));
    }

    [Fact]
    public async Task Upload_OfAGoodFile_Is200_WithCountsAndTheAuditedBatch_AndIsIdempotent()
    {
        var key = Key(ApiScope.Ingest);
        using var first = await factory.CreateClient().SendAsync(Post(key, CsvContent(Csv("G1", "G2"))));
        var multipart = new MultipartFormDataContent { { CsvContent(Csv("G1", "G2")), "file", "complaints.csv" } };
        using var second = await factory.CreateClient().SendAsync(Post(key, multipart));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await Json(first);
        Assert.Equal(2, body.GetProperty("inserted").GetInt32());
        var batch = body.GetProperty("batchId").GetString()!;
        Assert.Single(factory.Services.GetRequiredService<IAuditLog>().Query(new AuditFilter(Action: "complaints.imported"), 0, 1000).Entries, e => e.EntityId == batch);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await Json(second);
        Assert.Equal((0, 0, 2), (again.GetProperty("inserted").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task GetComplaint_Is200ForAKnownId_404ForAnUnknownOne_And401WithoutAKey()
    {
        await Upload(Csv("K1"));
        var read = Key(ApiScope.Read);

        using var known = await GetAsync("/api/v1/complaints/K1", read);
        using var unknown = await GetAsync("/api/v1/complaints/NOPE", read);
        using var anonymous = await GetAsync("/api/v1/complaints/K1", null);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var c = await Json(known);
        Assert.Equal(("social_media", "notice_unclear", "2026-07-30", true, true),
            (c.GetProperty("channel").GetString(), c.GetProperty("category").GetString(), c.GetProperty("acknowledgementDue").GetString(),
             c.GetProperty("acknowledgementStatutory").GetBoolean(), c.GetProperty("acknowledgedOnTime").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Metrics_RespectTheFilter_RejectABadOne_AndNeedTheReadScope()
    {
        await Upload(Header + "\nM1,s-m1,EU,post,2025-03-03T09:00:00Z,children,,2025-03-10T09:00:00Z,2025-03-20T09:00:00Z,not_upheld,,2025-04-02T09:00:00Z,DPC-7\n");
        var read = Key(ApiScope.Read);

        using var response = await GetAsync("/api/v1/complaints/metrics?jurisdiction=EU&from=2025-03-01&to=2025-03-31&category=children&channel=post", read);
        using var bad = await GetAsync("/api/v1/complaints/metrics?category=rudeness", read);
        using var backwards = await GetAsync("/api/v1/complaints/metrics?from=2025-04-01&to=2025-03-01", read);
        using var forbidden = await GetAsync("/api/v1/complaints/metrics", Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var m = await Json(response);
        Assert.Equal(1, m.GetProperty("received").GetInt64());
        Assert.Equal(1, m.GetProperty("acknowledgedWithinDeadline").GetInt64());
        Assert.Equal(100, m.GetProperty("percentAcknowledgedWithinDeadline").GetDouble());
        Assert.Equal(17, m.GetProperty("medianDaysToOutcome").GetDouble());
        Assert.Equal(1, m.GetProperty("byOutcome").GetProperty("not_upheld").GetInt64());
        Assert.Equal(1, m.GetProperty("escalated").GetInt64());
        var quarters = m.GetProperty("byQuarter").EnumerateArray().Select(q => q.GetProperty("quarter").GetString()).ToList();
        Assert.Equal(["2025-Q1", "2025-Q2"], quarters);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Export_IsCsvSafeAgainstFormulas_AndNeedsTheReadScope()
    {
        await Upload(Header + "\nX1,s-x1,BR,email,2025-05-01T09:00:00Z,other,,2025-05-02T09:00:00Z,2025-05-03T09:00:00Z,upheld,\"=HYPERLINK(\"\"http://x\"\")\",,\n");

        using var response = await GetAsync("/api/v1/complaints/export.csv?jurisdiction=BR", Key(ApiScope.Read));
        using var forbidden = await GetAsync("/api/v1/complaints/export.csv", Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", ComplaintCsvExport.Columns), lines[0].TrimEnd('\r'));
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", lines.Single(l => l.StartsWith("X1,")));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
