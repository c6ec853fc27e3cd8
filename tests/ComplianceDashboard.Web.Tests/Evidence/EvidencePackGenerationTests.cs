using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>Generating the UK pack of the demo programme and reading it back with PdfPig.</summary>
public sealed class EvidencePackGenerationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    internal static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);

    private EvidencePackService Packs => factory.Services.GetRequiredService<EvidencePackService>();

    internal static PackParameters UkParameters(IServiceProvider services, PackAudience audience = PackAudience.Regulator)
    {
        var now = TimeProviderExtensions.TruncateToMs(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var today = DateOnly.FromDateTime(now);
        return new PackParameters
        {
            Jurisdiction = "UK", PeriodFrom = today.AddDays(-120), PeriodTo = today, AsOf = now.AddSeconds(-1),
            Audience = audience, Classification = "CONFIDENTIAL",
        };
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public void APack_HasEverySectionHeading_TheNoticeTexts_TheKeyFigures_AndTheDemoWatermark()
    {
        var parameters = UkParameters(factory.Services);
        var generated = Packs.Generate(Officer, parameters);
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        var pdf = Packs.Pdf(generated.Value.Id)!;
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "compliancedashboard-evidence-pack.pdf"), pdf);
        var text = Text(pdf);

        foreach (var heading in EvidencePackDocument.Sections)
            Assert.Contains(heading, text);
        using (var pages = PdfDocument.Open(pdf))
            Assert.All(pages.GetPages(), page => Assert.Contains(EvidencePackDocument.DemoWatermark, page.Text));
        Assert.Contains(generated.Value.Id, text);

        // Figures computed here from the test's own reading of the store, not from the pack's snapshot.
        var objections = factory.Services.GetRequiredService<IObjectionRepository>().All()
            .Where(o => o.Jurisdiction == "UK" && DateOnly.FromDateTime(o.ReceivedAt) >= parameters.PeriodFrom && o.ReceivedAt <= parameters.AsOf)
            .ToList();
        Assert.Contains($"Received {objections.Count.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}", text);

        var notices = factory.Services.GetRequiredService<Core.Rollout.ICampaignRepository>().All().Where(c => c.JurisdictionCode == "UK")
            .SelectMany(c => factory.Services.GetRequiredService<Core.Rollout.ICampaignRepository>().NoticesOf(c.Id)).ToList();
        Assert.NotEmpty(notices);
        var flat = string.Join(" ", text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        foreach (var notice in notices)
            Assert.Contains(string.Join(" ", notice.Text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(12)), flat);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(generated.Value.PageCount, document.NumberOfPages);
        Assert.Contains("Evidence pack", document.Information.Title);
        Assert.StartsWith("ComplianceDashboard ", document.Information.Creator);
    }

    [Fact]
    public void AskingAgain_ReturnsTheStoredPack_AndRenderingTwiceGivesTheSameBytes()
    {
        var parameters = UkParameters(factory.Services);
        var first = Packs.Generate(Officer, parameters);
        var second = Packs.Generate(Officer, parameters);
        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(first.Value.GeneratedAt, second.Value.GeneratedAt);

        var prepared = Packs.Prepare(Officer, parameters).Value;
        var renderer = factory.Services.GetRequiredService<IEvidencePackRenderer>();
        var header = new EvidencePackHeader(prepared.Id, prepared.SnapshotSha256, EvidencePackService.AppVersion, prepared.Snapshot.Demo);
        var again = renderer.Render(header, prepared.Snapshot).Pdf;
        Assert.Equal(Packs.Pdf(first.Value.Id), again);
    }

    [Fact]
    public void EveryPage_RenderedWithPdftoppm_CarriesContent()
    {
        var generated = Packs.Generate(Officer, UkParameters(factory.Services) with { Classification = "pdftoppm" });
        var folder = Directory.CreateTempSubdirectory("pack-pages-");
        try
        {
            var pdfPath = Path.Combine(folder.FullName, "pack.pdf");
            File.WriteAllBytes(pdfPath, Packs.Pdf(generated.Value.Id)!);
            TestPrograms.Run("pdftoppm", ["-r", "30", "-gray", pdfPath, Path.Combine(folder.FullName, "page")]);
            var pages = folder.GetFiles("page-*.pgm").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(generated.Value.PageCount, pages.Count);
            foreach (var page in pages)
            {
                var pixels = GrayPixels(File.ReadAllBytes(page.FullName));
                var inked = pixels.Count(p => p < 200) / (double)pixels.Length;
                // Header, footer and watermark alone ink well under 1 %; a page with content inks more.
                Assert.True(inked > 0.01, $"{page.Name} looks blank ({inked:P1} inked).");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The pixels of a binary PGM (P5, 8-bit).</summary>
    private static byte[] GrayPixels(byte[] pgm)
    {
        var fields = 0;
        var i = 0;
        while (fields < 4)
        {
            while (char.IsWhiteSpace((char)pgm[i])) i++;
            if (pgm[i] == '#') { while (pgm[i] != '\n') i++; continue; }
            while (!char.IsWhiteSpace((char)pgm[i])) i++;
            fields++;
        }
        return pgm[(i + 1)..];
    }
}
