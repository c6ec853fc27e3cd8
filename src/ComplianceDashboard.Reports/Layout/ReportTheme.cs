using ComplianceDashboard.Reports.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>The typography, colours and page geometry every report shares (A4, points).</summary>
internal static class ReportTheme
{
    public const double PageWidth = 595.276;
    public const double PageHeight = 841.89;
    public const double MarginLeft = 62;
    public const double MarginRight = 62;
    public const double ContentTop = 78;
    public const double ContentBottom = PageHeight - 72;
    public const double ContentWidth = PageWidth - MarginLeft - MarginRight;

    public const double BodySize = 10;
    public const double BodyLeading = 14.5;
    public const double SmallSize = 8.5;
    public const double SmallLeading = 12;
    public const double TableSize = 9;
    public const double TableLeading = 12.5;
    public const double ParagraphSpacing = 7;
    public const double CellPaddingX = 5;
    public const double CellPaddingY = 4;

    public static readonly XColor Ink = XColor.FromArgb(0x1F, 0x23, 0x28);
    public static readonly XColor Muted = XColor.FromArgb(0x5B, 0x63, 0x6E);
    public static readonly XColor Accent = XColor.FromArgb(0x1D, 0x3B, 0x5C);
    public static readonly XColor Rule = XColor.FromArgb(0xCF, 0xD6, 0xDE);
    public static readonly XColor HeaderFill = XColor.FromArgb(0xE9, 0xEE, 0xF3);
    public static readonly XColor StripeFill = XColor.FromArgb(0xF3, 0xF6, 0xF9);
    public static readonly XColor WatermarkInk = XColor.FromArgb(46, 0xB0, 0x1E, 0x1E);

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    /// <summary>A font of the embedded families; registers the font resolver first.</summary>
    public static XFont Font(double size, bool bold = false, bool italic = false, bool mono = false)
    {
        ReportFonts.Register();
        var style = (bold, italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        };
        return new XFont(mono ? ReportFonts.Mono : ReportFonts.Sans, size, style, Unicode);
    }

    /// <summary>Size, leading, space before and space after of a heading level.</summary>
    public static (double Size, double Leading, double Before, double After) Heading(int level) => level switch
    {
        1 => (16, 20, 22, 9),
        2 => (12.5, 16, 16, 5),
        _ => (10.5, 14, 11, 3),
    };
}
