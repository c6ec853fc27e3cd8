using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Tests.Layout;

public class TextFlowTests
{
    [Fact]
    public void A_long_paragraph_wraps_onto_several_lines_inside_the_margins()
    {
        var text = TestReports.NumberedWords(2_000, out var count);

        var pdf = PdfText.Read(TestReports.New().Paragraph(text).Render().Pdf);

        var words = pdf.Pages[0].Words.Where(w => w.Text.StartsWith('w') && w.Text.Length == 7).ToList();
        Assert.Equal(count, words.Count);
        Assert.True(words.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() > 10, "the paragraph should span many lines");
        Assert.All(words, w =>
        {
            Assert.InRange(w.BoundingBox.Left, TestReports.MarginLeft - 0.5, TestReports.PageWidth - TestReports.MarginRight);
            Assert.InRange(w.BoundingBox.Right, TestReports.MarginLeft, TestReports.PageWidth - TestReports.MarginRight + 0.5);
        });
    }

    [Fact]
    public void A_100_KB_paragraph_continues_over_several_pages_with_every_word_present()
    {
        var text = TestReports.NumberedWords(100_000, out var count);

        var report = TestReports.New().Heading("Answer").Paragraph(text).Render();
        var pdf = PdfText.Read(report.Pdf);

        Assert.True(report.PageCount >= 5, $"expected at least 5 pages, got {report.PageCount}");
        var words = pdf.Words.Where(w => w.StartsWith('w') && w.Length == 7).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"w{i:D6}"), words);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_broken_and_kept_inside_the_margins()
    {
        var token = string.Concat(Enumerable.Repeat("0123456789abcdef", 40));

        var pdf = PdfText.Read(TestReports.New().Paragraph(token).Render().Pdf);

        // Only the body: the footer also holds hex digits.
        var pieces = pdf.Pages[0].Words.Where(w => w.BoundingBox.Bottom > 100 && w.Text.All(char.IsAsciiHexDigit)).ToList();
        Assert.Equal(token, string.Concat(pieces.Select(w => w.Text)));
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, w => Assert.True(w.BoundingBox.Right <= TestReports.PageWidth - TestReports.MarginRight + 0.5));
    }

    [Fact]
    public void Explicit_newlines_start_new_lines()
    {
        var pdf = PdfText.Read(TestReports.New().Paragraph("alpha\nbravo\r\ncharlie").Render().Pdf);

        var lines = new[] { "alpha", "bravo", "charlie" }
            .Select(text => pdf.Pages[0].Words.Single(w => w.Text == text).BoundingBox)
            .ToList();
        Assert.True(lines[0].Bottom > lines[1].Bottom && lines[1].Bottom > lines[2].Bottom);
        Assert.All(lines, box => Assert.Equal(TestReports.MarginLeft, box.Left, 0.5));
    }

    [Fact]
    public void Special_characters_render_and_extract_unchanged()
    {
        const string text = "Fee £12.50 — café, São Paulo, façade, § 4 – “quoted” and ‘single’; <script>alert(1)</script>";

        var pdf = PdfText.Read(TestReports.New().Heading("Café § £").Paragraph(text).KeyValues(("Prix", "ç ã é £")).Render().Pdf);

        Assert.Contains(text, pdf.Pages[0].Text);
        Assert.Contains("Café § £", pdf.Pages[0].Text);
        Assert.Contains("ç ã é £", pdf.Pages[0].Text);
    }

    [Fact]
    public void Every_font_in_the_document_is_an_embedded_subset_of_a_Liberation_face()
    {
        var pdf = PdfText.Read(TestReports.New(watermark: "DRAFT").Heading("Fonts").Paragraph("Regular").Paragraph("Italic", TextStyle.Emphasis)
            .Paragraph("0123abcd", TextStyle.Monospace).Render().Pdf);

        var fonts = pdf.Pages.SelectMany(p => p.FontNames).Distinct().ToList();
        Assert.Contains(fonts, f => f.EndsWith("+Liberation Sans,Bold", StringComparison.Ordinal));
        Assert.Contains(fonts, f => f.EndsWith("+Liberation Mono", StringComparison.Ordinal));
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+Liberation", f));
    }

    // The content area is 691.89 pt high; a drawing uses its height plus 11 pt; body lines are 14.5 pt.
    private const double ContentHeight = 841.89 - 78 - 72;

    private static Dictionary<int, int> LinesPerPage(ReportBuilder report)
    {
        var pdf = PdfText.Read(report.Render().Pdf);
        return pdf.Pages.ToDictionary(
            page => page.Number,
            page => page.Words.Where(w => w.Text.StartsWith("line", StringComparison.Ordinal)).Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count());
    }

    private static string FiveLines => "line1\nline2\nline3\nline4\nline5";

    [Fact]
    public void A_paragraph_does_not_leave_its_first_line_alone_at_the_foot_of_a_page()
    {
        // Room for one and a half lines below the drawing.
        var report = TestReports.New().Drawing(ContentHeight - 11 - 1.5 * 14.5, (_, _) => { }).Paragraph(FiveLines);

        Assert.Equal(new Dictionary<int, int> { [1] = 0, [2] = 5 }, LinesPerPage(report));
    }

    [Fact]
    public void A_paragraph_does_not_leave_its_last_line_alone_at_the_head_of_a_page()
    {
        // Room for four and a half lines below the drawing.
        var report = TestReports.New().Drawing(ContentHeight - 11 - 4.5 * 14.5, (_, _) => { }).Paragraph(FiveLines);

        Assert.Equal(new Dictionary<int, int> { [1] = 3, [2] = 2 }, LinesPerPage(report));
    }
}
