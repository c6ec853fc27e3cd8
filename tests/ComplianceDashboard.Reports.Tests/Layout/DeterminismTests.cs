using System.Diagnostics;
using System.Text;
using ComplianceDashboard.Reports.Layout;
using ComplianceDashboard.Reports.Probe;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Reports.Tests.Layout;

public class DeterminismTests
{
    [Fact]
    public void Rendering_the_same_report_twice_gives_identical_bytes()
    {
        var first = SampleReport.Build().Render().Pdf;
        var second = SampleReport.Build().Render().Pdf;

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Rendering_on_other_threads_at_the_same_time_gives_identical_bytes()
    {
        var expected = SampleReport.Build().Render().Pdf;

        var renders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SampleReport.Build().Render().Pdf)));

        Assert.All(renders, render => Assert.Equal(expected, render));
    }

    [Fact]
    public void A_second_process_in_another_time_zone_and_culture_renders_identical_bytes()
    {
        var expected = SampleReport.Build().Render().Pdf;
        var output = Path.Combine(Path.GetTempPath(), $"reports-probe-{Guid.NewGuid():N}.pdf");
        try
        {
            var probe = Path.Combine(AppContext.BaseDirectory, "ReportsProbe", "ComplianceDashboard.Reports.Probe.dll");
            Assert.True(File.Exists(probe), $"The reports probe was not found at {probe}; the CopyReportsProbe target should have put it there.");
            var start = new ProcessStartInfo("dotnet") { ArgumentList = { probe, output }, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["TZ"] = "Pacific/Auckland";
            start.Environment["LANG"] = "de_DE.UTF-8";
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the probe did not finish in time");
            Assert.True(process.ExitCode == 0, $"the probe failed ({process.ExitCode}): {errors}");

            Assert.Equal(expected, File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Dates_and_ids_come_from_the_settings_not_the_clock()
    {
        var pdf = TestReports.New(documentId: "pack-42").Heading("Dates").Render().Pdf;
        var raw = Encoding.Latin1.GetString(pdf);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal("D:20260314104200+00'00'", document.Information.CreationDate);
        Assert.Equal("D:20260314104200+00'00'", document.Information.ModifiedDate);
        Assert.Equal("ComplianceDashboard tests", document.Information.Creator);
        Assert.Contains("<xmp:CreateDate>2026-03-14T10:42:00Z</xmp:CreateDate>", raw);
    }

    [Fact]
    public void A_different_document_id_changes_the_trailer_id_font_tags_and_xmp_ids_but_nothing_else()
    {
        var a = TestReports.New(documentId: "pack-a").Heading("Same content").Paragraph("Body £ é").Render().Pdf;
        var b = TestReports.New(documentId: "pack-b").Heading("Same content").Paragraph("Body £ é").Render().Pdf;

        Assert.Equal(a.Length, b.Length);
        Assert.NotEqual(a, b);
        var differing = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        var text = Encoding.Latin1.GetString(a);
        // Every differing byte lies in the trailer /ID, a subset tag or an XMP uuid.
        var allowed = System.Text.RegularExpressions.Regex.Matches(text, @"/ID\s*\[<[0-9A-F]+><[0-9A-F]+>\]|/[A-Z]{6}\+|uuid:[0-9a-f\-]{36}")
            .SelectMany(m => Enumerable.Range(m.Index, m.Length)).ToHashSet();
        Assert.All(differing, i => Assert.Contains(i, allowed));
    }

    [Fact]
    public void Attachments_are_embedded_with_the_settings_timestamp_as_their_dates()
    {
        var csv = Encoding.UTF8.GetBytes("week,objections\nW1,120\nW2,340\n");
        var pdf = TestReports.New().Heading("Figures").Attachment("objections.csv", csv).Render().Pdf;

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.Advanced.TryGetEmbeddedFiles(out var files));
        var file = Assert.Single(files);
        Assert.Equal("objections.csv", file.Name);
        Assert.Equal(csv, file.Bytes.ToArray());
        var raw = Encoding.Latin1.GetString(pdf);
        var dates = System.Text.RegularExpressions.Regex.Matches(raw, @"/(?:CreationDate|ModDate)\s*\((D:[^)]*)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, dates.Count); // document information and the embedded file's parameters
        Assert.All(dates, date => Assert.Equal("D:20260314104200+00'00'", date));
    }
}
