using System.Net;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>
/// GET /api/v1/evidence-packs/{id} while the pack is generated (202 with the queue state) and after its generation failed
/// (409 problem details), with a renderer the test holds and then makes fail.
/// </summary>
public sealed class EvidencePackStatusTests(EvidencePackStatusTests.HeldRendererFactory factory) : IClassFixture<EvidencePackStatusTests.HeldRendererFactory>
{
    /// <summary>The real app whose pack renderer waits until the test lets it go, then fails.</summary>
    public sealed class HeldRendererFactory : DashboardFactory
    {
        public HeldRenderer Renderer { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IEvidencePackRenderer>(Renderer));
        }
    }

    public sealed class HeldRenderer : IEvidencePackRenderer
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RenderedPack Render(EvidencePackHeader header, EvidenceSnapshot snapshot)
        {
            Entered.TrySetResult();
            Released.Task.Wait(TimeSpan.FromMinutes(2));
            throw new InvalidOperationException("The renderer broke (internal detail that must not be shown).");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, ApiScope scopes, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyAuthenticationHandler.Header,
            factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scopes).Value.Secret);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task APackBeingGenerated_Is202WithItsQueueState_AndOneWhoseGenerationFailed_Is409ProblemDetails()
    {
        var queue = factory.Services.GetRequiredService<EvidencePackQueue>();
        using var requested = await SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", ApiScope.Reports, JsonSerializer.Serialize(new
        {
            jurisdiction = "UK", periodFrom = "2026-01-01", periodTo = "2026-01-31", asOf = "2026-02-01T00:00:00Z", audience = "internal", classification = "HELD",
        }));
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var id = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Changed += job =>
        {
            if (job.PackId == id && job.State == GenerationState.Failed) failed.TrySetResult();
        };
        await factory.Renderer.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        using (var running = await SendAsync(HttpMethod.Get, $"/api/v1/evidence-packs/{id}", ApiScope.Read))
        {
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
            var state = JsonDocument.Parse(await running.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("running", state.GetProperty("status").GetString());
            Assert.Equal($"/api/v1/evidence-packs/{id}", state.GetProperty("statusUrl").GetString());
        }

        factory.Renderer.Released.SetResult();
        await failed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        using var answer = await SendAsync(HttpMethod.Get, $"/api/v1/evidence-packs/{id}", ApiScope.Read);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("internal detail", text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains($"Generating pack {id} failed", problem.GetProperty("detail").GetString());
    }
}
