using PdfSharp.Charting;
using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>
/// Builds an A4 report top to bottom: title, headings (with bookmarks), paragraphs, key–value blocks, tables, a contents
/// list and drawings. Content is collected first and laid out by <see cref="Render"/>, which breaks pages, repeats table
/// headers, numbers pages ("Page X of Y") and produces the same bytes for the same content and settings.
/// </summary>
public sealed class ReportBuilder(ReportSettings settings)
{
    private readonly List<Block> _blocks = [];

    public ReportSettings Settings { get; } = settings;

    /// <summary>A document title with an optional subtitle, set large at the current position (usually the first page).</summary>
    public ReportBuilder Title(string title, string? subtitle = null) => Add(new TitleBlock(title, subtitle));

    /// <summary>A heading of level 1, 2 or 3; it also becomes a PDF bookmark nested under the previous higher level.</summary>
    public ReportBuilder Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        return Add(new HeadingBlock(text, level));
    }

    /// <summary>Wrapped text; newlines start new lines, blank lines leave a gap; long text continues on the next pages.</summary>
    public ReportBuilder Paragraph(string text, TextStyle style = TextStyle.Body) => Add(new ParagraphBlock(text, style));

    /// <summary>Labels and values in two columns (values wrap).</summary>
    public ReportBuilder KeyValues(IEnumerable<KeyValuePair<string, string>> items) => Add(new KeyValueBlock([.. items]));

    /// <summary>Labels and values in two columns (values wrap).</summary>
    public ReportBuilder KeyValues(params (string Key, string Value)[] items) =>
        KeyValues(items.Select(item => KeyValuePair.Create(item.Key, item.Value)));

    /// <summary>A table with a header row repeated on every page it spans; cells wrap; rows are striped.</summary>
    public ReportBuilder Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (columns.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        var copy = rows.ToList();
        if (copy.FirstOrDefault(row => row.Count != columns.Count) is { } bad)
            throw new ArgumentException($"Every row needs {columns.Count} cells; one has {bad.Count}.", nameof(rows));
        return Add(new TableBlock(columns, copy));
    }

    /// <summary>A contents list of the headings up to <paramref name="maxLevel"/> with their page numbers.</summary>
    public ReportBuilder Contents(string title = "Contents", int maxLevel = 2) => Add(new ContentsBlock(title, maxLevel));

    /// <summary>Reserves a box of the full content width and <paramref name="height"/> points and lets <paramref name="draw"/> paint it.</summary>
    public ReportBuilder Drawing(double height, Action<XGraphics, XRect> draw)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, ReportTheme.ContentBottom - ReportTheme.ContentTop);
        return Add(new DrawingBlock(height, draw));
    }

    /// <summary>A PdfSharp.Charting chart drawn (without a frame) in a box of the full content width and <paramref name="height"/> points.</summary>
    public ReportBuilder Chart(Chart chart, double height) => Drawing(height, (gfx, box) =>
    {
        var frame = new ChartFrame(box);
        frame.Add(chart);
        frame.DrawChart(gfx);
    });

    /// <summary>Embeds a file in the PDF (shown in a viewer's attachments panel), e.g. the CSV figures behind a table or chart.</summary>
    public ReportBuilder Attachment(string fileName, byte[] content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (_blocks.OfType<AttachmentBlock>().Any(a => a.FileName == fileName))
            throw new ArgumentException($"An attachment named {fileName} already exists.", nameof(fileName));
        return Add(new AttachmentBlock(fileName, [.. content]));
    }

    /// <summary>Starts a new page (nothing happens at the top of an empty page).</summary>
    public ReportBuilder PageBreak() => Add(new PageBreakBlock());

    /// <summary>Lays the content out and returns the PDF.</summary>
    public RenderedReport Render() => ReportRenderer.Render(Settings, _blocks);

    private ReportBuilder Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }
}
