using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components.Pages.Objections;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Limits;

/// <summary>The app with small limits on every path that takes a body, so each can be exceeded cheaply.</summary>
public sealed class SmallLimitsFactory : DashboardFactory
{
    public const int FileLimit = 2000;
    public const int JsonLimit = 1000;
    public const int FormLimit = 1500;
    public const int DefaultLimit = 4000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(ObjectionEndpoints.MaxUploadSetting, $"{FileLimit}");
        builder.UseSetting(RolloutEndpoints.MaxUploadBytesSetting, $"{FileLimit}");
        builder.UseSetting(EvidencePackEndpoints.VerifyLimit.Setting, $"{FileLimit}");
        builder.UseSetting(RequestBodyLimit.Json.Setting, $"{JsonLimit}");
        builder.UseSetting(RequestBodyLimit.Form.Setting, $"{FormLimit}");
        builder.UseSetting(RequestBodyLimit.Default.Setting, $"{DefaultLimit}");
    }
}

/// <summary>
/// Every endpoint that takes a body or a file holds it to its configured limit: 413 with a message naming the limit,
/// whether the length is declared or the body is streamed, and nothing is written (the audit chain does not move).
/// </summary>
public sealed class UploadLimitTests(SmallLimitsFactory factory) : IClassFixture<SmallLimitsFactory>
{
    private const string OfficerHeader = "RequestVerificationToken";
    private long AuditCount => factory.Services.GetRequiredService<IAuditLog>().Head().Count;

    [Fact]
    public async Task ObjectionsApi_AMultipartFileOverTheLimit_Is413_AndWritesNothing()
    {
        var form = new MultipartFormDataContent { { Unsized(Csv(200), "text/csv"), "file", "objections.csv" } };

        await AssertRefusedAsync(SmallLimitsFactory.FileLimit, Api("/api/v1/objections", form, ApiScope.Ingest));
        Assert.Null(factory.Services.GetRequiredService<Core.Objections.IObjectionRepository>().Find("LIM0"));
    }

