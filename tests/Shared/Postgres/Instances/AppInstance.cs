using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplianceDashboard.Web.Auth;

namespace ComplianceDashboard.Testing.Instances;

/// <summary>
/// One real ComplianceDashboard.Web process (the built executable, started with dotnet) on a port of its own, in the
/// Production environment unless its settings name another, on the store its settings name. Its output is kept for
/// failure messages.
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppInstance(string name, Process process, Uri address)
    {
        Name = name;
        _process = process;
        Address = address;
    }

    public string Name { get; }
    public Uri Address { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote so far (standard output and error), for messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the app and waits until it answers /health/ready (at most <paramref name="bound"/>).</summary>
    public static async Task<AppInstance> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan bound)
    {
        var port = FreePort();
        var start = StartInfo(settings);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var instance = new AppInstance(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = instance.Client();
            await Conditions.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"Instance {name} exited with {process.ExitCode}:\n{instance.Output}");
                try
                {
                    using var ready = await client.GetAsync("/health/ready");
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, $"instance {name} answering /health/ready", bound);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command of the app's command line (the same executable, e.g. "apikeys create …") with an instance's settings; returns what it printed, or throws with it when it fails.</summary>
    public static async Task<string> RunCommandAsync(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var start = StartInfo(settings);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"'{string.Join(' ', arguments)}' exited with {process.ExitCode}: {output}{await error}");
    }

    /// <summary>CPU time the process has used so far (user and system, every core).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The process's working set now, in MB.</summary>
    public double WorkingSetMb()
    {
        _process.Refresh();
        return Math.Round(_process.WorkingSet64 / 1048576.0, 1);
    }

    /// <summary>A client for this instance that does not follow redirects; with <paramref name="cookies"/>, it keeps them (as a browser would).</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromMinutes(2),
        };

    /// <summary>A request to this instance carrying an API key.</summary>
    public static HttpRequestMessage WithKey(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return request;
    }

    /// <summary>kill -9: the process ends at once, with no shutdown of any kind.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebOutputFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(WebOutputFolder, "ComplianceDashboard.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production"; // unless the settings say otherwise
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web project's own build output (…/src/ComplianceDashboard.Web/bin/&lt;Configuration&gt;/&lt;tfm&gt;), built with this test project.</summary>
    private static string WebOutputFolder
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            for (var dir = testOutput; dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ComplianceDashboard.sln")))
                    return Path.Combine(dir.FullName, "src", "ComplianceDashboard.Web", "bin", configuration, framework);
            throw new InvalidOperationException("The repository root (with ComplianceDashboard.sln) is not above the test binaries.");
        }
    }
}
