using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Objections;

/// <summary>Which objections a figure covers: every field optional; the date range is inclusive and in UTC days.</summary>
public sealed record ObjectionFilter(
    string? Jurisdiction = null, Platform? Platform = null, ObjectionChannel? Channel = null, DateOnly? From = null, DateOnly? To = null)
{
    public static readonly ObjectionFilter All = new();

    public bool Matches(string jurisdiction, Platform platform, ObjectionChannel channel, DateOnly day) =>
        (Jurisdiction is null || Jurisdiction == jurisdiction) && (Platform is null || Platform == platform) &&
        (Channel is null || Channel == channel) && (From is null || day >= From) && (To is null || day <= To);
}

/// <summary>Time to honour, in hours. Within one hour of exact up to 100 days (see <see cref="HonourHistogram"/>); the maximum is exact.</summary>
public sealed record TimeToHonour(double? MedianHours, double? P90Hours, double? P99Hours, double? MaxHours);

/// <summary>Objections received and honoured on one UTC day; a day without either is a real zero, listed like any other.</summary>
public sealed record DailyCount(DateOnly Day, long Received, long Honoured);

public sealed record HistogramBand(string Label, double FromHours, double? ToHours, long Count);

/// <summary>The open objections by how close their due date is.</summary>
public sealed record Backlog(long OnTime, long DueSoon, long Overdue);

public sealed record Breakdown(string Key, long Received, long Honoured, long Refused, long Withdrawn, long Pending);

/// <summary>Every figure of the Objections page and the metrics API for one filter.</summary>
/// <param name="Daily">
/// One entry per day, zero where nothing happened: from the filter's first day (or the first day with an objection) to its
/// last day (or today), never before the store's first recorded day nor after today unless an event is dated later;
/// empty when nothing was received or honoured in the range.
/// </param>
/// <param name="ObjectionRate">
/// Objections received ÷ people displayed the notice, exact (a small rate is not rounded to zero here), null without
/// rollout data; written for people with <see cref="ObjectionRateFormat.Percent"/>.
/// </param>
public sealed record ObjectionMetrics(
    long Received,
    long Honoured,
    long Refused,
    long Withdrawn,
    long Pending,
    long ExtensionsNotified,
    long CarriedOver,
    double? PercentWithinLegalLimit,
    TimeToHonour TimeToHonour,
    long OverdueNow,
    long DueWithin7Days,
    Backlog Backlog,
    IReadOnlyList<DailyCount> Daily,
    IReadOnlyList<HistogramBand> Histogram,
    IReadOnlyList<Breakdown> ByJurisdiction,
    IReadOnlyList<Breakdown> ByPlatform,
    IReadOnlyList<Breakdown> ByChannel,
    double? ObjectionRate);

/// <summary>
/// Computes the metrics from the day rollups and the open objections only (DESIGN decision 3): events
/// count on the day they happened (received on the received day, answers on the resolved day), pending
/// and the backlog count open objections received in the range, aged against today.
/// </summary>
public static class ObjectionMetricsCalculator
{
    public const int DueSoonDays = 7;

    private static readonly (string Label, double From, double? To)[] Bands =
    [
        ("< 1 hour", 0, 1), ("1–6 hours", 1, 6), ("6–24 hours", 6, 24), ("1–2 days", 24, 48), ("2–7 days", 48, 168),
        ("7–14 days", 168, 336), ("14–31 days", 336, 744), ("31–92 days", 744, 2208), ("over 92 days", 2208, null),
    ];

