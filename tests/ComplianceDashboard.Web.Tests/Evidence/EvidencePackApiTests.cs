using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>POST /api/v1/evidence-packs, GET …/{id} and …/{id}/pdf, POST …/verify with API keys.</summary>
public sealed class EvidencePackApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private string Key(ApiScope scope) =>
        factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"test {Guid.NewGuid():N}", scope).Value.Secret;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    private object Body(string jurisdiction = "UK", int endOffset = 0, int asOfDays = 0, string classification = "OFFICIAL-SENSITIVE")
    {
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        return new
        {
            jurisdiction, periodFrom = today.AddDays(-90).ToString("yyyy-MM-dd"), periodTo = today.AddDays(endOffset == 0 ? 0 : -90 + endOffset).ToString("yyyy-MM-dd"),
            asOf = now.AddMinutes(-5).AddDays(asOfDays).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), audience = "regulator", classification,
        };
    }

    [Theory]
    [InlineData("POST", "/api/v1/evidence-packs")]
    [InlineData("GET", "/api/v1/evidence-packs/EP-UK-0")]
    [InlineData("GET", "/api/v1/evidence-packs/EP-UK-0/pdf")]
    [InlineData("POST", "/api/v1/evidence-packs/verify")]
    public async Task WithoutAKey_TheApiAnswers401(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, null, JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GeneratingNeedsTheReportsScope_AndReadingTheReadScope()
    {
        using var post = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", Key(ApiScope.Read), JsonContent.Create(Body()));
        using var get = await SendAsync(HttpMethod.Get, "/api/v1/evidence-packs/EP-UK-0", Key(ApiScope.Reports));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
    }

    [Theory]
    [InlineData("XX", 0, 0, "There is no jurisdiction XX.")]
    [InlineData("UK", -1, 0, "The period ends before it starts.")]
    [InlineData("UK", 0, 2, "The as-of time is in the future.")]
    public async Task BadParameters_Are400WithTheReason(string jurisdiction, int endOffset, int asOfDays, string reason)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", Key(ApiScope.Reports), JsonContent.Create(Body(jurisdiction, endOffset, asOfDays)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APostIs202_ThenThePackIsDone_DownloadsAndVerifies_AndAskingAgainIs200()
    {
        var reports = Key(ApiScope.Reports);
        var read = Key(ApiScope.Read);
        var body = Body(classification: "API flow");

        // The queue reports every change of a job; the test waits for this pack's job to end, not for time to pass.
        var queue = factory.Services.GetRequiredService<ComplianceDashboard.Web.Evidence.EvidencePackQueue>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? awaited = null;
        void OnChanged(ComplianceDashboard.Core.Evidence.GenerationJob job)
        {
            if (job.PackId == Volatile.Read(ref awaited) && job.State is ComplianceDashboard.Core.Evidence.GenerationState.Done or ComplianceDashboard.Core.Evidence.GenerationState.Failed)
                finished.TrySetResult();
        }
        queue.Changed += OnChanged;
        using var accepted = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", reports, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var queued = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        var id = queued.GetProperty("id").GetString()!;
        var statusUrl = queued.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, accepted.Headers.Location?.OriginalString);

        Volatile.Write(ref awaited, id);
        // The job may have ended before its id was known here: then the queue already says so.
        if (queue.Find(id)?.State is not (ComplianceDashboard.Core.Evidence.GenerationState.Queued or ComplianceDashboard.Core.Evidence.GenerationState.Running))
            finished.TrySetResult();
        await finished.Task.WaitAsync(TimeSpan.FromMinutes(2));
        queue.Changed -= OnChanged;
        using var poll = await SendAsync(HttpMethod.Get, statusUrl, read);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        var status = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Generated", status.GetProperty("status").GetString());

        using var pdf = await SendAsync(HttpMethod.Get, $"/api/v1/evidence-packs/{id}/pdf", read);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal(status.GetProperty("pdfSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));

        using var again = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", reports, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var verified = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs/verify", read, content);
        var answer = JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement;
        Assert.True(answer.GetProperty("verified").GetBoolean());
        Assert.Equal(id, answer.GetProperty("pack").GetProperty("id").GetString());
        Assert.Equal("UK", answer.GetProperty("pack").GetProperty("jurisdiction").GetString());

        bytes[bytes.Length / 3] ^= 0x20;
        var altered = new ByteArrayContent(bytes);
        altered.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var rejected = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs/verify", read, altered);
        Assert.False(JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task AnUnknownPack_Is404()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/evidence-packs/EP-UK-NOTHING/pdf", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
