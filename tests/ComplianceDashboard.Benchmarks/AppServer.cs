using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// The real web app as a child process (<c>dotnet ComplianceDashboard.Web.dll</c>, Release build) on a demo store
/// in a temp folder, with an API key (read, ingest, reports) created beforehand through the CLI.
/// </summary>
internal sealed class AppServer : IDisposable
{
    private readonly Process _process;
    private long _peakWorkingSet;

    private AppServer(Process process, Uri baseAddress, string apiKey, double startSeconds)
    {
        _process = process;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        StartSeconds = startSeconds;
    }

    public Uri BaseAddress { get; }
    public string ApiKey { get; }
    public double StartSeconds { get; }
    public int Pid => _process.Id;

    /// <summary>The server's working set now, in MB (and the highest seen so far).</summary>
    public double WorkingSetMb()
    {
        _process.Refresh();
        var bytes = _process.WorkingSet64;
        _peakWorkingSet = Math.Max(_peakWorkingSet, bytes);
        return Math.Round(bytes / 1048576.0, 1);
    }

    /// <summary>CPU time the server has used so far (user and system, every core).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public double PeakWorkingSetMb()
    {
        _process.Refresh();
        return Math.Round(Math.Max(_peakWorkingSet, _process.PeakWorkingSet64) / 1048576.0, 1);
    }

    public static async Task<AppServer> StartAsync(string dataDirectory)
    {
        var web = WebDll();
        var port = FreePort();
        var cli = Start(web, dataDirectory, port, "apikeys", "create", "--name", "load harness", "--scope", "read,ingest,reports");
        cli.StartInfo.RedirectStandardOutput = true;
        cli.Start();
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var key = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cdk_", StringComparison.Ordinal))
                  ?? throw new InvalidOperationException($"The CLI printed no key (exit {cli.ExitCode}): {output}");

        var watch = Stopwatch.StartNew();
        var process = Start(web, dataDirectory, port);
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[app] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with code {process.ExitCode} during start-up.");
            if (watch.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("The app did not answer /health within 3 minutes.");
            try
            {
                using var health = await probe.GetAsync("health");
                if (health.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        return new AppServer(process, baseAddress, key, watch.Elapsed.TotalSeconds);
    }

    private static Process Start(string web, string dataDirectory, int port, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(web)! };
        start.ArgumentList.Add(web);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Development only because a build (not a publish) serves blazor.web.js and MudBlazor's assets from the static web
        // assets manifest in that environment alone; logging is cut to warnings as in production.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ComplianceDashboard__DataDirectory"] = dataDirectory;
        start.Environment["ComplianceDashboard__DemoMode"] = "true";
        start.Environment["ComplianceDashboard__Demo__Objections"] = "2000";
        start.Environment["ComplianceDashboard__Compliance__ScheduleEnabled"] = "false";
        start.Environment["ComplianceDashboard__SignIn__PermitsPerMinute"] = "10000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new Process { StartInfo = start };
    }

    /// <summary>The web app built in the harness's configuration (the project references it so it is built first).</summary>
    private static string WebDll()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(ComplianceDashboard.Testing.RepositoryFiles.Root, "src", "ComplianceDashboard.Web", "bin", configuration, "net10.0", "ComplianceDashboard.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the web app first.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
