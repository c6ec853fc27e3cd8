using ComplianceDashboard.Core.Rollout;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>Checks 4–7: notice coverage, objection windows, earlier objectors contacted and complete delivery data, from rows dated up to T's day.</summary>
internal sealed class RolloutChecks(ICampaignRepository campaigns, IDeliveryStatsRepository stats) : ICheckGroup
{
    private sealed record CampaignData(Campaign Campaign, IReadOnlyList<Cohort> Cohorts, IReadOnlyList<DailyDeliveryStats> Rows);

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.CoverageTargetReached.Id] = Coverage,
        [CheckCatalogue.ObjectionWindowsLongEnough.Id] = Windows,
        [CheckCatalogue.NoPriorObjectorsContacted.Id] = PriorObjectors,
        [CheckCatalogue.DeliveryDataComplete.Id] = DeliveryComplete,
    };

    /// <summary>The jurisdiction's campaigns with their cohorts and the delivery rows dated on or before T's day.</summary>
    private IReadOnlyList<CampaignData> Data(CheckContext ctx) => ctx.Cached("rollout", () =>
        (IReadOnlyList<CampaignData>)campaigns.All()
            .Where(c => c.JurisdictionCode == ctx.Code && ctx.Known(c.CreatedAt))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new CampaignData(c, campaigns.CohortsOf(c.Id).Where(h => ctx.Known(h.CreatedAt)).ToList(),
                stats.OfCampaign(c.Id).Where(r => r.Date <= ctx.Day).OrderBy(r => r.Date).ToList()))
            .ToList());

    private static EvidenceLink[] Links(CheckContext ctx) => [RolloutLink, Jurisdiction(ctx.Code)];

    private CheckResult Coverage(CheckContext ctx)
    {
        var check = CheckCatalogue.CoverageTargetReached;
        var data = Data(ctx);
        var start = ctx.TrainingStart;
        var threshold = start is { } s ? $"Campaign target reached before {Date(s)}" : "Campaign target reached before the training start";
        if (data.Count == 0)
            return ctx.Result(check, CheckOutcome.Fail, "No campaign", threshold, $"{ctx.Code} has no notification campaign, so nobody was told.", Links(ctx));
        var verdicts = data.Select(d =>
        {
            var points = RolloutMetrics.CoverageOverTime(d.Rows);
            var target = d.Campaign.CoverageTarget;
            var crossed = points.FirstOrDefault(p => p.Eligible > 0 && (decimal)p.DisplayedToDate >= target * p.Eligible);
            var latest = points.Count == 0 ? 0 : points[^1].Coverage;
            var name = d.Campaign.Id;
            if (crossed is not null && start is { } s1 && crossed.Date < s1)
                return (CheckOutcome.Pass, $"{name}: {Percent(crossed.Coverage)} on {Date(crossed.Date)}", $"{name} reached its {Percent((double)target)} target on {Date(crossed.Date)}.");
            if (start is null)
                return (CheckOutcome.Warning, $"{name}: {Percent(latest)}", $"{ctx.Code} has no training start date, so {name}'s coverage cannot be judged against it.");
            if (ctx.Day < start)
                return (CheckOutcome.Warning, $"{name}: {Percent(latest)}", $"{name} has not yet reached its {Percent((double)target)} target; training starts {Date(start.Value)}.");
            var when = crossed is null ? "had not reached" : $"only reached on {Date(crossed.Date)}";
            return (CheckOutcome.Fail, $"{name}: {Percent(crossed?.Coverage ?? latest)}", $"{name} {when} its {Percent((double)target)} target before training started on {Date(start.Value)}.");
        }).ToList();
        return ctx.Result(check, Worst(verdicts.Select(v => v.Item1)), string.Join("; ", verdicts.Select(v => v.Item2)), threshold,
            string.Join(" ", verdicts.Select(v => v.Item3)), Links(ctx));
    }

    private CheckResult Windows(CheckContext ctx)
    {
        var check = CheckCatalogue.ObjectionWindowsLongEnough;
        var data = Data(ctx);
        var start = ctx.TrainingStart;
        var minimum = data.Count == 0 ? Campaign.DefaultMinimumObjectionWindowDays : data.Max(d => d.Campaign.MinimumObjectionWindowDays);
        var threshold = data.Select(d => d.Campaign.MinimumObjectionWindowDays).Distinct().Count() > 1
            ? "≥ each campaign's minimum" : $"≥ {minimum} days";
        var report = RolloutMetrics.Compute(data.Select(d => d.Campaign).ToList(), data.SelectMany(d => d.Cohorts).ToList(),
            data.SelectMany(d => d.Rows).ToList(), _ => start, new RolloutFilter(JurisdictionCode: ctx.Code));
        if (report.Cohorts.Count == 0)
            return ctx.Result(check, CheckOutcome.Fail, "No cohort", threshold, $"{ctx.Code} has no cohort to give an objection window to.", Links(ctx));
        if (start is null)
            return ctx.Result(check, CheckOutcome.Warning, "No training start", threshold, $"{ctx.Code} has no training start date, so no window can be measured.", Links(ctx));
        var problems = new List<(CheckOutcome Outcome, string Text)>();
        foreach (var c in report.Cohorts)
        {
            var name = $"{c.CampaignId}/{c.CohortCode}";
            if (c.WindowDays is { } days)
            {
                if (days < c.MinimumWindowDays) problems.Add((CheckOutcome.Fail, $"{name}: {days} days (minimum {c.MinimumWindowDays})"));
            }
            else if (start.Value.DayNumber - ctx.Day.DayNumber < c.MinimumWindowDays)
                problems.Add((CheckOutcome.Fail, $"{name}: not displayed by {Date(ctx.Day)}, too late for a {c.MinimumWindowDays}-day window"));
            else
                problems.Add((CheckOutcome.Warning, $"{name}: not displayed yet"));
        }
        var shortest = report.Cohorts.Where(c => c.WindowDays is not null).MinBy(c => c.WindowDays);
        var measured = shortest is null ? "No cohort displayed yet" : $"Shortest {shortest.WindowDays} days ({shortest.CampaignId}/{shortest.CohortCode})";
        return problems.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold, $"All {report.Cohorts.Count} cohorts were shown the notice at least their minimum before {Date(start.Value)}.", Links(ctx))
            : ctx.Result(check, Worst(problems.Select(p => p.Outcome)), measured, threshold, List(problems.Select(p => p.Text)) + ".", Links(ctx));
    }

    private CheckResult PriorObjectors(CheckContext ctx)
    {
        var check = CheckCatalogue.NoPriorObjectorsContacted;
        var rows = Data(ctx).SelectMany(d => d.Rows).ToList();
        var contacted = rows.Sum(r => r.PriorObjectorsContacted);
        if (contacted == 0)
            return ctx.Result(check, CheckOutcome.Pass, "0", "0", rows.Count == 0
                ? "No delivery figures yet, so no earlier objector was contacted."
                : $"No earlier objector was sent a notice in {Count(rows.Count)} delivery rows up to {Date(ctx.Day)}.", Links(ctx));
        var days = rows.Where(r => r.PriorObjectorsContacted > 0).Select(r => r.Date).Distinct().Order().Select(Date);
        return ctx.Result(check, CheckOutcome.Fail, Count(contacted), "0",
            $"{Count(contacted)} earlier objector(s) were sent a notice, on {List(days)}.", Links(ctx));
    }

    /// <summary>
    /// Every day of a campaign's sending period has at least one delivery row carrying the under-18 exclusion figure: from
    /// its actual start to its last day, or to the day before T's day (a day's figures arrive once it is over). A
    /// campaign that never started sending has no sending period.
    /// </summary>
    private CheckResult DeliveryComplete(CheckContext ctx)
    {
        var check = CheckCatalogue.DeliveryDataComplete;
        var started = Data(ctx).Where(d => d.Campaign.ActualStart is { } s && s <= ctx.Day).ToList();
        const string threshold = "0 missing days";
        if (started.Count == 0)
            return ctx.Result(check, CheckOutcome.Warning, "No sending yet", threshold,
                $"No campaign in {ctx.Code} had started sending by {Date(ctx.Day)}, so no delivery data is expected yet.", Links(ctx));
        var missing = new List<string>();
        var expected = 0;
        var lastComplete = ctx.Day.AddDays(-1);
        foreach (var d in started)
        {
            var last = d.Campaign.LastDay is { } end && end < lastComplete ? end : lastComplete;
            var reported = d.Rows.Select(r => r.Date).ToHashSet();
            for (var day = d.Campaign.FirstDay; day <= last; day = day.AddDays(1))
            {
                expected++;
                if (!reported.Contains(day)) missing.Add($"{d.Campaign.Id} {Date(day)}");
            }
        }
        return missing.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, "0 missing days", threshold, $"All {Count(expected)} sending days up to {Date(lastComplete)} have delivery figures.", Links(ctx))
            : ctx.Result(check, CheckOutcome.Fail, $"{Count(missing.Count)} missing day(s)", threshold, $"No delivery figures for {List(missing, 10)}.", Links(ctx));
    }
}
