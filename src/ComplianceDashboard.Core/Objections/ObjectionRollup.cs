using System.Globalization;
using System.Runtime.InteropServices;

namespace ComplianceDashboard.Core.Objections;

/// <summary>
/// The fixed buckets of the time-to-honour histogram: one hour wide up to 100 days, then one day
/// wide up to 400 days, then one overflow bucket. A percentile read from them is within one hour
/// of exact for every time to honour up to 100 days (beyond the three-month legal maximum).
/// </summary>
public static class HonourHistogram
{
    public const int HourlyBuckets = 100 * 24;
    public const int DailyBuckets = 300;
    public const int Overflow = HourlyBuckets + DailyBuckets;
    public const int Count = Overflow + 1;
    private const long HourMs = 3_600_000;
    private const long DayMs = 24 * HourMs;

    public static int BucketOf(long milliseconds)
    {
        if (milliseconds < 0) milliseconds = 0;
        var hours = milliseconds / HourMs;
        if (hours < HourlyBuckets) return (int)hours;
        var days = (milliseconds - HourlyBuckets * HourMs) / DayMs;
        return days < DailyBuckets ? HourlyBuckets + (int)days : Overflow;
    }

    /// <summary>The exclusive upper bound of a bucket in milliseconds (long.MaxValue for the overflow bucket).</summary>
    public static long UpperMs(int bucket) => bucket < HourlyBuckets
        ? (bucket + 1) * HourMs
        : bucket < Overflow ? HourlyBuckets * HourMs + (bucket - HourlyBuckets + 1) * DayMs : long.MaxValue;

    public static long LowerMs(int bucket) => bucket == 0 ? 0 : UpperMs(bucket - 1);
}

/// <summary>
/// Counts of objection events for one jurisdiction, platform, channel and UTC day, and the
/// time-to-honour histogram of the objections honoured that day (sparse: sorted bucket numbers and
/// their counts). Updated in the same transaction as the records it summarises (DESIGN decision 3).
/// </summary>
public sealed record ObjectionRollup
{
    public string Id { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public Platform Platform { get; init; }
    public ObjectionChannel Channel { get; init; }
    public DateOnly Day { get; init; }
    /// <summary>Objections received that day.</summary>
    public long Received { get; init; }
    /// <summary>Of those received that day, the people who had objected before the campaign.</summary>
    public long CarriedOver { get; init; }
    public long Honoured { get; init; }
    public long Refused { get; init; }
    public long Withdrawn { get; init; }
    public long ExtensionsNotified { get; init; }
    /// <summary>Honoured or refused that day on or before their own due date.</summary>
    public long AnsweredWithinLimit { get; init; }
    public int[] HonourBuckets { get; init; } = [];
    public long[] HonourCounts { get; init; } = [];
    public long MaxHonourMs { get; init; }

    public static string KeyOf(string jurisdiction, Platform platform, ObjectionChannel channel, DateOnly day) =>
        $"{jurisdiction}|{platform.Token()}|{channel.Token()}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static ObjectionRollup Empty(string jurisdiction, Platform platform, ObjectionChannel channel, DateOnly day) => new()
    {
        Id = KeyOf(jurisdiction, platform, channel, day), Jurisdiction = jurisdiction, Platform = platform, Channel = channel, Day = day,
    };

    public bool IsEmpty => Received == 0 && CarriedOver == 0 && Honoured == 0 && Refused == 0 && Withdrawn == 0 &&
                           ExtensionsNotified == 0 && AnsweredWithinLimit == 0 && HonourBuckets.Length == 0;
}

/// <summary>A change to one rollup, accumulated while a batch is applied (time-to-honour counts by bucket).</summary>
public sealed class RollupDelta(string jurisdiction, Platform platform, ObjectionChannel channel, DateOnly day)
{
    public string Jurisdiction { get; } = jurisdiction;
    public Platform Platform { get; } = platform;
    public ObjectionChannel Channel { get; } = channel;
    public DateOnly Day { get; } = day;
    public long Received, CarriedOver, Honoured, Refused, Withdrawn, ExtensionsNotified, AnsweredWithinLimit, MaxHonourMs;
    public readonly Dictionary<int, long> Buckets = [];

