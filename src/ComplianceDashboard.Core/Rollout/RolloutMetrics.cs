namespace ComplianceDashboard.Core.Rollout;

/// <summary>Which delivery figures a report covers; null fields do not filter.</summary>
public sealed record RolloutFilter(
    string? JurisdictionCode = null,
    string? CampaignId = null,
    Platform? Platform = null,
    NoticeChannel? Channel = null,
    DateOnly? From = null,
    DateOnly? To = null);

/// <summary>Funnel totals: <see cref="Eligible"/> is the latest population level, the rest are sums of daily increments.</summary>
public sealed record FunnelTotals(
    long Eligible, long Sent, long Delivered, long Displayed, long FormOpened, long ObjectionsSubmitted,
    long SuppressedPriorObjectors, long PriorObjectorsContacted, long MinorsExcluded);

/// <summary>Coverage on one day: people displayed the notice up to and including that day ÷ eligible that day.</summary>
public sealed record CoveragePoint(DateOnly Date, long DisplayedToDate, long Eligible)
{
    public double Coverage => Eligible == 0 ? 0 : (double)DisplayedToDate / Eligible;
}

/// <summary>A cohort's delivery and its objection window (days from its first display to the training start).</summary>
public sealed record CohortWindow(
    string CampaignId, string CohortCode, string CohortName, DateOnly? FirstDisplayed, DateOnly? TrainingStart,
    int MinimumWindowDays, long Eligible, long Displayed, long PriorObjectorsContacted)
{
    /// <summary>Days between first display and training start; null until both are known; 0 or less when shown on or after the start.</summary>
    public int? WindowDays => FirstDisplayed is { } shown && TrainingStart is { } start ? start.DayNumber - shown.DayNumber : null;

    public bool BelowMinimum => WindowDays is { } days && days < MinimumWindowDays;

    public bool DisplayedAfterTrainingStart => WindowDays is <= 0;

    public bool PriorObjectorsWereContacted => PriorObjectorsContacted > 0;

    public double Coverage => Eligible == 0 ? 0 : (double)Displayed / Eligible;
}

/// <summary>Sums of daily increments for one platform and channel.</summary>
public sealed record ChannelTotals(Platform Platform, NoticeChannel Channel, long Sent, long Delivered, long Displayed,
    long FormOpened, long ObjectionsSubmitted, long PriorObjectorsContacted);

/// <summary>Everything the rollout page and the evidence pack show about a selection of delivery figures.</summary>
public sealed record RolloutReport(
    FunnelTotals Funnel,
    IReadOnlyList<CoveragePoint> Coverage,
    decimal CoverageTarget,
    DateOnly? TargetCrossedOn,
    IReadOnlyList<CohortWindow> Cohorts,
    IReadOnlyList<ChannelTotals> ByPlatformAndChannel)
{
    public bool HasData => Coverage.Count > 0;
    public long PriorObjectorsContacted => Funnel.PriorObjectorsContacted;
    public double? LatestCoverage => Coverage.Count == 0 ? null : Coverage[^1].Coverage;
}

