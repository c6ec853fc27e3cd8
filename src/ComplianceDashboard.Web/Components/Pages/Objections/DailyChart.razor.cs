using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Components.Pages.Objections;

/// <summary>The per-day chart of the Objections page: received (shaded) and honoured (dashed) over every day of the range.</summary>
public partial class DailyChart
{
    private IReadOnlyList<DateOnly> _days = [];
    private IReadOnlyList<ChartLine> _lines = [];
    private IReadOnlyList<double> _yTicks = [];

    /// <summary>One entry per day, quiet days included (as <see cref="ObjectionMetrics.Daily"/> gives them).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<DailyCount> Days { get; set; } = [];

    protected override void OnParametersSet()
    {
        _days = Days.Select(d => d.Day).ToList();
        _lines =
        [
            new("received", "Received", Days.Select(d => (double)d.Received).ToList(), "var(--mud-palette-info)", Shaded: true),
            new("honoured", "Honoured", Days.Select(d => (double)d.Honoured).ToList(), "var(--mud-palette-success)", Dashed: true),
        ];
        var max = Days.Count == 0 ? 0 : Days.Max(d => Math.Max(d.Received, d.Honoured));
        _yTicks = ChartScale.CountTicks(max).Select(t => (double)t).ToList();
    }

    private string Summary
    {
        get
        {
            if (Days.Count == 0) return "";
            string N(long n) => n.ToString("N0", Display.Culture);
            var busiest = Days.MaxBy(d => d.Received)!;
            return $"Objections per day from {Display.Date(Days[0].Day)} to {Display.Date(Days[^1].Day)}: " +
                   $"{N(Days.Sum(d => d.Received))} received, {N(Days.Sum(d => d.Honoured))} honoured, " +
                   $"{N(Days.Count(d => d.Received == 0))} days with none received; most on {Display.Date(busiest.Day)} ({N(busiest.Received)} received).";
        }
    }
}
