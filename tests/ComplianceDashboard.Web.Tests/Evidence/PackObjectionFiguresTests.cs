using System.Globalization;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The pack's objection section read back from the PDF: the rate in its one format, the daily figures with their zeros.</summary>
public sealed class PackObjectionFiguresTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private EvidencePackService Packs => factory.Services.GetRequiredService<EvidencePackService>();

    private (EvidencePack Pack, byte[] Pdf) Generate()
    {
        var result = Packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "objection figures" });
        Assert.True(result.Succeeded, result.Failure?.Message);
        return (result.Value, Packs.Pdf(result.Value.Id)!);
    }

    private static string Attachment(byte[] pdf, string name)
    {
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.Advanced.TryGetEmbeddedFiles(out var files));
        return System.Text.Encoding.UTF8.GetString(files.Single(f => f.Name == name).Bytes.ToArray());
    }

    [Fact]
    public void TheObjectionRate_IsPrintedWithItsSignificantDigits_NeverAsZero()
    {
        var (pack, pdf) = Generate();
        var rate = Packs.Prepare(EvidencePackGenerationTests.Officer, pack.Parameters).Value.Snapshot.Objections!.ObjectionRate!.Value;
        Assert.InRange(rate, 1e-9, 1e-4); // a few hundred objections among millions displayed

        using var document = PdfDocument.Open(pdf);
        var words = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        var kpis = Attachment(pdf, "objection-kpis.csv");

        var printed = ObjectionRateFormat.Percent(rate);
        Assert.Matches(@"^0\.0*[1-9]\d%$", printed);
        Assert.Contains($"displayed) {printed}", words);
        Assert.Contains($"{printed}\r\n", kpis);
        Assert.DoesNotContain("0.000 %", words);
    }

    [Fact]
    public void TheDailyFigures_ListEveryDayOfThePeriod_WithTheRecordsCounts_AndZeroOnQuietDays()
    {
        var (pack, pdf) = Generate();
        var p = pack.Parameters;
        var received = factory.Services.GetRequiredService<IObjectionRepository>().All()
            .Where(o => o.Jurisdiction == "UK").GroupBy(o => DateOnly.FromDateTime(o.ReceivedAt)).ToDictionary(g => g.Key, g => g.Count());

        var rows = Attachment(pdf, "objections-daily.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Select(c => (Day: DateOnly.ParseExact(c[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), Received: int.Parse(c[1], CultureInfo.InvariantCulture), Honoured: int.Parse(c[2], CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal(p.PeriodFrom, rows[0].Day);
        Assert.Equal(DateOnly.FromDateTime(p.AsOf), rows[^1].Day);
        Assert.All(rows.Zip(rows.Skip(1)), pair => Assert.Equal(pair.First.Day.AddDays(1), pair.Second.Day));
        Assert.All(rows, r => Assert.Equal(received.GetValueOrDefault(r.Day), r.Received));
        Assert.Contains(rows, r => r is { Received: 0, Honoured: 0 });
    }
}
