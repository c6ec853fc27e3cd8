using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Documents;

// The complaints section (s.164A DPA 2018), part of the "Ongoing compliance" ask.
public sealed partial class EvidencePackDocument
{
    /// <summary>The attachment listing the complaints behind the figures, without the free-text outcome summary.</summary>
    public const string ComplaintsAttachment = "complaints.csv";

    private static void Complaints(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[10]);
        if (s.Complaints is not { Figures: { } m } c)
        {
            report.Paragraph("No complaint about the processing was received by the as-of time.", TextStyle.Emphasis);
            return;
        }
        report.Paragraph(
            (c.Statutory
                ? "Section 164A of the Data Protection Act 2018 (inserted by the Data (Use and Access) Act 2025) requires the controller to acknowledge a complaint within 30 days beginning with the day it is received, to keep the complainant informed and to tell them the outcome. "
                : "No statutory complaint-handling duty applies in this jurisdiction; complaints are held to the controller's internal targets. ") +
            $"Deadlines counted: {c.Policy}. Figures cover complaints received in {Period(s.Parameters)}, as known at the as-of time; " +
            "\"overdue\" lists every complaint not acknowledged by its deadline at the as-of time, whenever received.", TextStyle.Small);
        (string Measure, string Value)[] figures =
        [
            ("Received in the period", Number(m.Received)),
            ("of which received before any deadline applied (counted apart)", Number(m.ReceivedWithoutDeadline)),
            ("Acknowledged", Number(m.Acknowledged)),
            ("Acknowledged within the deadline", Number(m.AcknowledgedWithinDeadline)),
            ("Acknowledged after the deadline", Number(m.AcknowledgedLate)),
            ("Acknowledged within the deadline, of those acknowledged or due", m.PercentAcknowledgedWithinDeadline is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—"),
            ("Received in the period, not acknowledged and past the deadline at the as-of time", Number(m.AcknowledgementOverdueNow)),
            ("Open (outcome not yet told)", Number(m.Open)),
            ("Open past the internal outcome target", Number(m.OutcomeOverdueNow)),
            ("Median days from receipt to the outcome", m.MedianDaysToOutcome is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "—"),
            ("Taken to the regulator", Number(m.Escalated)),
        ];
        report.Table([new TableColumn("Measure", 5), new TableColumn("Value", 1.5, CellAlignment.Right)],
            figures.Select(f => (IReadOnlyList<string>)[f.Measure, f.Value]));

        report.Heading("Complaints by category and outcome", 2);
        report.Table([new TableColumn("Category", 3), new TableColumn("Complaints", 1.2, CellAlignment.Right)],
            Enum.GetValues<ComplaintCategory>().Select(k => (IReadOnlyList<string>)[k.DisplayName(), Number(m.ByCategory[k.Token()])]));
        report.Table([new TableColumn("Outcome told", 3), new TableColumn("Complaints", 1.2, CellAlignment.Right)],
            Enum.GetValues<ComplaintOutcome>().Select(o => (IReadOnlyList<string>)[o.DisplayName(), Number(m.ByOutcome[o.Token()])]));

        report.Heading("Complaints per calendar quarter (s.164B)", 2);
        if (m.ByQuarter.Count == 0) report.Paragraph("None.");
        else
            report.Table(
                [new TableColumn("Quarter", 1.2), new TableColumn("Received", 1, CellAlignment.Right), new TableColumn("Acknowledged", 1.2, CellAlignment.Right),
                 new TableColumn("Outcome told", 1.2, CellAlignment.Right), new TableColumn("To the regulator", 1.3, CellAlignment.Right)],
                m.ByQuarter.Select(q => (IReadOnlyList<string>)[q.Quarter, Number(q.Received), Number(q.Acknowledged), Number(q.OutcomesTold), Number(q.Escalated)]));

        report.Heading("Every acknowledgement overdue at the as-of time (any received date)", 2);
        var asOfDay = DateOnly.FromDateTime(s.Parameters.AsOf);
        if (c.Overdue.Length == 0) report.Paragraph("None: every complaint due by the as-of time was acknowledged.");
        else
            report.Table(
                [new TableColumn("Complaint", 2.2), new TableColumn("Received (UTC)", 1.8), new TableColumn("Category", 2), new TableColumn("Due by", 1.3),
                 new TableColumn("Days overdue", 1, CellAlignment.Right), new TableColumn("Duty", 1)],
                c.Overdue.Select(o => (IReadOnlyList<string>)[o.Id, Time(o.ReceivedAt), o.Category.DisplayName(), Day(o.AcknowledgementDue!.Value),
                    Number(asOfDay.DayNumber - o.AcknowledgementDue!.Value.DayNumber), o.AcknowledgementStatutory ? "s.164A" : "internal"]));
        report.Paragraph($"The {Number(c.Records.Length)} complaint(s) behind these figures are attached as {ComplaintsAttachment} (pseudonymous references; the free-text outcome summaries are left out because they may hold personal data).", TextStyle.Small);
        report.Attachment(ComplaintsAttachment, Encoding.UTF8.GetBytes(ComplaintCsvExport.ToCsv(c.Records, includeSummary: false)));
    }
}
