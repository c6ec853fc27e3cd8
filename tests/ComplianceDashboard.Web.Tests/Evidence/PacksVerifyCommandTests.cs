using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Web.Cli;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>CLI "packs verify FILE" with the app stopped: exit 0 for an unaltered pack, 1 for an altered or unknown file.</summary>
public sealed class PacksVerifyCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _files = new();

    private (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CommandLine.Run(["--data-dir", _folder.Path, .. args], new StringReader(""), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AnUnalteredPackVerifies_AFlippedByteDoesNot()
    {
        string id;
        byte[] pdf;
        await using (var app = DashboardFactory.OnFolder(_folder.Path))
        {
            var packs = app.Services.GetRequiredService<EvidencePackService>();
            var pack = packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(app.Services)).Value;
            id = pack.Id;
            pdf = packs.Pdf(pack.Id)!;
        }
        var good = Path.Combine(_files.Path, "pack.pdf");
        await File.WriteAllBytesAsync(good, pdf);
        pdf[pdf.Length - 100] ^= 0x01;
        var bad = Path.Combine(_files.Path, "altered.pdf");
        await File.WriteAllBytesAsync(bad, pdf);

        var verified = Run("packs", "verify", good);
        var altered = Run("packs", "verify", bad);
        var missing = Run("packs", "verify", Path.Combine(_files.Path, "none.pdf"));

        Assert.Equal(0, verified.ExitCode);
        Assert.Contains($"VERIFIED: {good} is evidence pack {id}", verified.Out);
        Assert.Equal(1, altered.ExitCode);
        Assert.Contains("NOT VERIFIED", altered.Out);
        Assert.Equal(1, missing.ExitCode);
    }

    public void Dispose()
    {
        _folder.Dispose();
        _files.Dispose();
    }
}
