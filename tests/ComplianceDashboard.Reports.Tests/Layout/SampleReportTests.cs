using ComplianceDashboard.Reports.Probe;

namespace ComplianceDashboard.Reports.Tests.Layout;

/// <summary>
/// Writes the sample report for visual review: open it, or run
/// <c>pdftoppm -png -r 60 &lt;file&gt; /tmp/pdfcheck/page</c> and look at the pages.
/// </summary>
public class SampleReportTests
{
    [Fact]
    public void The_sample_report_renders_every_primitive_and_is_written_for_review()
    {
        var report = SampleReport.Build().Render();
        var path = Path.Combine(Path.GetTempPath(), "compliancedashboard-report-sample.pdf");
        File.WriteAllBytes(path, report.Pdf);

        var pdf = PdfText.Read(File.ReadAllBytes(path));
        Assert.Equal(report.PageCount, pdf.Pages.Count);
        Assert.True(pdf.Pages.Count >= 5);
        var all = string.Join("\n", pdf.Pages.Select(p => p.Text));
        foreach (var expected in new[] { "Legitimate interests assessment", "Contents", "3. Safeguards", "SG-056", "Objections over time", "Decision and sign-off", "Zoë", "João", "François", "“real and present”" })
            Assert.True(all.Contains(expected, StringComparison.Ordinal), $"missing: {expected}");
        Assert.All(pdf.Pages, page => Assert.Contains("DEMO DATA — NOT FOR REGULATORY USE", page.Text));
    }
}