    /// <param name="displayed">People displayed the notice in the filter's jurisdiction, platform and dates (the objection rate's denominator), or null without rollout data.</param>
    public static ObjectionMetrics Compute(ObjectionSnapshot snapshot, ObjectionFilter filter, DateOnly today, long? displayed = null)
    {
        long received = 0, honoured = 0, refused = 0, withdrawn = 0, extensions = 0, carried = 0, within = 0, maxMs = 0;
        var firstRecordedDay = DateOnly.MaxValue;
        var histogram = new long[HonourHistogram.Count];
        // Per-request work is a loop over a few thousand rollups and groups of open objections: plain arrays and one hash map, sorted once at the end.
        var daily = new Dictionary<DateOnly, (long Received, long Honoured)>();
        var byJurisdiction = new Dictionary<string, long[]>();
        var byPlatform = new long[]?[Enum.GetValues<Platform>().Length];
        var byChannel = new long[]?[Enum.GetValues<ObjectionChannel>().Length];
        static long[] Slot(Dictionary<string, long[]> map, string key) => map.TryGetValue(key, out var a) ? a : map[key] = new long[5];
        static long[] SlotAt(long[]?[] slots, int index) => slots[index] ??= new long[5];
        static void Add(long[] a, long rec, long hon, long refd, long wd, long pend)
        {
            a[0] += rec; a[1] += hon; a[2] += refd; a[3] += wd; a[4] += pend;
        }

        foreach (var r in snapshot.Rollups)
        {
            if (r.Day < firstRecordedDay) firstRecordedDay = r.Day;
            if (!filter.Matches(r.Jurisdiction, r.Platform, r.Channel, r.Day)) continue;
            received += r.Received;
            honoured += r.Honoured;
            refused += r.Refused;
            withdrawn += r.Withdrawn;
            extensions += r.ExtensionsNotified;
            carried += r.CarriedOver;
            within += r.AnsweredWithinLimit;
            if (r.MaxHonourMs > maxMs) maxMs = r.MaxHonourMs;
            for (var i = 0; i < r.HonourBuckets.Length; i++) histogram[r.HonourBuckets[i]] += r.HonourCounts[i];
            if (r.Received != 0 || r.Honoured != 0)
            {
                var d = daily.GetValueOrDefault(r.Day);
                daily[r.Day] = (d.Received + r.Received, d.Honoured + r.Honoured);
            }
            Add(Slot(byJurisdiction, r.Jurisdiction), r.Received, r.Honoured, r.Refused, r.Withdrawn, 0);
            Add(SlotAt(byPlatform, (int)r.Platform), r.Received, r.Honoured, r.Refused, r.Withdrawn, 0);
            Add(SlotAt(byChannel, (int)r.Channel), r.Received, r.Honoured, r.Refused, r.Withdrawn, 0);
        }

        long pending = 0, overdue = 0, dueSoon = 0, onTime = 0;
        var soonLimit = today.AddDays(DueSoonDays);
        foreach (var g in snapshot.OpenGroups)
        {
            if (!filter.Matches(g.Jurisdiction, g.Platform, g.Channel, g.ReceivedDay)) continue;
            pending += g.Count;
            if (g.DueDate < today) overdue += g.Count;
            else if (g.DueDate <= soonLimit) dueSoon += g.Count;
            else onTime += g.Count;
            Add(Slot(byJurisdiction, g.Jurisdiction), 0, 0, 0, 0, g.Count);
            Add(SlotAt(byPlatform, (int)g.Platform), 0, 0, 0, 0, g.Count);
            Add(SlotAt(byChannel, (int)g.Channel), 0, 0, 0, 0, g.Count);
        }

        var answered = honoured + refused;
        return new ObjectionMetrics(
            received, honoured, refused, withdrawn, pending, extensions, carried,
            answered == 0 ? null : Share.Percent(within, answered),
            Percentiles(histogram, honoured, maxMs),
            overdue, dueSoon, new Backlog(onTime, dueSoon, overdue),
            DailySeries(daily, filter, today, firstRecordedDay),
            Condense(histogram),
            Rows(byJurisdiction),
            Rows(byPlatform.Select((a, i) => (Key: ((Platform)i).Token(), Counts: (long[]?)a))),
            Rows(byChannel.Select((a, i) => (Key: ((ObjectionChannel)i).Token(), Counts: (long[]?)a))),
            ObjectionRate: displayed is > 0 ? (double)received / displayed.Value : null);
    }

    /// <summary>Every day of the range with its counts, zero where nothing happened, so a chart never bridges a quiet spell with a line.</summary>
    private static List<DailyCount> DailySeries(Dictionary<DateOnly, (long Received, long Honoured)> daily, ObjectionFilter filter, DateOnly today, DateOnly firstRecordedDay)
    {
        if (daily.Count == 0) return [];
        var (firstEvent, lastEvent) = (daily.Keys.Min(), daily.Keys.Max());
        static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
        static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
        // Before the store's first record nothing was measured, and after today nothing yet: a far-off "from" or "to"
        // date does not draw years of zeros. The filter never admits an event outside its own dates.
        var first = Later(filter.From ?? firstEvent, firstRecordedDay);
        var last = Earlier(filter.To ?? today, Later(today, lastEvent));
        last = Later(last, lastEvent);
        var series = new List<DailyCount>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var counts = daily.GetValueOrDefault(day);
            series.Add(new DailyCount(day, counts.Received, counts.Honoured));
        }
        return series;
    }

    private static List<Breakdown> Rows(Dictionary<string, long[]> map) => Rows(map.Select(kv => (kv.Key, (long[]?)kv.Value)));

    private static List<Breakdown> Rows(IEnumerable<(string Key, long[]? Counts)> slots) => slots
        .Where(s => s.Counts is not null)
        .OrderBy(s => s.Key, StringComparer.Ordinal)
        .Select(s => new Breakdown(s.Key, s.Counts![0], s.Counts[1], s.Counts[2], s.Counts[3], s.Counts[4])).ToList();

    /// <summary>Nearest-rank percentiles read as the upper edge of their bucket, capped by the exact maximum.</summary>
    private static TimeToHonour Percentiles(long[] histogram, long count, long maxMs)
    {
        if (count <= 0) return new TimeToHonour(null, null, null, null);
        double? At(double p)
        {
            var rank = (long)Math.Ceiling(p * count);
            long seen = 0;
            for (var b = 0; b < histogram.Length; b++)
            {
                seen += histogram[b];
                if (seen >= rank) return Hours(Math.Min(HonourHistogram.UpperMs(b), maxMs));
            }
            return Hours(maxMs);
        }
        return new TimeToHonour(At(0.5), At(0.9), At(0.99), Hours(maxMs));
    }

    private static double Hours(long ms) => Math.Round(ms / 3_600_000.0, 2);

    private static List<HistogramBand> Condense(long[] histogram)
    {
        var counts = new long[Bands.Length];
        for (var b = 0; b < histogram.Length; b++)
        {
            if (histogram[b] == 0) continue;
            var lowerHours = HonourHistogram.LowerMs(b) / 3_600_000.0;
            var band = Array.FindLastIndex(Bands, x => lowerHours >= x.From);
            counts[band] += histogram[b];
        }
        return Bands.Select((x, i) => new HistogramBand(x.Label, x.From, x.To, counts[i])).ToList();
    }
}