/// <summary>
/// Derives coverage, the target-crossed date, objection windows and totals from daily delivery rows.
/// A cohort's population is one level per (campaign, cohort, platform): its channel rows repeat it,
/// so the level is the largest eligible reported for it that day, carried forward to later days.
/// </summary>
public static class RolloutMetrics
{
    public static RolloutReport Compute(
        IReadOnlyList<Campaign> campaigns,
        IReadOnlyList<Cohort> cohorts,
        IReadOnlyList<DailyDeliveryStats> rows,
        Func<string, DateOnly?> trainingStartOf,
        RolloutFilter filter)
    {
        var inScope = campaigns
            .Where(c => filter.JurisdictionCode is null || c.JurisdictionCode == filter.JurisdictionCode)
            .Where(c => filter.CampaignId is null || c.Id == filter.CampaignId)
            .Where(c => filter.Platform is null || c.Platform == filter.Platform)
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        var selected = rows
            .Where(r => inScope.ContainsKey(r.CampaignId))
            .Where(r => filter.Platform is null || r.Platform == filter.Platform)
            .Where(r => filter.Channel is null || r.Channel == filter.Channel)
            .Where(r => filter.To is null || r.Date <= filter.To)
            .OrderBy(r => r.Date)
            .ToList();
        var inRange = selected.Where(r => filter.From is null || r.Date >= filter.From).ToList();

        var target = inScope.Count == 0 ? Campaign.DefaultCoverageTarget : inScope.Values.Max(c => c.CoverageTarget);
        var coverage = CoverageOverTime(selected, filter.From);
        var crossed = coverage.FirstOrDefault(p => p.Eligible > 0 && (decimal)p.DisplayedToDate >= target * p.Eligible)?.Date;
        var levels = LatestLevels(selected);

        var funnel = new FunnelTotals(
            levels.Values.Sum(),
            inRange.Sum(r => r.Sent), inRange.Sum(r => r.Delivered), inRange.Sum(r => r.Displayed), inRange.Sum(r => r.FormOpened),
            inRange.Sum(r => r.ObjectionsSubmitted), inRange.Sum(r => r.SuppressedPriorObjectors),
            inRange.Sum(r => r.PriorObjectorsContacted), inRange.Sum(r => r.MinorsExcluded));

        var rowsByCohort = selected.ToLookup(r => (r.CampaignId, r.CohortCode));
        var cohortRows = cohorts
            .Where(c => inScope.ContainsKey(c.CampaignId))
            .Select(c =>
            {
                var campaign = inScope[c.CampaignId];
                var own = rowsByCohort[(c.CampaignId, c.Code)].ToList();
                var firstDisplayed = own.Where(r => r.Displayed > 0).Select(r => (DateOnly?)r.Date).FirstOrDefault();
                return new CohortWindow(
                    c.CampaignId, c.Code, c.Name, firstDisplayed, trainingStartOf(campaign.JurisdictionCode),
                    campaign.MinimumObjectionWindowDays,
                    LatestLevels(own).Values.Sum(), own.Sum(r => r.Displayed), own.Sum(r => r.PriorObjectorsContacted));
            })
            .OrderBy(c => c.CampaignId, StringComparer.Ordinal).ThenBy(c => c.FirstDisplayed ?? DateOnly.MaxValue).ThenBy(c => c.CohortCode, StringComparer.Ordinal)
            .ToList();

        var byChannel = inRange
            .GroupBy(r => (r.Platform, r.Channel))
            .OrderBy(g => g.Key.Platform).ThenBy(g => g.Key.Channel)
            .Select(g => new ChannelTotals(g.Key.Platform, g.Key.Channel, g.Sum(r => r.Sent), g.Sum(r => r.Delivered),
                g.Sum(r => r.Displayed), g.Sum(r => r.FormOpened), g.Sum(r => r.ObjectionsSubmitted), g.Sum(r => r.PriorObjectorsContacted)))
            .ToList();

        return new RolloutReport(funnel, coverage, target, crossed, cohortRows, byChannel);
    }

    /// <summary>One point per reported day (from <paramref name="from"/> on), counting every display since the start.</summary>
    public static IReadOnlyList<CoveragePoint> CoverageOverTime(IReadOnlyList<DailyDeliveryStats> rowsByDate, DateOnly? from = null)
    {
        var points = new List<CoveragePoint>();
        var levels = new Dictionary<(string, string, Platform), long>();
        long displayed = 0;
        foreach (var day in rowsByDate.GroupBy(r => r.Date).OrderBy(g => g.Key))
        {
            foreach (var population in day.GroupBy(r => (r.CampaignId, r.CohortCode, r.Platform)))
                levels[population.Key] = population.Max(r => r.Eligible);
            displayed += day.Sum(r => r.Displayed);
            if (from is null || day.Key >= from)
                points.Add(new CoveragePoint(day.Key, displayed, levels.Values.Sum()));
        }
        return points;
    }

    private static Dictionary<(string, string, Platform), long> LatestLevels(IEnumerable<DailyDeliveryStats> rows) =>
        rows.GroupBy(r => (r.CampaignId, r.CohortCode, r.Platform))
            .ToDictionary(g => g.Key, g =>
            {
                var last = g.Max(r => r.Date);
                return g.Where(r => r.Date == last).Max(r => r.Eligible);
            });
}
