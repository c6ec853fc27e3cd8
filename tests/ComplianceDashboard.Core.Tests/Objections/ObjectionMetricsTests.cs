using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Tests.Objections;

public sealed class ObjectionMetricsTests
{
    private static readonly DeadlinePolicy Eu = new() { Months = 1 };
    private static readonly DateTime Start = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Objection Honoured(int i, TimeSpan after, string jurisdiction = "EU", Platform platform = Platform.Facebook) => new Objection
    {
        Id = $"O{i}", Jurisdiction = jurisdiction, Platform = platform, Channel = ObjectionChannel.WebForm,
        ReceivedAt = Start.AddMinutes(i), Status = ObjectionStatus.Honoured, ResolvedAt = Start.AddMinutes(i) + after,
    }.Decide(Eu);

    private static ObjectionSnapshot Snapshot(IEnumerable<Objection> records)
    {
        var list = records.ToList();
        return new ObjectionSnapshot(RollupDeltas.Recompute(list),
            list.Where(o => o.IsOpen).Select(o => new OpenObjection(o.Id, o.Jurisdiction, o.Platform, o.Channel, DateOnly.FromDateTime(o.ReceivedAt), o.DueDate)).ToList());
    }

    [Fact]
    public void Percentiles_AreWithinOneHourOfExact_AndTheMaximumIsExact()
    {
        var random = new Random(42);
        var records = Enumerable.Range(0, 2000).Select(i => Honoured(i, TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 60)))).ToList();
        var exact = records.Select(o => o.TimeToHonour!.Value.TotalHours).Order().ToList();
        double Exact(double p) => exact[(int)Math.Ceiling(p * exact.Count) - 1];

        var metrics = ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, new DateOnly(2025, 6, 1));

        Assert.InRange(metrics.TimeToHonour.MedianHours!.Value - Exact(0.5), 0, 1);
        Assert.InRange(metrics.TimeToHonour.P90Hours!.Value - Exact(0.9), 0, 1);
        Assert.InRange(metrics.TimeToHonour.P99Hours!.Value - Exact(0.99), 0, 1);
        Assert.Equal(Math.Round(exact[^1], 2), metrics.TimeToHonour.MaxHours);
    }

    [Fact]
    public void Compute_RespectsEveryFilter()
    {
        var records = new[]
        {
            Honoured(1, TimeSpan.FromHours(2)),
            Honoured(2, TimeSpan.FromHours(3), platform: Platform.Instagram),
            Honoured(3, TimeSpan.FromHours(4), jurisdiction: "UK"),
            Honoured(60 * 24 * 3, TimeSpan.FromHours(5)),
        };
        var snapshot = Snapshot(records);
        var today = new DateOnly(2025, 6, 1);

        Assert.Equal(4, ObjectionMetricsCalculator.Compute(snapshot, ObjectionFilter.All, today).Received);
        Assert.Equal(3, ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(Jurisdiction: "EU"), today).Received);
        Assert.Equal(1, ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(Platform: Platform.Instagram), today).Honoured);
        Assert.Equal(0, ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(Channel: ObjectionChannel.Email), today).Received);
        var firstDay = ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(From: new DateOnly(2025, 3, 1), To: new DateOnly(2025, 3, 1)), today);
        Assert.Equal(3, firstDay.Received);
        Assert.Equal(4, firstDay.TimeToHonour.MaxHours);
    }

    [Fact]
    public void Compute_AgesOpenObjectionsAgainstTheirDueDate()
    {
        Objection Open(int i, DateTime received) => new Objection { Id = $"P{i}", Jurisdiction = "EU", ReceivedAt = received }.Decide(Eu);
        var today = new DateOnly(2025, 6, 1);
        var records = new[]
        {
            Open(1, new DateTime(2025, 4, 20, 9, 0, 0, DateTimeKind.Utc)), // due 20 May: overdue
            Open(2, new DateTime(2025, 5, 5, 9, 0, 0, DateTimeKind.Utc)),  // due 5 June: due soon
            Open(3, new DateTime(2025, 5, 8, 9, 0, 0, DateTimeKind.Utc)),  // due 8 June: due soon (7 days)
            Open(4, new DateTime(2025, 5, 20, 9, 0, 0, DateTimeKind.Utc)), // due 20 June: on time
        };

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, today);

        Assert.Equal(4, m.Pending);
        Assert.Equal(1, m.OverdueNow);
        Assert.Equal(2, m.DueWithin7Days);
        Assert.Equal(new Backlog(1, 2, 1), m.Backlog);
    }

    [Fact]
    public void Compute_CountsEveryOpenObjection_WhenManyShareTheirDayAndDueDate()
    {
        Objection Open(int i, int hour, Platform platform = Platform.Facebook) =>
            new Objection { Id = $"P{i}", Jurisdiction = "EU", Platform = platform, ReceivedAt = new DateTime(2025, 5, 5, hour, 0, 0, DateTimeKind.Utc) }.Decide(Eu);
        var records = Enumerable.Range(0, 5).Select(i => Open(i, 8 + i)).Append(Open(5, 9, Platform.Instagram)).ToList();
        var snapshot = Snapshot(records);
        var today = new DateOnly(2025, 6, 1);

        var all = ObjectionMetricsCalculator.Compute(snapshot, ObjectionFilter.All, today);
        var facebook = ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(Platform: Platform.Facebook), today);

        Assert.Equal(2, snapshot.OpenGroups.Count);
        Assert.Equal(6, all.Pending);
        Assert.Equal(new Backlog(0, 6, 0), all.Backlog);
        Assert.Equal(5, facebook.Pending);
        Assert.Equal(5, facebook.ByPlatform.Single(b => b.Key == "facebook").Pending);
        Assert.DoesNotContain(facebook.ByPlatform, b => b.Key == "instagram");
    }

    [Fact]
    public void Compute_GivesThePercentWithinTheLegalLimitOfAnsweredObjections()
    {
        var records = new[] { Honoured(1, TimeSpan.FromDays(2)), Honoured(2, TimeSpan.FromDays(40)), Honoured(3, TimeSpan.FromDays(3)), Honoured(4, TimeSpan.FromDays(4)) };

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, new DateOnly(2025, 6, 1));

        Assert.Equal(75, m.PercentWithinLegalLimit);
        Assert.Equal(4, m.Histogram.Sum(b => b.Count));
        Assert.Equal(1, m.Histogram.Single(b => b.Label == "31–92 days").Count);
    }

    /// <summary>The percent within the limit of 20,000 answers where all but the first took <paramref name="mostDays"/>, and of the 19,999 without the first.</summary>
    private static (double? WithTheOdd, double? WithoutIt) PercentOfTwentyThousand(int firstDays, int mostDays)
    {
        var records = Enumerable.Range(0, 20_000).Select(i => Honoured(i, TimeSpan.FromDays(i == 0 ? firstDays : mostDays))).ToList();
        double? Percent(IEnumerable<Objection> answered) =>
            ObjectionMetricsCalculator.Compute(Snapshot(answered), ObjectionFilter.All, new DateOnly(2025, 6, 1)).PercentWithinLegalLimit;
        return (Percent(records), Percent(records.Skip(1)));
    }

    [Fact]
    public void ThePercentWithinTheLegalLimit_ReadsAHundredOnlyWhenEveryAnswerWasInTime()
    {
        // 20,000 answered, one late: 99.995% would round to 100 at two decimals and hide the late one.
        var (oneLate, allInTime) = PercentOfTwentyThousand(firstDays: 40, mostDays: 2);

        Assert.Equal(99.99, oneLate);
        Assert.Equal(100, allInTime);
    }

    [Fact]
    public void ThePercentWithinTheLegalLimit_ReadsZeroOnlyWhenNoAnswerWasInTime()
    {
        var (oneInTime, noneInTime) = PercentOfTwentyThousand(firstDays: 2, mostDays: 40);

        Assert.Equal(0.01, oneInTime);
        Assert.Equal(0, noneInTime);
    }

    [Fact]
    public void Daily_ListsEveryDayBetweenObjections_WithZeroOnTheQuietDays()
    {
        // Received 1 March, 2 March (answered 3 days later) and 20 March: 3–19 March are quiet except the answer on 5 March.
        var records = new[] { Honoured(0, TimeSpan.FromHours(1)), Honoured(60 * 24, TimeSpan.FromDays(3)), Honoured(60 * 24 * 19, TimeSpan.FromHours(2)) };

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, new DateOnly(2025, 3, 20));

        Assert.Equal(20, m.Daily.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => new DateOnly(2025, 3, 1).AddDays(i)), m.Daily.Select(d => d.Day));
        Assert.Equal(new DailyCount(new DateOnly(2025, 3, 1), 1, 1), m.Daily[0]);
        Assert.Equal(new DailyCount(new DateOnly(2025, 3, 5), 0, 1), m.Daily[4]);
        Assert.Equal(new DailyCount(new DateOnly(2025, 3, 20), 1, 1), m.Daily[^1]);
        var quiet = m.Daily.Where(d => d.Day is { Day: 3 or 4 } || (d.Day.Day >= 6 && d.Day.Day <= 19)).ToList();
        Assert.Equal(16, quiet.Count);
        Assert.All(quiet, d => Assert.Equal((0L, 0L), (d.Received, d.Honoured)));
        Assert.Equal(m.Received, m.Daily.Sum(d => d.Received));
    }

    [Fact]
    public void Daily_RunsToTodayWithoutAnEndDate_AndOverTheFiltersWholeRange()
    {
        var records = new[] { Honoured(0, TimeSpan.FromHours(1)) };
        var snapshot = Snapshot(records);

        var untilToday = ObjectionMetricsCalculator.Compute(snapshot, ObjectionFilter.All, new DateOnly(2025, 3, 10));
        var range = ObjectionMetricsCalculator.Compute(snapshot, new ObjectionFilter(From: new DateOnly(2025, 3, 1), To: new DateOnly(2025, 3, 31)), new DateOnly(2025, 6, 1));

        Assert.Equal((new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 10)), (untilToday.Daily[0].Day, untilToday.Daily[^1].Day));
        Assert.Equal(10, untilToday.Daily.Count);
        Assert.Equal(31, range.Daily.Count);
        Assert.All(range.Daily.Skip(1), d => Assert.Equal((0L, 0L), (d.Received, d.Honoured)));
    }

    [Fact]
    public void Daily_NeverReachesBeforeTheFirstRecordedDayOrAfterToday()
    {
        var records = new[] { Honoured(0, TimeSpan.FromHours(1), jurisdiction: "UK"), Honoured(60 * 24 * 5, TimeSpan.FromHours(1)) };

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records),
            new ObjectionFilter(Jurisdiction: "EU", From: new DateOnly(1, 1, 1), To: new DateOnly(9999, 12, 31)), new DateOnly(2025, 3, 8));

        // The store's first record (UK, 1 March) bounds the start, today (8 March) the end.
        Assert.Equal(new DateOnly(2025, 3, 1), m.Daily[0].Day);
        Assert.Equal(new DateOnly(2025, 3, 8), m.Daily[^1].Day);
        Assert.Equal(1, m.Daily.Sum(d => d.Received));
    }

    [Fact]
    public void Daily_IsEmpty_WhenNothingWasReceivedOrHonouredInTheRange()
    {
        var records = new[] { Honoured(0, TimeSpan.FromHours(1)) };

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records), new ObjectionFilter(From: new DateOnly(2025, 4, 1), To: new DateOnly(2025, 4, 30)), new DateOnly(2025, 6, 1));

        Assert.Empty(m.Daily);
    }

    [Fact]
    public void TheObjectionRate_IsExact_SoASmallRateIsNotZero()
    {
        var records = Enumerable.Range(0, 3).Select(i => Honoured(i, TimeSpan.FromHours(1))).ToList();

        var m = ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, new DateOnly(2025, 6, 1), displayed: 62_000_000_000);

        Assert.Equal(3.0 / 62_000_000_000, m.ObjectionRate);
        Assert.True(m.ObjectionRate > 0);
        Assert.Null(ObjectionMetricsCalculator.Compute(Snapshot(records), ObjectionFilter.All, new DateOnly(2025, 6, 1), displayed: 0).ObjectionRate);
    }

    [Fact]
    public void HonourHistogram_HasOneHourBucketsUpTo100Days_ThenDailyThenOverflow()
    {
        Assert.Equal(0, HonourHistogram.BucketOf(3_599_999));
        Assert.Equal(1, HonourHistogram.BucketOf(3_600_000));
        Assert.Equal(2399, HonourHistogram.BucketOf((long)TimeSpan.FromDays(100).TotalMilliseconds - 1));
        Assert.Equal(2400, HonourHistogram.BucketOf((long)TimeSpan.FromDays(100).TotalMilliseconds));
        Assert.Equal(HonourHistogram.Overflow, HonourHistogram.BucketOf((long)TimeSpan.FromDays(1000).TotalMilliseconds));
        for (var b = 0; b < HonourHistogram.Overflow; b++)
            Assert.Equal(b, HonourHistogram.BucketOf(HonourHistogram.LowerMs(b)));
    }
}
