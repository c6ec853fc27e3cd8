using ComplianceDashboard.Reports.Layout;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace ComplianceDashboard.Reports.Tests.Layout;

public class PageChromeTests
{
    [Fact]
    public void Every_page_says_page_x_of_y_with_the_right_numbers()
    {
        var report = TestReports.New().Paragraph(TestReports.NumberedWords(40_000, out _)).Render();
        var pdf = PdfText.Read(report.Pdf);

        Assert.True(pdf.Pages.Count > 2);
        Assert.Equal(pdf.Pages.Count, report.PageCount);
        Assert.All(pdf.Pages, page => Assert.Contains($"Page {page.Number} of {pdf.Pages.Count}", page.Text));
    }

    [Fact]
    public void Every_page_carries_the_header_and_footer_texts()
    {
        var pdf = PdfText.Read(TestReports.New().Paragraph(TestReports.NumberedWords(20_000, out _)).Render().Pdf);

        Assert.All(pdf.Pages, page =>
        {
            Assert.Contains("Layout tests", page.Text);
            Assert.Contains("INTERNAL", page.Text);
            Assert.Contains("Version 1 · SHA-256 0123456789abcdef", page.Text);
        });
    }

    [Fact]
    public void The_watermark_is_on_every_page_when_requested()
    {
        const string watermark = "DEMO DATA — NOT FOR REGULATORY USE";
        var pdf = PdfText.Read(TestReports.New(watermark).Paragraph(TestReports.NumberedWords(20_000, out _)).Render().Pdf);

        Assert.True(pdf.Pages.Count > 1);
        Assert.All(pdf.Pages, page => Assert.Contains(watermark, page.Text));
    }

    [Fact]
    public void There_is_no_watermark_when_none_is_requested()
    {
        var pdf = PdfText.Read(TestReports.New().Paragraph(TestReports.NumberedWords(20_000, out _)).Render().Pdf);

        Assert.All(pdf.Pages, page => Assert.DoesNotContain("DEMO", page.Text));
    }

    [Fact]
    public void Headings_become_nested_bookmarks_pointing_at_their_pages()
    {
        var report = TestReports.New()
            .Heading("Purpose test").Heading("Legitimate interest", 2).Heading("Evidence", 3)
            .PageBreak()
            .Heading("Necessity test").Heading("Alternatives", 2)
            .Render();

        using var document = PdfDocument.Open(report.Pdf);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var roots = bookmarks.Roots.Cast<DocumentBookmarkNode>().ToList();
        Assert.Equal(["Purpose test", "Necessity test"], roots.Select(r => r.Title));
        Assert.Equal([1, 2], roots.Select(r => r.PageNumber));
        var interest = Assert.IsType<DocumentBookmarkNode>(Assert.Single(roots[0].Children));
        Assert.Equal("Legitimate interest", interest.Title);
        Assert.Equal("Evidence", Assert.Single(interest.Children).Title);
        Assert.Equal("Alternatives", Assert.Single(roots[1].Children).Title);
    }

    [Fact]
    public void The_contents_list_gives_each_heading_the_page_it_starts_on()
    {
        var report = TestReports.New()
            .Title("Evidence", "Contents test")
            .Contents()
            .PageBreak().Heading("Alpha section").Paragraph(TestReports.NumberedWords(12_000, out _))
            .Heading("Bravo section").Paragraph("Short.")
            .Heading("Charlie detail", 2).Paragraph(TestReports.NumberedWords(12_000, out _))
            .Heading("Delta detail", 3)
            .Render();
        var pdf = PdfText.Read(report.Pdf);

        int PageOf(string heading) => pdf.Pages.Skip(1).First(p => p.Text.Contains(heading, StringComparison.Ordinal)).Number;
        var contents = pdf.Pages[0].Words.ToList();
        int ListedPage(string firstWord)
        {
            var entry = contents.Single(w => w.Text == firstWord);
            var number = contents.Single(w => Math.Abs(w.BoundingBox.Bottom - entry.BoundingBox.Bottom) < 1 && w.Text.All(char.IsDigit));
            return int.Parse(number.Text);
        }

        Assert.Equal(PageOf("Alpha section"), ListedPage("Alpha"));
        Assert.Equal(PageOf("Bravo section"), ListedPage("Bravo"));
        Assert.Equal(PageOf("Charlie detail"), ListedPage("Charlie"));
        Assert.DoesNotContain(contents, w => w.Text == "Delta");
        Assert.True(PageOf("Charlie detail") > PageOf("Alpha section"));
    }

    [Fact]
    public void Each_contents_entry_is_a_link_over_its_line()
    {
        var report = TestReports.New().Contents().PageBreak()
            .Heading("Alpha section").Paragraph("a").Heading("Bravo section").Paragraph("b").Render();

        using var document = PdfDocument.Open(report.Pdf);
        var page = document.GetPage(1);
        var links = page.GetAnnotations().Where(a => a.Type == UglyToad.PdfPig.Annotations.AnnotationType.Link).ToList();
        Assert.Equal(2, links.Count);
        foreach (var title in new[] { "Alpha", "Bravo" })
        {
            var word = page.GetWords().Single(w => w.Text == title);
            var centre = word.BoundingBox.Centroid;
            Assert.Single(links, link => link.Rectangle.Left <= centre.X && centre.X <= link.Rectangle.Right
                && link.Rectangle.Bottom <= centre.Y && centre.Y <= link.Rectangle.Top);
        }
    }

    [Fact]
    public void A_drawing_gets_the_box_it_reserved_below_the_previous_content()
    {
        XRectHolder box = new();
        var report = TestReports.New().Paragraph("Before the chart.").Drawing(120, (gfx, rect) => box.Rect = rect).Paragraph("After the chart.").Render();
        var pdf = PdfText.Read(report.Pdf);

        Assert.Equal(120, box.Rect.Height);
        Assert.Equal(595.276 - 124, box.Rect.Width, 0.5);
        var before = pdf.Pages[0].Words.Single(w => w.Text == "Before");
        var after = pdf.Pages[0].Words.Single(w => w.Text == "After");
        Assert.True(before.BoundingBox.Bottom - after.BoundingBox.Top >= 120, "the text after the drawing should be below its box");
    }

    private sealed class XRectHolder
    {
        public PdfSharp.Drawing.XRect Rect { get; set; }
    }
}
