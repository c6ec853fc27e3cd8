using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>Writes complaints as CSV in the import's column order plus the deadlines, safe to open in a spreadsheet.</summary>
public static class ComplaintCsvExport
{
    public static readonly string[] Columns =
        [.. ComplaintCsv.RequiredColumns, ComplaintCsv.OptionalColumn, "acknowledgement_due", "acknowledgement_statutory", "acknowledged_on_time", "outcome_target"];

    /// <summary>The columns of a file leaving the organisation (an evidence pack): no free-text outcome summary, which may hold personal data.</summary>
    public static readonly string[] ColumnsWithoutSummary = Columns.Where(c => c != "outcome_summary").ToArray();

    public static async Task WriteAsync(IEnumerable<Complaint> complaints, TextWriter writer, bool includeSummary = true, CancellationToken cancellation = default)
    {
        var columns = includeSummary ? Columns : ColumnsWithoutSummary;
        await writer.WriteLineAsync(string.Join(",", columns));
        var line = new StringBuilder();
        foreach (var c in complaints)
        {
            cancellation.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Line(c, columns, line));
        }
    }

    /// <summary>The CSV text of <paramref name="complaints"/> (for attachments).</summary>
    public static string ToCsv(IEnumerable<Complaint> complaints, bool includeSummary)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteAsync(complaints, writer, includeSummary).GetAwaiter().GetResult();
        return writer.ToString();
    }

    private static StringBuilder Line(Complaint c, string[] columns, StringBuilder line)
    {
        line.Clear();
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(CsvCell.Safe(Cell(c, columns[i])));
        }
        return line;
    }

    private static string? Cell(Complaint c, string column) => column switch
    {
        "complaint_id" => c.Id,
        "subject_ref" => c.SubjectRef,
        "jurisdiction" => c.Jurisdiction,
        "channel" => c.Channel.Token(),
        "received_at" => Time(c.ReceivedAt),
        "category" => c.Category.Token(),
        "linked_objection_ids" => string.Join(";", c.LinkedObjectionIds),
        "acknowledged_at" => Time(c.AcknowledgedAt),
        "outcome_at" => Time(c.OutcomeAt),
        "outcome" => c.Outcome?.Token(),
        "outcome_summary" => c.OutcomeSummary,
        "escalated_at" => Time(c.EscalatedAt),
        "regulator_reference" => c.RegulatorReference,
        ComplaintCsv.OptionalColumn => Time(c.ProgressUpdatedAt),
        "acknowledgement_due" => c.AcknowledgementDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "acknowledgement_statutory" => c.AcknowledgementStatutory ? "true" : "false",
        "acknowledged_on_time" => c.AcknowledgedOnTime switch { true => "true", false => "false", null => "" },
        "outcome_target" => c.OutcomeTarget.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a complaint export column."),
    };

    private static string? Time(DateTime? utc) => utc?.ToString(CanonicalJson.TimeFormat, CultureInfo.InvariantCulture);
}
