using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using static ComplianceDashboard.Reports.Layout.ReportTheme;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>
/// Lays out a report's blocks onto A4 pages in one pass, then draws what needs the whole layout (headers, footers with
/// "Page X of Y", contents page numbers, watermark) and saves reproducibly.
/// </summary>
internal sealed class ReportRenderer : IDisposable
{
    private readonly ReportSettings _settings;
    private readonly IReadOnlyList<Block> _blocks;
    private readonly PdfDocument _document = new();
    private readonly List<XGraphics> _pages = [];
    private readonly XGraphics _measure;
    private readonly TextWrapper _wrapper;
    private readonly Dictionary<object, (int Page, double Y)> _headingPositions = new(ReferenceEqualityComparer.Instance);
    private readonly List<(int Page, double Top, double Y, double TextEnd, HeadingBlock Heading)> _contentsEntries = [];
    private readonly PdfOutline?[] _outlineParents = new PdfOutline?[4];
    private readonly Dictionary<(double, bool, bool, bool), XFont> _fonts = [];

    private readonly XFont _body;
    private readonly XFont _bodyItalic;
    private readonly XFont _small;
    private readonly XFont _mono;
    private readonly XFont _table;
    private readonly XFont _tableBold;
    private readonly XFont _chrome;
    private readonly XBrush _ink = new XSolidBrush(Ink);
    private readonly XBrush _muted = new XSolidBrush(Muted);
    private readonly XBrush _accent = new XSolidBrush(Accent);
    private readonly XPen _rule = new(Rule, 0.5);

    private double _y;

    private ReportRenderer(ReportSettings settings, IReadOnlyList<Block> blocks)
    {
        _settings = settings;
        _blocks = blocks;
        _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        _wrapper = new TextWrapper(_measure);
        _body = Font(BodySize);
        _bodyItalic = Font(BodySize, italic: true);
        _small = Font(SmallSize);
        _mono = Font(BodySize - 1, mono: true);
        _table = Font(TableSize);
        _tableBold = Font(TableSize, bold: true);
        _chrome = Font(7.5);
    }

    /// <summary>One XFont instance per face and size for the whole render (the wrapper caches widths per instance).</summary>
    private XFont Font(double size, bool bold = false, bool italic = false, bool mono = false)
    {
        if (!_fonts.TryGetValue((size, bold, italic, mono), out var font))
            _fonts[(size, bold, italic, mono)] = font = ReportTheme.Font(size, bold, italic, mono);
        return font;
    }

    private XGraphics Gfx => _pages[^1];
    private int PageNumber => _pages.Count;

