
namespace ComplianceDashboard.Web.Components.Shared;

/// <summary>Axis ticks a person reads at a glance: round counts from zero, and a handful of evenly spaced en-GB dates.</summary>
public static class ChartScale
{
    public sealed record DateTick(int Index, DateOnly Day, string Label);

    /// <summary>Zero, then about four steps of 1, 2 or 5 × 10ⁿ, the last at or above the maximum.</summary>
    public static IReadOnlyList<long> CountTicks(long max, int steps = 4)
    {
        if (max <= 0) return [0, 1];
        var raw = (double)max / steps;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (long)Math.Max(1, new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw));
        var top = (max + step - 1) / step * step;
        var ticks = new List<long>();
        for (var t = 0L; t <= top; t += step) ticks.Add(t);
        return ticks;
    }

    /// <summary>
    /// At most <paramref name="most"/> date ticks over ascending days: first days of months ("Oct 2026") over four months
    /// or more, evenly spaced days ("12 Oct") over less. A tick's index is its position in <paramref name="days"/>.
    /// </summary>
    public static IReadOnlyList<DateTick> DateTicks(IReadOnlyList<DateOnly> days, int most = 8)
    {
        if (days.Count == 0) return [];
        var months = days[^1].DayNumber - days[0].DayNumber > 120;
        var candidates = days.Select((day, index) => (day, index)).Where(x => !months || x.day.Day == 1).ToList();
        var every = (int)Math.Ceiling(candidates.Count / (double)most);
        return candidates.Where((_, i) => i % every == 0)
            .Select(x => new DateTick(x.index, x.day, x.day.ToString(months ? "MMM yyyy" : "d MMM", Display.Culture)))
            .ToList();
    }
}
