using System.Diagnostics;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>
/// Byte identity across processes: a pack generated in this process is rendered again by the web executable's
/// "packs reproduce" command, in a separate process, over a copy of the same store.
/// </summary>
public sealed class PackReproduceProcessTests : IDisposable
{
    private readonly TempFolder _store = new();
    private readonly TempFolder _copy = new();
    private readonly TempFolder _files = new();

    private static (int ExitCode, string Out, string Error) RunWebExecutable(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ComplianceDashboard.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the second process did not finish in time");
        process.WaitForExit(); // drains the redirected streams
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public async Task APackRenderedAgainInASecondProcessFromACopyOfTheStore_IsByteIdentical()
    {
        string id;
        byte[] inProcess;
        await using (var app = DashboardFactory.OnFolder(_store.Path))
        {
            var packs = app.Services.GetRequiredService<EvidencePackService>();
            var generated = packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(app.Services) with { Classification = "second process" });
            Assert.True(generated.Succeeded, generated.Failure?.Message);
            id = generated.Value.Id;
            inProcess = packs.Pdf(id)!;
            // The copy: the committed store, taken by the app's own consistent backup while it runs.
            app.Services.GetRequiredService<LiteDbStore>().WriteBackup(Path.Combine(_copy.Path, "compliance.db"));
        }
        var output = Path.Combine(_files.Path, "reproduced.pdf");

        var (exitCode, stdout, stderr) = RunWebExecutable("--data-dir", _copy.Path, "packs", "reproduce", id, "--to", output);

        Assert.True(exitCode == 0, $"exit {exitCode}: {stdout} {stderr}");
        Assert.Contains($"REPRODUCED: {output} is byte-identical to evidence pack {id}", stdout);
        Assert.Equal(inProcess, await File.ReadAllBytesAsync(output));
    }

    public void Dispose()
    {
        _store.Dispose();
        _copy.Dispose();
        _files.Dispose();
    }
}
