using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>Which complaints a figure covers: every field optional; the received-date range is inclusive, in UTC days.</summary>
public sealed record ComplaintFilter(
    string? Jurisdiction = null, DateOnly? From = null, DateOnly? To = null,
    ComplaintCategory? Category = null, ComplaintChannel? Channel = null)
{
    public static readonly ComplaintFilter All = new();

    public bool Matches(Complaint c) =>
        (Jurisdiction is null || Jurisdiction == c.Jurisdiction) && (Category is null || Category == c.Category) &&
        (Channel is null || Channel == c.Channel) && (From is null || c.ReceivedDay >= From) && (To is null || c.ReceivedDay <= To);
}

/// <summary>Complaints received, acknowledged, told their outcome and escalated in one calendar quarter (for a s.164B return).</summary>
public sealed record QuarterCount(string Quarter, long Received, long Acknowledged, long OutcomesTold, long Escalated);

/// <summary>Every figure of the Complaints page, the metrics API, check 17 and the evidence pack for one filter.</summary>
/// <param name="ReceivedWithoutDeadline">Received before any acknowledgement deadline applied (UK: before 19 June 2026), counted apart.</param>
/// <param name="PercentAcknowledgedWithinDeadline">Acknowledged within the deadline ÷ complaints acknowledged or past their deadline, as a percentage; null when none qualifies.</param>
public sealed record ComplaintMetrics(
    long Received,
    long ReceivedWithoutDeadline,
    long Acknowledged,
    long AcknowledgedWithinDeadline,
    long AcknowledgedLate,
    double? PercentAcknowledgedWithinDeadline,
    long AcknowledgementOverdueNow,
    long Open,
    long OutcomeOverdueNow,
    double? MedianDaysToOutcome,
    IReadOnlyDictionary<string, long> ByOutcome,
    IReadOnlyDictionary<string, long> ByCategory,
    IReadOnlyDictionary<string, long> ByChannel,
    long Escalated,
    IReadOnlyList<QuarterCount> ByQuarter);

/// <summary>
/// Computes the complaint figures over the complaints received in the filter's range. "Within deadline" compares the UTC
/// day of the acknowledgement with the deadline's last day; the percentage leaves out complaints not yet due and not
/// acknowledged (they can still be on time), and complaints without a deadline.
/// </summary>
public static class ComplaintMetricsCalculator
{
    public static ComplaintMetrics Compute(IEnumerable<Complaint> complaints, ComplaintFilter filter, DateOnly today)
    {
        long received = 0, withoutDeadline = 0, acknowledged = 0, within = 0, late = 0, overdue = 0, open = 0, outcomeOverdue = 0, escalated = 0;
        var daysToOutcome = new List<double>();
        var byOutcome = Enum.GetValues<ComplaintOutcome>().ToDictionary(o => o.Token(), _ => 0L);
        var byCategory = Enum.GetValues<ComplaintCategory>().ToDictionary(c => c.Token(), _ => 0L);
        var byChannel = Enum.GetValues<ComplaintChannel>().ToDictionary(c => c.Token(), _ => 0L);
        var quarters = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        void Count(DateTime? at, int index)
        {
            if (at is not { } t) return;
            var key = QuarterOf(DateOnly.FromDateTime(t));
            if (!quarters.TryGetValue(key, out var counts)) quarters[key] = counts = new long[4];
            counts[index]++;
        }

        foreach (var c in complaints)
        {
            if (!filter.Matches(c)) continue;
            received++;
            byCategory[c.Category.Token()]++;
            byChannel[c.Channel.Token()]++;
            if (c.AcknowledgementDue is null) withoutDeadline++;
            if (c.AcknowledgedAt is not null) acknowledged++;
            if (c.AcknowledgedOnTime == true) within++;
            if (c.AcknowledgedOnTime == false) late++;
            if (c.AcknowledgementOverdue(today)) overdue++;
            if (c.IsOpen)
            {
                open++;
                if (today > c.OutcomeTarget) outcomeOverdue++;
            }
            else
            {
                byOutcome[c.Outcome!.Value.Token()]++;
                daysToOutcome.Add((c.OutcomeAt!.Value - c.ReceivedAt).TotalDays);
            }
            if (c.EscalatedAt is not null) escalated++;
            Count(c.ReceivedAt, 0);
            Count(c.AcknowledgedAt, 1);
            Count(c.OutcomeAt, 2);
            Count(c.EscalatedAt, 3);
        }
        var counted = within + late + overdue;
        return new ComplaintMetrics(
            received, withoutDeadline, acknowledged, within, late,
            counted == 0 ? null : Share.Percent(within, counted, decimals: 1),
            overdue, open, outcomeOverdue, Median(daysToOutcome),
            byOutcome, byCategory, byChannel, escalated,
            quarters.Select(q => new QuarterCount(q.Key, q.Value[0], q.Value[1], q.Value[2], q.Value[3])).ToList());
    }

    /// <summary>The calendar quarter of a UTC day, as "2026-Q3".</summary>
    public static string QuarterOf(DateOnly day) => $"{day.Year}-Q{(day.Month - 1) / 3 + 1}";

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 1);
    }
}
