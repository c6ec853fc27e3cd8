using ComplianceDashboard.Core.Complaints;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>
/// Check 17: complaints acknowledged within their deadline. It warns on any single late or overdue acknowledgement,
/// because a breach of a statutory duty is not averaged away; the percentage is shown as a figure, not a threshold.
/// </summary>
internal sealed class ComplaintChecks(IComplaintRepository complaints) : ICheckGroup
{
    public static readonly EvidenceLink ComplaintsLink = new("Complaints", "/complaints");

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.ComplaintsAcknowledgedInTime.Id] = AcknowledgedInTime,
    };

    private CheckResult AcknowledgedInTime(CheckContext ctx)
    {
        var check = CheckCatalogue.ComplaintsAcknowledgedInTime;
        const string threshold = "0 acknowledged late and 0 overdue";
        var asOf = complaints.All().Where(c => c.Jurisdiction == ctx.Code).Select(c => c.AsOf(ctx.AsOf)).OfType<Complaint>().ToList();
        var m = ComplaintMetricsCalculator.Compute(asOf, ComplaintFilter.All, ctx.Day);
        var percent = m.PercentAcknowledgedWithinDeadline is { } p ? $"{p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} %" : "no acknowledgement due yet";
        var measured = $"{percent} acknowledged within the deadline ({Count(m.AcknowledgedWithinDeadline)} of {Count(m.AcknowledgedWithinDeadline + m.AcknowledgedLate + m.AcknowledgementOverdueNow)}); " +
                       $"{Count(m.AcknowledgedLate)} late, {Count(m.AcknowledgementOverdueNow)} overdue";
        if (m.Received == 0)
            return ctx.Result(check, CheckOutcome.Pass, "No complaints", threshold, $"No complaint was received by {Date(ctx.Day)}.", ComplaintsLink);
        var late = asOf.Where(c => c.AcknowledgedOnTime == false).Select(c => c.Id).ToList();
        var overdue = asOf.Where(c => c.AcknowledgementOverdue(ctx.Day)).OrderBy(c => c.AcknowledgementDue).Select(c => $"{c.Id} (due {Date(c.AcknowledgementDue!.Value)})").ToList();
        var apart = m.ReceivedWithoutDeadline > 0 ? $" {Count(m.ReceivedWithoutDeadline)} complaint(s) received before a deadline applied are not counted." : "";
        if (late.Count == 0 && overdue.Count == 0)
            return ctx.Result(check, CheckOutcome.Pass, measured, threshold,
                $"Every complaint due by {Date(ctx.Day)} was acknowledged within its deadline.{apart}", ComplaintsLink);
        var problems = new List<string>();
        if (overdue.Count > 0) problems.Add($"{Count(overdue.Count)} complaint(s) not acknowledged and past the deadline on {Date(ctx.Day)}: {List(overdue)}");
        if (late.Count > 0) problems.Add($"{Count(late.Count)} complaint(s) acknowledged after the deadline: {List(late)}");
        return ctx.Result(check, CheckOutcome.Warning, measured, threshold, string.Join("; ", problems) + "." + apart, ComplaintsLink);
    }
}