    public static RenderedReport Render(ReportSettings settings, IReadOnlyList<Block> blocks)
    {
        // PdfSharp.Charting (and any drawing callback that forgets a culture) formats numbers with the current culture:
        // fix it so that the server's locale never changes the bytes.
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            using var renderer = new ReportRenderer(settings, blocks);
            return renderer.Render();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private RenderedReport Render()
    {
        NewPage();
        for (var i = 0; i < _blocks.Count; i++)
        {
            switch (_blocks[i])
            {
                case TitleBlock title: LayOutTitle(title); break;
                case HeadingBlock heading: LayOutHeading(heading, LeadHeight(i + 1)); break;
                case ParagraphBlock paragraph: LayOutParagraph(paragraph); break;
                case KeyValueBlock keyValues: LayOutKeyValues(keyValues); break;
                case TableBlock table: LayOutTable(table); break;
                case ContentsBlock contents: LayOutContents(contents); break;
                case DrawingBlock drawing: LayOutDrawing(drawing); break;
                case PageBreakBlock: if (_y > ContentTop) NewPage(); break;
                case AttachmentBlock attachment: _document.AddEmbeddedFile(attachment.FileName, new MemoryStream(attachment.Content, writable: false)); break;
            }
        }
        DrawContentsPageNumbers();
        for (var page = 0; page < _pages.Count; page++)
            DrawPageChrome(_pages[page], page + 1);
        foreach (var gfx in _pages)
            gfx.Dispose();
        _pages.Clear();

        var pageCount = _document.PageCount;
        return new RenderedReport(ReproducibleSave.Save(_document, _settings), pageCount);
    }

    private void NewPage()
    {
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _pages.Add(XGraphics.FromPdfPage(page));
        _y = ContentTop;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits below the current position (or the page is empty).</summary>
    private void Ensure(double height)
    {
        if (_y + height > ContentBottom && _y > ContentTop)
            NewPage();
    }

    private void LayOutTitle(TitleBlock block)
    {
        var titleFont = Font(24, bold: true);
        foreach (var line in _wrapper.Wrap(block.Title, titleFont, ContentWidth))
        {
            Ensure(30);
            Gfx.DrawString(line, titleFont, _accent, MarginLeft, _y, XStringFormats.TopLeft);
            _y += 30;
        }
        if (!string.IsNullOrWhiteSpace(block.Subtitle))
        {
            _y += 4;
            var subtitleFont = Font(13);
            foreach (var line in _wrapper.Wrap(block.Subtitle, subtitleFont, ContentWidth))
            {
                Ensure(18);
                Gfx.DrawString(line, subtitleFont, _muted, MarginLeft, _y, XStringFormats.TopLeft);
                _y += 18;
            }
        }
        _y += 10;
        Gfx.DrawLine(new XPen(Accent, 1.5), MarginLeft, _y, MarginLeft + 64, _y);
        _y += 22;
    }

    /// <summary>The height the start of block <paramref name="index"/> needs, so that a heading is never left alone at the foot of a page.</summary>
    private double LeadHeight(int index) => index < _blocks.Count ? _blocks[index] switch
    {
        HeadingBlock heading => HeadingHeight(heading) + LeadHeight(index + 1),
        TableBlock table => GridLeadHeight(table.Columns, table.Rows, withHeader: true),
        KeyValueBlock keyValues => KeyValuesLeadHeight(keyValues),
        DrawingBlock drawing => drawing.Height,
        _ => 3 * BodyLeading,
    } : 0;

    private const double RuleGap = 2;

    private double HeadingHeight(HeadingBlock block)
    {
        var (size, leading, before, after) = Heading(block.Level);
        return before + _wrapper.Wrap(block.Text, Font(size, bold: true), ContentWidth).Count * leading + after + (block.Level == 1 ? RuleGap : 0);
    }

    private void LayOutHeading(HeadingBlock block, double following)
    {
        var (size, leading, before, after) = Heading(block.Level);
        var font = Font(size, bold: true);
        var lines = _wrapper.Wrap(block.Text, font, ContentWidth);
        // Keep the heading with the start of what follows.
        Ensure(HeadingHeight(block) + Math.Min(following, ContentBottom - ContentTop - 200));
        if (_y > ContentTop)
            _y += before;
        AddBookmark(block, _y);
        _headingPositions.TryAdd(block, (PageNumber, _y));
        foreach (var line in lines)
        {
            Ensure(leading); // only an absurdly long heading reaches the foot of a page
            Gfx.DrawString(line, font, block.Level == 3 ? _ink : _accent, MarginLeft, _y, XStringFormats.TopLeft);
            _y += leading;
        }
        if (block.Level == 1)
        {
            _y += RuleGap;
            Gfx.DrawLine(_rule, MarginLeft, _y, MarginLeft + ContentWidth, _y);
        }
        _y += after;
    }

    private void AddBookmark(HeadingBlock block, double y)
    {
        var parent = Enumerable.Range(1, block.Level - 1).Reverse().Select(level => _outlineParents[level]).FirstOrDefault(o => o is not null);
        var outlines = parent?.Outlines ?? _document.Outlines;
        var outline = outlines.Add(block.Text, _document.Pages[PageNumber - 1], block.Level == 1);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Top = Math.Round(PageHeight - y + 6, 2);
        outline.Left = 0;
        _outlineParents[block.Level] = outline;
        for (var deeper = block.Level + 1; deeper < _outlineParents.Length; deeper++)
            _outlineParents[deeper] = null;
    }

    private void LayOutParagraph(ParagraphBlock block)
    {
        var (font, leading) = block.Style switch
        {
            TextStyle.Emphasis => (_bodyItalic, BodyLeading),
            TextStyle.Small => (_small, SmallLeading),
            TextStyle.Monospace => (_mono, BodyLeading),
            _ => (_body, BodyLeading),
        };
        var brush = block.Style == TextStyle.Small ? _muted : _ink;
        var lines = _wrapper.Wrap(block.Text, font, ContentWidth);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            // No single first line at the foot of a page and no single last line at the head of the next.
            var keepTogether = lines.Count >= 2 && (i == 0 || i == lines.Count - 2) ? 2 : 1;
            Ensure(keepTogether * leading);
            if (line.Length == 0 && _y == ContentTop)
                continue; // a blank line would only indent the top of the page
            if (line.Length > 0)
                Gfx.DrawString(line, font, brush, MarginLeft, _y + (leading - font.Size) / 2, XStringFormats.TopLeft);
            _y += leading;
        }
        _y += ParagraphSpacing;
    }

    private static readonly TableColumn[] KeyValueColumns = [new("", 1), new("", 2.6)];

    private static IReadOnlyList<string> KeyValueRow(KeyValuePair<string, string> item) => [item.Key, item.Value];

    /// <summary>A short list of facts (a cover block, the integrity appendix) is kept on one page with its heading.</summary>
    private const int KeptTogetherFacts = 10;

    private double KeyValuesLeadHeight(KeyValueBlock block)
    {
        var rows = block.Items.Select(KeyValueRow).ToList();
        if (rows.Count > KeptTogetherFacts) return GridLeadHeight(KeyValueColumns, rows.Take(1).ToList(), withHeader: false);
        var grid = Geometry(KeyValueColumns, withHeader: false);
        return rows.Sum(row => WrapRow(grid, row).Max(lines => lines.Count) * TableLeading + 2 * CellPaddingY);
    }

    private void LayOutKeyValues(KeyValueBlock block)
    {
        if (block.Items.Count <= KeptTogetherFacts) Ensure(KeyValuesLeadHeight(block));
        LayOutGrid(KeyValueColumns, block.Items.Select(KeyValueRow).ToList(), withHeader: false);
    }

    private void LayOutTable(TableBlock block) => LayOutGrid(block.Columns, block.Rows, withHeader: true);

    private sealed record GridGeometry(double[] Widths, double[] TextWidths, List<string>[]? Header, double HeaderHeight, XFont KeyFont);

    private GridGeometry Geometry(IReadOnlyList<TableColumn> columns, bool withHeader)
    {
        var totalWeight = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => ContentWidth * c.Weight / totalWeight).ToArray();
        var textWidths = widths.Select(w => Math.Max(1, w - 2 * CellPaddingX)).ToArray();
        var header = withHeader ? columns.Select((c, i) => _wrapper.Wrap(c.Header, _tableBold, textWidths[i])).ToArray() : null;
        var headerHeight = header is null ? 0 : header.Max(lines => lines.Count) * TableLeading + 2 * CellPaddingY;
        return new GridGeometry(widths, textWidths, header, headerHeight, withHeader ? _table : _tableBold);
    }

