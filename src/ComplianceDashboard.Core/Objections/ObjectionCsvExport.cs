using ComplianceDashboard.Core.Common;
using System.Globalization;
using System.Text;

namespace ComplianceDashboard.Core.Objections;

/// <summary>Writes objections as CSV in the import's column order (plus due date and outcome), safe to open in a spreadsheet.</summary>
public static class ObjectionCsvExport
{
    public static readonly string[] Columns = [.. ObjectionCsv.RequiredColumns, ObjectionCsv.OptionalColumn, "due_date", "within_legal_limit"];

    public static async Task WriteAsync(IEnumerable<Objection> objections, TextWriter writer, CancellationToken cancellation = default)
    {
        await writer.WriteLineAsync(string.Join(",", Columns));
        var line = new StringBuilder();
        foreach (var o in objections)
        {
            cancellation.ThrowIfCancellationRequested();
            line.Clear();
            string?[] cells =
            [
                o.Id, o.SubjectRef, o.Jurisdiction, o.Platform.Token(), o.Channel.Token(), Time(o.ReceivedAt), o.Status.Token(),
                Time(o.ResolvedAt), o.RefusalGrounds, o.CarriedOver ? "true" : "false", Time(o.ExtensionNotifiedAt), o.ExtensionReason,
                o.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                o.WithinLegalLimit switch { true => "true", false => "false", null => "" },
            ];
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(CsvCell.Safe(cells[i]));
            }
            await writer.WriteLineAsync(line);
        }
    }

    private static string? Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
