using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Tests.Layout;

/// <summary>Builders for the reports the layout tests render.</summary>
internal static class TestReports
{
    public static readonly DateTime Timestamp = new(2026, 3, 14, 10, 42, 0, DateTimeKind.Utc);

    // A4 in points and the layer's horizontal margins (ReportTheme).
    public const double PageWidth = 595.276;
    public const double MarginLeft = 62;
    public const double MarginRight = 62;

    public static ReportBuilder New(string? watermark = null, string documentId = "test-document") => new(new ReportSettings
    {
        DocumentId = documentId,
        Timestamp = Timestamp,
        Title = "Layout test",
        Creator = "ComplianceDashboard tests",
        HeaderLeft = "Layout tests",
        HeaderRight = "INTERNAL",
        FooterText = "Version 1 · SHA-256 0123456789abcdef",
        Watermark = watermark,
    });

    /// <summary>Distinct, numbered words (w000001 w000002 …) totalling at least <paramref name="bytes"/> characters.</summary>
    public static string NumberedWords(int bytes, out int count)
    {
        count = bytes / 8 + 1;
        return string.Join(' ', Enumerable.Range(1, count).Select(i => $"w{i:D6}"));
    }
}