    private List<string>[] WrapRow(GridGeometry grid, IReadOnlyList<string> row) =>
        row.Select((text, c) => _wrapper.Wrap(text, c == 0 ? grid.KeyFont : _table, grid.TextWidths[c])).ToArray();

    /// <summary>A table's header with its first row (or the first three lines of a long one).</summary>
    private double GridLeadHeight(IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, bool withHeader)
    {
        var grid = Geometry(columns, withHeader);
        var firstRowLines = rows.Count == 0 ? 0 : Math.Min(3, WrapRow(grid, rows[0]).Max(l => l.Count));
        return grid.HeaderHeight + firstRowLines * TableLeading + 2 * CellPaddingY;
    }

    private void LayOutGrid(IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, bool withHeader)
    {
        var grid = Geometry(columns, withHeader);
        var (widths, header, headerHeight, keyFont) = (grid.Widths, grid.Header, grid.HeaderHeight, grid.KeyFont);

        void DrawHeader()
        {
            if (header is null)
                return;
            Gfx.DrawRectangle(new XSolidBrush(HeaderFill), MarginLeft, _y, ContentWidth, headerHeight);
            var x = MarginLeft;
            for (var c = 0; c < columns.Count; c++)
            {
                DrawCellLines(header[c], 0, header[c].Count, _tableBold, _ink, x, widths[c], columns[c].Alignment);
                x += widths[c];
            }
            _y += headerHeight;
            Gfx.DrawLine(new XPen(Muted, 0.75), MarginLeft, _y, MarginLeft + ContentWidth, _y);
        }

        Ensure(GridLeadHeight(columns, rows, withHeader));
        if (!withHeader)
            Gfx.DrawLine(_rule, MarginLeft, _y, MarginLeft + ContentWidth, _y);
        DrawHeader();
        var rowsOnPage = 0;
        var freshPage = false;

        for (var r = 0; r < rows.Count; r++)
        {
            var cells = WrapRow(grid, rows[r]);
            var lineCount = cells.Max(lines => lines.Count);
            var fullPage = ContentBottom - ContentTop - headerHeight;
            var start = 0;
            while (start < lineCount)
            {
                var remaining = lineCount - start;
                var fit = (int)Math.Floor((ContentBottom - _y - 2 * CellPaddingY) / TableLeading);
                if (freshPage)
                    fit = Math.Max(fit, 1); // a header taller than a page must not send rows to new pages forever
                var wholeRowFitsOnAFreshPage = start == 0 && remaining * TableLeading + 2 * CellPaddingY <= fullPage;
                if (fit < remaining && (fit < 1 || (wholeRowFitsOnAFreshPage && rowsOnPage > 0)))
                {
                    NewPage();
                    DrawHeader();
                    rowsOnPage = 0;
                    freshPage = true;
                    continue;
                }
                var count = Math.Min(fit, remaining);
                var height = count * TableLeading + 2 * CellPaddingY;
                if (withHeader && r % 2 == 1)
                    Gfx.DrawRectangle(new XSolidBrush(StripeFill), MarginLeft, _y, ContentWidth, height);
                var x = MarginLeft;
                for (var c = 0; c < columns.Count; c++)
                {
                    DrawCellLines(cells[c], start, count, c == 0 ? keyFont : _table, c == 0 && !withHeader ? _muted : _ink, x, widths[c], columns[c].Alignment);
                    x += widths[c];
                }
                _y += height;
                Gfx.DrawLine(_rule, MarginLeft, _y, MarginLeft + ContentWidth, _y);
                rowsOnPage++;
                freshPage = false;
                start += count;
                if (start < lineCount)
                {
                    NewPage();
                    DrawHeader();
                    rowsOnPage = 0;
                    freshPage = true;
                }
            }
        }
        _y += ParagraphSpacing + 4;
    }

