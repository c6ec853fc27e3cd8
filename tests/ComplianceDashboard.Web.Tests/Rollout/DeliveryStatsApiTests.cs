using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Rollout;

/// <summary>A demo app with a test campaign (TEST-FB, cohort wave-1) and an upload limit of 4 KB.</summary>
public sealed class RolloutApiFactory : DashboardFactory
{
    public const int UploadLimit = 4096;
    public const string Header = "campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded";
    private readonly Lock _gate = new();
    private bool _seeded;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(RolloutEndpoints.MaxUploadBytesSetting, UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static DateOnly Start => new(2026, 1, 1);

    public void EnsureTestCampaign()
    {
        lock (_gate)
        {
            if (_seeded) return;
            var campaigns = Services.GetRequiredService<CampaignService>();
            campaigns.Create(Actor.System, new CampaignDetails("TEST-FB", "UK", Platform.Facebook, "Test campaign", CampaignStatus.Sending, Start, null, Start, null));
            var notice = campaigns.AddNotice(Actor.System, "TEST-FB", new NoticeDetails("v1", "Test notice", "en-GB", NoticeChannel.InApp, Start, null)).Value;
            campaigns.AddCohort(Actor.System, "TEST-FB", new CohortDetails("wave-1", "Wave 1", 1000, Start, null, notice.Id));
            _seeded = true;
        }
    }
}

/// <summary>POST /api/v1/rollout/delivery-stats with keys issued the way an admin issues them.</summary>
public sealed class DeliveryStatsApiTests : IClassFixture<RolloutApiFactory>
{
    private const string Path = "/api/v1/rollout/delivery-stats";
    private readonly RolloutApiFactory _factory;

    public DeliveryStatsApiTests(RolloutApiFactory factory)
    {
        _factory = factory;
        factory.EnsureTestCampaign();
    }

    private static string Row(int day, string counts = "1000,900,800,700,50,10,5,0,20", string cohort = "wave-1") =>
        $"TEST-FB,{cohort},{RolloutApiFactory.Start.AddDays(day):yyyy-MM-dd},facebook,in_app,{counts}";

    private static string Csv(params string[] rows) => string.Join("\n", [RolloutApiFactory.Header, .. rows]);

    private string Key(ApiScope scopes) => _factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {scopes}", scopes).Value.Secret;

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await _factory.CreateClient().SendAsync(request);
    }

    private static StringContent CsvBody(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task WithoutAKey_TheImportAnswers401()
    {
        using var response = await PostAsync(CsvBody(Csv(Row(0))), key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AReadOnlyKey_Gets403()
    {
        using var response = await PostAsync(CsvBody(Csv(Row(0))), Key(ApiScope.Read));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheConfiguredLimit_Gets413()
    {
        var rows = Enumerable.Range(0, 60).Select(d => Row(d)).ToArray();
        var csv = Csv(rows);
        Assert.True(Encoding.UTF8.GetByteCount(csv) > RolloutApiFactory.UploadLimit);

        using var response = await PostAsync(CsvBody(csv), Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AWrongContentType_Gets415()
    {
        using var response = await PostAsync(new StringContent("{}", Encoding.UTF8, "application/json"), Key(ApiScope.Ingest));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ABadFile_Gets400ProblemDetails_ListingEveryErrorWithLineAndColumn_AndWritesNothing()
    {
        var before = _factory.Services.GetRequiredService<IDeliveryStatsRepository>().OfCampaign("TEST-FB").Count;

        using var response = await PostAsync(CsvBody(Csv(Row(10), Row(11, cohort: "wave-9"), Row(12, counts: "10,20,0,0,0,0,0,0,0"))), Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "cohort"), (4, "sent")], errors);
        Assert.Equal(before, _factory.Services.GetRequiredService<IDeliveryStatsRepository>().OfCampaign("TEST-FB").Count);
    }

    [Fact]
    public async Task AGoodFile_Gets200WithCounts_AndSendingItAgainChangesNothing()
    {
        var csv = Csv(Row(20), Row(21));
        var key = Key(ApiScope.Ingest);

        using var first = await PostAsync(CsvBody(csv), key);
        using var second = await PostAsync(CsvBody(csv), key);
        using var changed = await PostAsync(CsvBody(Csv(Row(21, counts: "1000,950,900,800,50,10,5,0,20"))), key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((2, 0, 0), Counts(await JsonAsync(first)));
        Assert.Equal((0, 0, 2), Counts(await JsonAsync(second)));
        Assert.Equal((0, 1, 0), Counts(await JsonAsync(changed)));
    }

    [Fact]
    public async Task AMultipartFile_IsAccepted()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(Row(30))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "day30.csv");

        using var response = await PostAsync(form, Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 0, 0), Counts(await JsonAsync(response)));
    }

    [Fact]
    public async Task TheReport_GivesTheFunnelAndCoverage_ToAReadKey()
    {
        await PostAsync(CsvBody(Csv(Row(40))), Key(ApiScope.Ingest));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rollout/report?campaign=TEST-FB&channel=in_app");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, Key(ApiScope.Read));

        using var response = await _factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.True(json.GetProperty("funnel").GetProperty("displayed").GetInt64() >= 700);
        Assert.Equal("wave-1", json.GetProperty("cohorts")[0].GetProperty("cohort").GetString());
    }

    private static (int, int, int) Counts(JsonElement json) =>
        (json.GetProperty("inserted").GetInt32(), json.GetProperty("replaced").GetInt32(), json.GetProperty("unchanged").GetInt32());
}
