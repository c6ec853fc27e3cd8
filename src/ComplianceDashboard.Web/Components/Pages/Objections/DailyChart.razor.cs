using System.Globalization;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Components.Pages.Objections;

/// <summary>The per-day chart of the Objections page; its scales come from <see cref="ChartScale"/>.</summary>
public partial class DailyChart
{
    /// <summary>The plot's own coordinates: x is the day across the width, y the count with zero at the bottom edge.</summary>
    public const int PlotWidth = 1000;
    public const int PlotHeight = 100;

    private IReadOnlyList<long> _yTicks = [];
    private IReadOnlyList<ChartScale.DateTick> _xTicks = [];
    private long _top = 1;

    /// <summary>One entry per day, quiet days included (as <see cref="ObjectionMetrics.Daily"/> gives them).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<DailyCount> Days { get; set; } = [];

    protected override void OnParametersSet()
    {
        var max = Days.Count == 0 ? 0 : Days.Max(d => Math.Max(d.Received, d.Honoured));
        _yTicks = ChartScale.CountTicks(max);
        _top = _yTicks[^1];
        _xTicks = ChartScale.DateTicks(Days.Select(d => d.Day).ToList());
    }

    private string Summary
    {
        get
        {
            var busiest = Days.MaxBy(d => d.Received)!;
            return $"Objections per day from {Display.Date(Days[0].Day)} to {Display.Date(Days[^1].Day)}: " +
                   $"{Days.Sum(d => d.Received).ToString("N0", Display.Culture)} received, {Days.Sum(d => d.Honoured).ToString("N0", Display.Culture)} honoured, " +
                   $"{Days.Count(d => d.Received == 0).ToString("N0", Display.Culture)} days with none received; " +
                   $"most on {Display.Date(busiest.Day)} ({busiest.Received.ToString("N0", Display.Culture)} received).";
        }
    }

    /// <summary>The x of a day's index; a single day spans the whole width.</summary>
    private static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private string X(int index) => Coordinate(Days.Count == 1 ? PlotWidth / 2.0 : index * (double)PlotWidth / (Days.Count - 1));

    private string Y(long count) => Coordinate(PlotHeight - count * (double)PlotHeight / _top);

    private string Points(Func<DailyCount, long> value) => Days.Count == 1
        ? $"0,{Y(value(Days[0]))} {PlotWidth},{Y(value(Days[0]))}"
        : string.Join(" ", Days.Select((d, i) => $"{X(i)},{Y(value(d))}"));

    /// <summary>The received line closed along the zero line, shaded under the lines.</summary>
    private string Area(Func<DailyCount, long> value) => $"0,{PlotHeight} {Points(value)} {PlotWidth},{PlotHeight}";

    /// <summary>As wide as the longest count label (absolutely placed labels give their column no width of their own).</summary>
    private string YAxisWidth => $"width:{_yTicks.Max(t => t.ToString("N0", Display.Culture).Length) * 0.62 + 0.5:0.##}em";

    private string Bottom(long tick) => $"bottom:{Coordinate(100.0 * tick / _top)}%";

    /// <summary>Labels centre on their tick, except near the edges where they align inwards so none is cut off.</summary>
    private string Left(int index)
    {
        var percent = Days.Count == 1 ? 50 : 100.0 * index / (Days.Count - 1);
        var shift = percent < 6 ? "0" : percent > 94 ? "-100%" : "-50%";
        return $"left:{Coordinate(percent)}%;transform:translateX({shift})";
    }
}
