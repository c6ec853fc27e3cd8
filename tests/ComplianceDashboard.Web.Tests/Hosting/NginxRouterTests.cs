using System.Net;
using System.Net.WebSockets;
using System.Text;
using ComplianceDashboard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceDashboard.Web.Tests.Hosting;

/// <summary>
/// The nginx configuration of docs/operations.md (NginxRouter, which the load harness runs) in a real nginx in front of two
/// small Kestrel servers that answer with their own name: sticky by the session cookie, spread over the instances, and
/// passing a WebSocket (Blazor's circuit) through to the instance of its session.
/// </summary>
public sealed class NginxRouterTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cd-nginx-").FullName;
    private readonly List<WebApplication> _instances = [];
    private NginxRouter? _router;

    private NginxRouter Router => _router ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "one", "two" }) _instances.Add(await StartInstanceAsync(name));
        _router = await NginxRouter.StartAsync(TestPrograms.Locate("nginx"), _instances.Select(i => new Uri(i.Urls.Single())).ToList(), _folder);
    }

    [Fact]
    public async Task EverySessionCookie_StaysOnOneInstance_AndTheSessionsAreSpreadOverBothInstances()
    {
        using var client = new HttpClient { BaseAddress = Router.Address };
        var landed = new List<string>();
        for (var session = 0; session < 20; session++)
        {
            var answers = new HashSet<string>();
            for (var request = 0; request < 3; request++)
                answers.Add(await WhoAnswersAsync(client, $"theme=dark; cd.session=CfDJ8-session-{session}; .AspNetCore.Antiforgery.x=t{request}"));
            Assert.Single(answers);
            landed.Add(answers.Single());
        }

        Assert.Equal(["one", "two"], landed.Distinct().Order());
    }

    [Fact]
    public async Task AWebSocket_IsPassedThroughToTheInstanceItsSessionCookieIsPlacedOn()
    {
        const string cookie = "cd.session=CfDJ8-a-circuit";
        using var client = new HttpClient { BaseAddress = Router.Address };
        var instance = await WhoAnswersAsync(client, cookie);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookie);
        await socket.ConnectAsync(new Uri($"ws://{Router.Address.Authority}/_blazor"), CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        Assert.Equal($"circuit on {instance}", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    /// <summary>The name of the instance that answered a request carrying <paramref name="cookie"/>, checked against the router's X-Upstream header.</summary>
    private async Task<string> WhoAnswersAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = await response.Content.ReadAsStringAsync();
        var upstream = new Uri(_instances[name == "one" ? 0 : 1].Urls.Single());
        Assert.Equal($"{upstream.Host}:{upstream.Port}", response.Headers.GetValues(NginxRouter.UpstreamHeader).Single());
        return name;
    }

    private static async Task<WebApplication> StartInstanceAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/health/live", () => "ok");
        app.MapGet("/whoami", () => name);
        app.Map("/_blazor", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync(Encoding.UTF8.GetBytes($"circuit on {name}"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        });
        await app.StartAsync();
        return app;
    }

    public async Task DisposeAsync()
    {
        _router?.Dispose();
        foreach (var instance in _instances) await instance.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
