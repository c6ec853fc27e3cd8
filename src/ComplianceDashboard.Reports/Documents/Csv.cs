using System.Text;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Reports.Documents;

/// <summary>RFC 4180 CSV (UTF-8, CRLF) for the figures attached to a pack.</summary>
internal static class Csv
{
    public static byte[] Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows) Line(text, row);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(CsvCell.Safe(cells[i]));
        }
        text.Append("\r\n");
    }
}