    private void DrawCellLines(List<string> lines, int start, int count, XFont font, XBrush brush, double x, double width, CellAlignment alignment)
    {
        var y = _y + CellPaddingY;
        for (var i = start; i < Math.Min(lines.Count, start + count); i++)
        {
            var line = lines[i];
            if (line.Length > 0)
            {
                var textX = alignment switch
                {
                    CellAlignment.Right => x + width - CellPaddingX - _wrapper.Width(line, font),
                    CellAlignment.Center => x + (width - _wrapper.Width(line, font)) / 2,
                    _ => x + CellPaddingX,
                };
                Gfx.DrawString(line, font, brush, textX, y + (TableLeading - font.Size) / 2, XStringFormats.TopLeft);
            }
            y += TableLeading;
        }
    }

    private void LayOutContents(ContentsBlock block)
    {
        LayOutHeading(new HeadingBlock(block.Title, 1), 3 * BodyLeading);
        const double numberColumn = 36;
        foreach (var heading in _blocks.OfType<HeadingBlock>().Where(h => h.Level <= block.MaxLevel))
        {
            var indent = (heading.Level - 1) * 16;
            var font = heading.Level == 1 ? Font(BodySize, bold: true) : _body;
            var gap = heading.Level == 1 ? 5 : 1;
            var lines = _wrapper.Wrap(heading.Text, font, ContentWidth - indent - numberColumn);
            Ensure(gap + lines.Count * BodyLeading);
            _y += gap;
            var (firstPage, top) = (PageNumber, _y);
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(BodyLeading);
                Gfx.DrawString(lines[i], font, _ink, MarginLeft + indent, _y + (BodyLeading - font.Size) / 2, XStringFormats.TopLeft);
                if (i == lines.Count - 1)
                    _contentsEntries.Add((PageNumber, PageNumber == firstPage ? top : _y, _y, MarginLeft + indent + _wrapper.Width(lines[i], font), heading));
                _y += BodyLeading;
            }
        }
        _y += ParagraphSpacing + 6;
    }

    /// <summary>Page numbers are known only once everything is laid out: draw them (with dotted leaders) and link each entry to its heading.</summary>
    private void DrawContentsPageNumbers()
    {
        var leader = new XPen(Rule, 0.8) { DashStyle = XDashStyle.Dot };
        foreach (var (page, top, y, textEnd, heading) in _contentsEntries)
        {
            if (!_headingPositions.TryGetValue(heading, out var position))
                continue;
            var target = position.Page;
            var gfx = _pages[page - 1];
            var number = target.ToString(CultureInfo.InvariantCulture);
            var numberX = MarginLeft + ContentWidth - _wrapper.Width(number, _body);
            var baseline = y + BodyLeading - 4;
            if (numberX - 6 > textEnd + 6)
                gfx.DrawLine(leader, textEnd + 6, baseline, numberX - 6, baseline);
            gfx.DrawString(number, _body, _ink, numberX, y + (BodyLeading - BodySize) / 2, XStringFormats.TopLeft);
            // Link annotations get a random /NM and the clock's /M: ReproducibleSave normalises both.
            var area = new PdfRectangle(new XPoint(MarginLeft, PageHeight - (y + BodyLeading)), new XPoint(MarginLeft + ContentWidth, PageHeight - top));
            _document.Pages[page - 1].AddDocumentLink(area, target, new XPoint(0, Math.Round(PageHeight - position.Y + 6, 2)));
        }
    }

    private void LayOutDrawing(DrawingBlock block)
    {
        Ensure(block.Height);
        var box = new XRect(MarginLeft, _y, ContentWidth, block.Height);
        var state = Gfx.Save();
        block.Draw(Gfx, box);
        Gfx.Restore(state);
        _y += block.Height + ParagraphSpacing + 4;
    }

    private void DrawPageChrome(XGraphics gfx, int page)
    {
        const double headerBaseline = 44;
        const double footerTop = PageHeight - 50;
        var right = MarginLeft + ContentWidth;
        if (_settings.HeaderLeft.Length > 0 || _settings.HeaderRight.Length > 0)
        {
            gfx.DrawString(_settings.HeaderLeft, _chrome, _muted, MarginLeft, headerBaseline, XStringFormats.BottomLeft);
            gfx.DrawString(_settings.HeaderRight, Font(7.5, bold: true), _muted, right, headerBaseline, XStringFormats.BottomRight);
            gfx.DrawLine(_rule, MarginLeft, headerBaseline + 6, right, headerBaseline + 6);
        }
        gfx.DrawLine(_rule, MarginLeft, footerTop, right, footerTop);
        var pageText = string.Create(CultureInfo.InvariantCulture, $"Page {page} of {_pages.Count}");
        gfx.DrawString(pageText, _chrome, _muted, right, footerTop + 8, XStringFormats.TopRight);
        var footerWidth = ContentWidth - _wrapper.Width(pageText, _chrome) - 24;
        var footerY = footerTop + 8;
        foreach (var line in _wrapper.Wrap(_settings.FooterText, _chrome, footerWidth).Take(2))
        {
            gfx.DrawString(line, _chrome, _muted, MarginLeft, footerY, XStringFormats.TopLeft);
            footerY += 10;
        }
        if (!string.IsNullOrWhiteSpace(_settings.Watermark))
            DrawWatermark(gfx, _settings.Watermark);
    }

    private void DrawWatermark(XGraphics gfx, string text)
    {
        var angle = -Math.Atan2(PageHeight, PageWidth) * 180 / Math.PI;
        var diagonal = Math.Sqrt(PageWidth * PageWidth + PageHeight * PageHeight);
        var probe = Font(60, bold: true);
        var size = Math.Round(Math.Min(72, 60 * diagonal * 0.78 / _wrapper.Width(text, probe)), 1);
        var state = gfx.Save();
        gfx.TranslateTransform(PageWidth / 2, PageHeight / 2);
        gfx.RotateTransform(angle);
        gfx.DrawString(text, Font(size, bold: true), new XSolidBrush(WatermarkInk), 0, 0, XStringFormats.Center);
        gfx.Restore(state);
    }

    public void Dispose()
    {
        foreach (var gfx in _pages)
            gfx.Dispose();
        _measure.Dispose();
        _document.Dispose();
    }
}
