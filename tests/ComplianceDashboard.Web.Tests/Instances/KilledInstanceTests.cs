using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Web.Tests.Instances;

/// <summary>
/// A real app process on PostgreSQL killed with SIGKILL while it generates a pack: its session dies with it, the server
/// releases its claim, and another instance finishes the pack, once.
/// </summary>
public sealed class KilledInstanceTests : IAsyncLifetime
{
    private readonly string _database = PostgresTestDatabases.Create();
    private Process? _process;
    private PostgresStore? _store;
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _services?.Dispose();
        _store?.Dispose();
        PostgresTestDatabases.Drop(_database);
        return Task.CompletedTask;
    }

    /// <summary>The store as another instance sees it, without background work (for keys and reads).</summary>
    private ServiceProvider Services()
    {
        if (_services is not null) return _services;
        _store = PostgresStore.Open(new PostgresOptions(PostgresTestDatabases.ConnectionString(_database), DemoMode: true), TimeProvider.System);
        return _services = new ServiceCollection().AddComplianceCore().AddPostgresStorage(_store).BuildServiceProvider();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the built app (dotnet ComplianceDashboard.Web.dll) on the test database, as an operator would.</summary>
    private Process StartApp(int port)
    {
        // The app's own output folder, built in the configuration these tests were built in (bin/<configuration>/<framework>).
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var folder = RepositoryFiles.PathOf($"src/ComplianceDashboard.Web/bin/{tests.Parent!.Name}/{tests.Name}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(folder, "ComplianceDashboard.Web.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ComplianceDashboard__Store__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__ComplianceDashboard"] =
            new NpgsqlConnectionStringBuilder(PostgresTestDatabases.ConnectionString(_database)) { ApplicationName = "killed-instance" }.ConnectionString;
        start.Environment["ComplianceDashboard__DemoMode"] = "true";
        start.Environment["ComplianceDashboard__Demo__Objections"] = "500";
        start.Environment["ComplianceDashboard__Compliance__ScheduleEnabled"] = "false";
        start.Environment["ComplianceDashboard__EvidencePacks__PollInterval"] = "00:00:00.100";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static bool Answers(HttpClient client, string path)
    {
        try
        {
            using var response = client.GetAsync(path).GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [Fact]
    public async Task AnAppProcessKilledWhileGeneratingAPack_LeavesItToAnotherInstance_WhichStoresItOnce()
    {
        var port = FreePort();
        _process = StartApp(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Conditions.UntilAsync(() => _process.HasExited || Answers(client, "/health"), "the app process to serve");
        Assert.False(_process.HasExited, "the app process exited at start-up");

        var key = Services().GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "kill test", ApiScope.Reports | ApiScope.Read).Value.Secret;
        var asOf = DateTime.UtcNow.AddMinutes(-1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evidence-packs")
        {
            Content = JsonContent.Create(new
            {
                jurisdiction = "UK", periodFrom = $"{asOf.AddDays(-30):yyyy-MM-dd}", periodTo = $"{asOf:yyyy-MM-dd}", asOf = $"{asOf:yyyy-MM-ddTHH:mm:ss}Z",
                audience = "internal", classification = "KILLED",
            }),
        };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        using var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        // The app's worker has claimed the pack: kill -9 the process while it generates.
        var queue = Services().GetRequiredService<IPackGenerationQueue>();
        await Conditions.UntilAsync(() => queue.Find(id)?.State is GenerationState.Running or null, "the app process to start generating");
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        var packs = Services().GetRequiredService<IEvidencePackRepository>();
        Assert.Null(packs.Find(id));

        // Its session is gone with it; another instance claims the pack and stores it.
        await Conditions.UntilAsync(() => queue.Find(id)?.State == GenerationState.Queued, "the server to release the dead process's claim");
        var other = await BackgroundWorkInstance.StartAsync("other-instance", _database, new Dictionary<string, string?>
        {
            ["ComplianceDashboard:Compliance:ScheduleEnabled"] = "false", ["ComplianceDashboard:EvidencePacks:PollInterval"] = "00:00:00.100",
        });
        try
        {
            var pack = await Conditions.UntilAsync(() => packs.Find(id), "the other instance to store the pack");
            await Conditions.UntilAsync(() => queue.Find(id) is null, "the job to leave the queue");

            Assert.Single(Services().GetRequiredService<IAuditLog>().ReadAll(), e => e.Action == "evidence-pack.generated" && e.EntityId == id);
            Assert.Equal(pack.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(packs.Pdf(id)!)));
            var chain = Services().GetRequiredService<AuditService>().Verify(Actor.System).Value;
            Assert.True(chain.Intact, chain.Problem);
        }
        finally
        {
            await other.StopAsync();
        }
    }
}
