namespace ComplianceDashboard.Reports.Layout;

/// <summary>
/// What a report says about itself, and the fixed inputs that make its bytes reproducible: everything PDFsharp would
/// otherwise take from the clock or a random generator derives from <see cref="DocumentId"/> and <see cref="Timestamp"/>.
/// </summary>
public sealed record ReportSettings
{
    /// <summary>A stable identifier of the document (e.g. a pack id); seeds the trailer /ID, font subset tags and XMP ids.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The document's creation and modification time (UTC), e.g. the as-of time of what it reports.</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>The document title (metadata).</summary>
    public required string Title { get; init; }

    public string Subject { get; init; } = "";
    public string Author { get; init; } = "";
    public string Keywords { get; init; } = "";

    /// <summary>The application that made the document, with its version (metadata "Creator").</summary>
    public string Creator { get; init; } = "ComplianceDashboard";

    /// <summary>Text at the top left of every page (e.g. regulator and pack id).</summary>
    public string HeaderLeft { get; init; } = "";

    /// <summary>Text at the top right of every page (e.g. the classification).</summary>
    public string HeaderRight { get; init; } = "";

    /// <summary>Text at the bottom left of every page (e.g. version and content hash); "Page X of Y" is always at the right.</summary>
    public string FooterText { get; init; } = "";

    /// <summary>When set, drawn diagonally across every page (e.g. "DEMO DATA — NOT FOR REGULATORY USE").</summary>
    public string? Watermark { get; init; }
}

/// <summary>One column of a table: its header, its share of the table width and how its cells align.</summary>
public sealed record TableColumn(string Header, double Weight = 1, CellAlignment Alignment = CellAlignment.Left);

/// <summary>Horizontal alignment of table cells.</summary>
public enum CellAlignment { Left, Right, Center }

/// <summary>The typeface of a paragraph.</summary>
public enum TextStyle { Body, Emphasis, Small, Monospace }

/// <summary>A rendered report: the PDF bytes and how many pages it has.</summary>
public sealed record RenderedReport(byte[] Pdf, int PageCount);
