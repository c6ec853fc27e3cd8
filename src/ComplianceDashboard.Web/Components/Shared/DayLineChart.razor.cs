using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Components.Shared;

/// <summary>One line of a <see cref="DayLineChart"/>: a value per day, drawn in a theme colour (a CSS value such as <c>var(--mud-palette-info)</c>).</summary>
public sealed record ChartLine(string Key, string Name, IReadOnlyList<double> Values, string Colour, bool Dashed = false, bool Shaded = false);

/// <summary>A line chart over days with legible axes (see ChartScale for the ticks); the pages give it their days, lines and scale.</summary>
public partial class DayLineChart
{
    /// <summary>The plot's own coordinates: x runs from the first day to the last, y from the bottom tick (at the bottom edge) to the top one.</summary>
    public const int PlotWidth = 1000;
    public const int PlotHeight = 100;

    private IReadOnlyList<ChartScale.DateTick> _xTicks = [];

    /// <summary>The days, ascending; each line has one value per day.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<DateOnly> Days { get; set; } = [];
    [Parameter, EditorRequired] public IReadOnlyList<ChartLine> Lines { get; set; } = [];

    /// <summary>The value scale, ascending: the first at the bottom edge, the last at the top.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<double> YTicks { get; set; } = [0, 1];
    [Parameter] public Func<double, string> YLabel { get; set; } = v => v.ToString("N0", Display.Culture);

    /// <summary>What a screen reader hears for the whole chart.</summary>
    [Parameter, EditorRequired] public string Summary { get; set; } = "";

    /// <summary>At most this many date labels: fewer for a chart in a narrow column, so none runs into the next.</summary>
    [Parameter] public int DateLabels { get; set; } = 8;

    /// <summary>A line under the chart beside the legend, e.g. the unit and the date range.</summary>
    [Parameter] public string Caption { get; set; } = "";

    protected override void OnParametersSet()
    {
        if (Lines.Any(l => l.Values.Count != Days.Count))
            throw new ArgumentException("Each line needs one value per day.", nameof(Lines));
        _xTicks = ChartScale.DateTicks(Days, DateLabels);
    }

    private double Bottom => YTicks[0];
    private double Range => Math.Max(double.Epsilon, YTicks[^1] - YTicks[0]);
    private int Span => Days.Count < 2 ? 0 : Days[^1].DayNumber - Days[0].DayNumber;

    private static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A day's share of the width (a single day sits in the middle).</summary>
    private double Fraction(DateOnly day) => Span == 0 ? 0.5 : (double)(day.DayNumber - Days[0].DayNumber) / Span;

    private string X(DateOnly day) => Coordinate(Fraction(day) * PlotWidth);

    private string Y(double value) => Coordinate(PlotHeight - (value - Bottom) * PlotHeight / Range);

    /// <summary>The line's points; a single day is drawn as a level line across the width.</summary>
    private string Points(ChartLine line) => Span == 0
        ? $"0,{Y(line.Values[0])} {PlotWidth},{Y(line.Values[0])}"
        : string.Join(" ", Days.Select((d, i) => $"{X(d)},{Y(line.Values[i])}"));

    /// <summary>The line closed along the bottom edge, shaded under the lines.</summary>
    private string Area(ChartLine line) => $"0,{PlotHeight} {Points(line)} {PlotWidth},{PlotHeight}";

    /// <summary>As wide as the longest value label (absolutely placed labels give their column no width of their own).</summary>
    private string YAxisWidth => $"width:{Coordinate(YTicks.Max(t => YLabel(t).Length) * 0.62 + 0.5)}em";

    private string BottomOf(double tick) => $"bottom:{Coordinate(100.0 * (tick - Bottom) / Range)}%";

    /// <summary>Labels centre on their tick, except near the edges where they align inwards so none is cut off.</summary>
    private string Left(DateOnly day)
    {
        var percent = 100 * Fraction(day);
        var shift = percent < 6 ? "0" : percent > 94 ? "-100%" : "-50%";
        return $"left:{Coordinate(percent)}%;transform:translateX({shift})";
    }
}
