using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>The content a <see cref="ReportBuilder"/> collects, laid out only when the report is rendered.</summary>
internal abstract record Block;

internal sealed record TitleBlock(string Title, string? Subtitle) : Block;

internal sealed record HeadingBlock(string Text, int Level) : Block;

internal sealed record ParagraphBlock(string Text, TextStyle Style) : Block;

internal sealed record KeyValueBlock(IReadOnlyList<KeyValuePair<string, string>> Items) : Block;

internal sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

internal sealed record ContentsBlock(string Title, int MaxLevel) : Block;

internal sealed record DrawingBlock(double Height, Action<XGraphics, XRect> Draw) : Block;

internal sealed record PageBreakBlock : Block;

/// <summary>A file embedded in the PDF (e.g. the CSV behind a table); not laid out.</summary>
internal sealed record AttachmentBlock(string FileName, byte[] Content) : Block;
