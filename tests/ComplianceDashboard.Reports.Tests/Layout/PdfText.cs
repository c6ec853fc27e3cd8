using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace ComplianceDashboard.Reports.Tests.Layout;

/// <summary>The text of a rendered PDF as PdfPig reads it back, page by page.</summary>
public sealed record PdfText(IReadOnlyList<PdfText.PageText> Pages)
{
    public sealed record PageText(int Number, string Text, IReadOnlyList<Word> Words, IReadOnlyList<string> FontNames);

    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return new PdfText(document.GetPages()
            .Select(page => new PageText(page.Number, page.Text, page.GetWords().ToList(), page.Letters.Select(l => l.FontName ?? "").Distinct().ToList()))
            .ToList());
    }

    public IEnumerable<string> Words => Pages.SelectMany(page => page.Words.Select(word => word.Text));
}