    [Fact]
    public async Task ObjectionsUploadInTheDashboard_OverTheLimit_Is413_AndThePageShowsTheLimit()
    {
        using var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");
        var before = AuditCount;
        using var request = new HttpRequestMessage(HttpMethod.Post, ObjectionEndpoints.UploadPath) { Content = Unsized(Csv(200), "text/csv") };
        request.Headers.Add(OfficerHeader, token);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, AuditCount);
        var (message, _) = UploadResult.Read(413, await response.Content.ReadAsStringAsync());
        Assert.Contains("2,000 bytes", message);
    }

    [Fact]
    public async Task DeliveryStatsApi_ABodyOverTheLimit_Is413_AndWritesNothing()
    {
        await AssertRefusedAsync(SmallLimitsFactory.FileLimit,
            Api("/api/v1/rollout/delivery-stats", Unsized(new string('x', 5000), "text/csv"), ApiScope.Ingest));
    }

    [Fact]
    public async Task DeliveryStatsUploadInTheDashboard_AFileOverTheLimit_Is413_AndWritesNothing()
    {
        using var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");
        var form = new MultipartFormDataContent { { new StringContent(token), Browser.AntiforgeryField }, { Unsized(new string('x', 5000), "text/csv"), "file", "delivery.csv" } };

        await AssertRefusedAsync(SmallLimitsFactory.FileLimit, () => browser.PostAsync(RolloutEndpoints.UploadPath, form));
    }

    [Fact]
    public async Task EvidencePackVerifyApi_APdfOverTheLimit_Is413_WhetherDeclaredOrStreamed_AndRecordsNoVerification()
    {
        var declared = new ByteArrayContent(new byte[5000]);
        declared.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        await AssertRefusedAsync(SmallLimitsFactory.FileLimit, Api("/api/v1/evidence-packs/verify", declared, ApiScope.Read));
        await AssertRefusedAsync(SmallLimitsFactory.FileLimit,
            Api("/api/v1/evidence-packs/verify", Unsized(new string('%', 5000), "application/pdf"), ApiScope.Read));
    }

    [Fact]
    public async Task EvidencePackVerifyPage_AFileOverTheLimit_Is413_EvenWithinTheRoomLeftForFormFraming()
    {
        using var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");
        var file = new ByteArrayContent(new byte[SmallLimitsFactory.FileLimit + 1]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var form = new MultipartFormDataContent { { new StringContent(token), Browser.AntiforgeryField }, { file, "file", "pack.pdf" } };

        await AssertRefusedAsync(SmallLimitsFactory.FileLimit, () => browser.PostAsync(EvidencePackEndpoints.UiVerifyPath, form));
    }

    [Fact]
    public async Task EvidencePackRequest_AJsonBodyOverTheLimit_Is413_AndQueuesNothing()
    {
        var json = JsonSerializer.Serialize(new { jurisdiction = "UK", periodFrom = "2026-01-01", periodTo = "2026-03-31", audience = "internal", classification = new string('C', 2000) });

        await AssertRefusedAsync(SmallLimitsFactory.JsonLimit, Api("/api/v1/evidence-packs", Unsized(json, "application/json"), ApiScope.Reports));
    }

    [Fact]
    public async Task TrainingRunRegistration_AJsonBodyOverTheLimit_Is413_AndRegistersNothing()
    {
        var json = JsonSerializer.Serialize(new { runId = "RUN-LIMIT", jurisdiction = "UK", notes = new string('n', 3000) });

        await AssertRefusedAsync(SmallLimitsFactory.JsonLimit, Api("/api/v1/training-runs", Unsized(json, "application/json"), ApiScope.Ingest));
    }

    [Fact]
    public async Task SignInForm_OverTheLimit_Is413_AndNoSignInIsAttempted()
    {
        var browser = factory.CreateBrowser();
        var token = await browser.AntiforgeryTokenAsync("/signin", "/account/signin");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = Browser.DemoEmail(Role.Auditor), ["password"] = new string('p', 4000), [Browser.AntiforgeryField] = token,
        });

        await AssertRefusedAsync(SmallLimitsFactory.FormLimit, () => browser.PostAsync("/account/signin", form));
    }

    [Fact]
    public async Task BackupApi_ABodyOverTheLimit_Is413_AndTakesNoBackup()
    {
        await AssertRefusedAsync(SmallLimitsFactory.FormLimit, Api("/api/v1/backups", Unsized(new string('b', 3000), "application/octet-stream"), ApiScope.Backup));
    }

    [Fact]
    public async Task AnyOtherAddress_ABodyDeclaredOverTheDefaultLimit_Is413()
    {
        using var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));
        var body = new ByteArrayContent(new byte[10_000]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await browser.PostAsync("/objections", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("4,000 bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFileWithinTheLimit_IsStillAccepted()
    {
        using var response = await Api("/api/v1/objections", new StringContent(Csv(3, "OK"), Encoding.UTF8, "text/csv"), ApiScope.Ingest)();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertRefusedAsync(long limit, Func<Task<HttpResponseMessage>> send)
    {
        var before = AuditCount;
        using var response = await send();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{limit.ToString("N0", CultureInfo.InvariantCulture)} bytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, AuditCount);
    }

    /// <summary>Issues the key now (its creation is audited) and returns the call to make with it.</summary>
    private Func<Task<HttpResponseMessage>> Api(string path, HttpContent content, ApiScope scope)
    {
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"limits {Guid.NewGuid():N}", scope).Value.Secret;
        return async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
            return await factory.CreateClient().SendAsync(request);
        };
    }

    private static string Csv(int rows, string prefix = "LIM") => Objections.ObjectionApiTests.Header + "\n" + string.Join("\n", Enumerable.Range(0, rows)
        .Select(i => $"{prefix}{i},s-{prefix}{i},UK,instagram,email,2025-06-01T09:00:00Z,honoured,2025-06-02T09:00:00Z,,false,")) + "\n";

    /// <summary>A body sent without a Content-Length (chunked), so only reading it can find it too large.</summary>
    private static HttpContent Unsized(string text, string contentType)
    {
        var content = new UnsizedContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