    public ObjectionRollup ApplyTo(ObjectionRollup? current)
    {
        var r = current ?? ObjectionRollup.Empty(Jurisdiction, Platform, Channel, Day);
        var merged = new SortedDictionary<int, long>();
        for (var i = 0; i < r.HonourBuckets.Length; i++) merged[r.HonourBuckets[i]] = r.HonourCounts[i];
        foreach (var (bucket, count) in Buckets)
        {
            var n = merged.GetValueOrDefault(bucket) + count;
            if (n == 0) merged.Remove(bucket); else merged[bucket] = n;
        }
        return r with
        {
            Received = r.Received + Received,
            CarriedOver = r.CarriedOver + CarriedOver,
            Honoured = r.Honoured + Honoured,
            Refused = r.Refused + Refused,
            Withdrawn = r.Withdrawn + Withdrawn,
            ExtensionsNotified = r.ExtensionsNotified + ExtensionsNotified,
            AnsweredWithinLimit = r.AnsweredWithinLimit + AnsweredWithinLimit,
            HonourBuckets = merged.Keys.ToArray(),
            HonourCounts = merged.Values.ToArray(),
            MaxHonourMs = Math.Max(r.MaxHonourMs, MaxHonourMs),
        };
    }
}

/// <summary>
/// Turns record changes into rollup changes: each record contributes events on the days they happened. A store gathers them
/// for a whole import (a few thousand day rollups at most, whatever the number of rows).
/// </summary>
public sealed class RollupDeltas
{
    // Keyed by value, not by the rollup's text id: an import adds up to three events per row, and formatting a key for each
    // cost more than the rest of the arithmetic.
    private readonly record struct Key(string Jurisdiction, Platform Platform, ObjectionChannel Channel, DateOnly Day);

    private readonly Dictionary<Key, RollupDelta> _deltas = [];

    public IReadOnlyCollection<RollupDelta> All => _deltas.Values;

    /// <summary>Records that <paramref name="before"/> (null for a new record) became <paramref name="after"/>.</summary>
    public void Change(Objection? before, Objection after)
    {
        if (before is not null) Contribute(before, -1);
        Contribute(after, +1);
    }

    /// <summary>Takes back what <paramref name="o"/> was counted (a store that counted every incoming row as new corrects its stored ones).</summary>
    public void TakeBack(Objection o) => Contribute(o, -1);

    private void Contribute(Objection o, int sign)
    {
        var received = At(o, o.ReceivedAt);
        received.Received += sign;
        if (o.CarriedOver) received.CarriedOver += sign;
        if (o.ExtensionNotifiedAt is { } ext) At(o, ext).ExtensionsNotified += sign;
        if (o.ResolvedAt is not { } resolvedAt || o.Status == ObjectionStatus.Received) return;
        var resolved = At(o, resolvedAt);
        switch (o.Status)
        {
            case ObjectionStatus.Honoured:
                resolved.Honoured += sign;
                var ms = (long)(resolvedAt - o.ReceivedAt).TotalMilliseconds;
                var bucket = HonourHistogram.BucketOf(ms);
                CollectionsMarshal.GetValueRefOrAddDefault(resolved.Buckets, bucket, out _) += sign;
                // Honoured records never change again (forward-only), so a maximum never has to shrink.
                if (sign > 0) resolved.MaxHonourMs = Math.Max(resolved.MaxHonourMs, ms);
                break;
            case ObjectionStatus.Refused:
                resolved.Refused += sign;
                break;
            case ObjectionStatus.Withdrawn:
                resolved.Withdrawn += sign;
                break;
        }
        if (o.WithinLegalLimit == true) resolved.AnsweredWithinLimit += sign;
    }

    private RollupDelta At(Objection o, DateTime when)
    {
        var day = DateOnly.FromDateTime(when);
        ref var delta = ref CollectionsMarshal.GetValueRefOrAddDefault(_deltas, new Key(o.Jurisdiction, o.Platform, o.Channel, day), out _);
        return delta ??= new RollupDelta(o.Jurisdiction, o.Platform, o.Channel, day);
    }

    /// <summary>The rollups after the deltas, read from <paramref name="current"/> (committed state).</summary>
    public IReadOnlyList<ObjectionRollup> Apply(Func<string, ObjectionRollup?> current) =>
        _deltas.Values.Select(d => d.ApplyTo(current(ObjectionRollup.KeyOf(d.Jurisdiction, d.Platform, d.Channel, d.Day)))).ToList();

    /// <summary>Rollups recomputed from scratch from records (the offline repair path, and the tests' oracle).</summary>
    public static IReadOnlyList<ObjectionRollup> Recompute(IEnumerable<Objection> records)
    {
        var deltas = new RollupDeltas();
        foreach (var o in records) deltas.Change(null, o);
        return deltas.Apply(_ => null).Where(r => !r.IsEmpty).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }
}
