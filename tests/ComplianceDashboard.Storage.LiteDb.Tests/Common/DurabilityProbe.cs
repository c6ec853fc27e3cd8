using System.Diagnostics;
using System.Text;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>
/// The ComplianceDashboard.DurabilityProbe console app running as a separate process. The test project builds it
/// and copies its output to DurabilityProbe/ beside the test assembly (see the .csproj).
/// </summary>
public sealed class DurabilityProbe : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _acks = [];
    private readonly StringBuilder _stderr = new();
    private TaskCompletionSource? _enough;
    private int _wanted;

    private DurabilityProbe(Process process) => _process = process;

    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "DurabilityProbe", "ComplianceDashboard.DurabilityProbe.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The durability probe was not found at {path}; the test project's CopyDurabilityProbe target should have put it there.", path);
    }

    public static DurabilityProbe Start(string dataFolder, int maxWrites = 100_000) =>
        Launch(dataFolder, maxWrites.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Runs the crash drill: the probe kills its own child at random moments and writes its figures to <paramref name="json"/>.</summary>
    public static DurabilityProbe StartDrill(string dataFolder, int iterations, string json) =>
        Launch("drill", dataFolder, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), json);

    private static DurabilityProbe Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Locate());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start };
        var probe = new DurabilityProbe(process);
        process.OutputDataReceived += (_, e) => probe.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (probe._gate) probe._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return probe;
    }

    /// <summary>Codes the probe acknowledged, i.e. printed after their write returned.</summary>
    public IReadOnlyList<string> Acks
    {
        get { lock (_gate) return _acks.ToList(); }
    }

    public string StandardError
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Completes once <paramref name="count"/> acknowledgements have arrived; fails if the probe ends first or the timeout passes.</summary>
    public async Task WaitForAcksAsync(int count, TimeSpan timeout)
    {
        Task enough;
        lock (_gate)
        {
            _wanted = count;
            _enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_acks.Count >= count) _enough.TrySetResult();
            enough = _enough.Task;
        }
        using var timeoutSource = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(timeoutSource.Token);
        var first = await Task.WhenAny(enough, exited);
        if (first == enough) return;
        if (exited.IsCanceled)
            throw new TimeoutException($"The probe acknowledged {Acks.Count} of {count} writes within {timeout}.");
        throw new InvalidOperationException($"The probe exited with code {ExitCode} after {Acks.Count} of {count} acknowledgements. Its error output: {StandardError}");
    }

    /// <summary>Kills the probe and everything it started, then waits until it is gone and its output has been read to the end.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        _process.Kill(entireProcessTree: true);
        await WaitForExitAsync(timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(timeoutSource.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It was never started or has already gone.
        }
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null || !line.StartsWith("ack ", StringComparison.Ordinal)) return;
        lock (_gate)
        {
            _acks.Add(line["ack ".Length..]);
            if (_enough is not null && _acks.Count >= _wanted) _enough.TrySetResult();
        }
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
