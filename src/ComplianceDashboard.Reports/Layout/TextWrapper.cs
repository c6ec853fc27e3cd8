using System.Text;
using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>Breaks text into lines that fit a width: at spaces, at explicit newlines, and inside words too long for a line.</summary>
internal sealed class TextWrapper(XGraphics measure)
{
    // PDFsharp's MeasureString sums glyph advances (no kerning), so per-character widths give the same result much faster.
    private readonly Dictionary<XFont, Dictionary<char, double>> _advances = new(ReferenceEqualityComparer.Instance);

    public double Width(string text, XFont font) => Width(text.AsSpan(), font);

    public double Width(ReadOnlySpan<char> text, XFont font)
    {
        if (text.Length == 0)
            return 0;
        if (!_advances.TryGetValue(font, out var advances))
            _advances[font] = advances = [];
        double width = 0;
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
                return measure.MeasureString(text.ToString(), font).Width;
            if (!advances.TryGetValue(c, out var advance))
                advances[c] = advance = measure.MeasureString(c.ToString(), font).Width;
            width += advance;
        }
        return width;
    }

    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var space = Width(" ", font);
        foreach (var hardLine in Normalise(text).Split('\n'))
        {
            var line = new StringBuilder();
            double lineWidth = 0;
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Width(word, font);
                if (line.Length > 0 && lineWidth + space + wordWidth <= width)
                {
                    line.Append(' ').Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var rest = word;
                while (wordWidth > width)
                {
                    var fit = LongestPrefixThatFits(rest, font, width);
                    lines.Add(rest[..fit]);
                    rest = rest[fit..];
                    wordWidth = Width(rest, font);
                }
                line.Append(rest);
                lineWidth = wordWidth;
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Line breaks become \n, tabs and other control characters spaces (they have no glyphs).</summary>
    private static string Normalise(string text)
    {
        var normalised = text.Replace("\r\n", "\n").Replace('\r', '\n');
        if (!normalised.Any(c => c != '\n' && char.IsControl(c)))
            return normalised;
        return string.Create(normalised.Length, normalised, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] != '\n' && char.IsControl(source[i]) ? ' ' : source[i];
        });
    }

    private int LongestPrefixThatFits(string word, XFont font, double width)
    {
        // Binary search over a bounded prefix keeps a 100 KB word without spaces linear-ish, not quadratic.
        int low = 1, high = Math.Min(word.Length, 512);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Width(word.AsSpan(0, mid), font) <= width)
                low = mid;
            else
                high = mid - 1;
        }
        if (low > 1 && low < word.Length && char.IsHighSurrogate(word[low - 1]))
            low--;
        return low;
    }
}
