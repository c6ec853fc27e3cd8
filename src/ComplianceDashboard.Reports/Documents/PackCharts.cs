using System.Globalization;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Reports.Fonts;
using PdfSharp.Charting;
using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Documents;

/// <summary>The vector charts of the evidence pack (PdfSharp.Charting), with axis titles and legends.</summary>
internal static class PackCharts
{
    private static readonly XColor Primary = XColor.FromArgb(0x1D, 0x3B, 0x5C);
    private static readonly XColor Secondary = XColor.FromArgb(0x3F, 0x8F, 0x5A);
    private static readonly XColor Target = XColor.FromArgb(0xB3, 0x26, 0x1E);
    private static readonly XColor Grid = XColor.FromArgb(0xDD, 0xE3, 0xE9);

    public static Chart Daily(IReadOnlyList<DailyCount> daily)
    {
        var chart = New(ChartType.Line, "Day (UTC)", "Objections");
        Line(chart, "Received", Primary, daily.Select(d => (double)d.Received));
        Line(chart, "Honoured", Secondary, daily.Select(d => (double)d.Honoured));
        chart.XValues.AddXSeries().Add(Labels(daily.Select(d => d.Day).ToList()));
        return chart;
    }

    public static Chart Coverage(RolloutReport rollout)
    {
        var chart = New(ChartType.Line, "Day (UTC)", "Coverage (%)");
        Line(chart, "Coverage", Primary, rollout.Coverage.Select(c => Math.Round(c.Coverage * 100, 2)));
        Line(chart, $"Target {(rollout.CoverageTarget * 100).ToString("0.#", CultureInfo.InvariantCulture)} %", Target,
            rollout.Coverage.Select(_ => (double)(rollout.CoverageTarget * 100)));
        chart.YAxis.MinimumScale = 0;
        chart.YAxis.MaximumScale = 100;
        chart.YAxis.MajorTick = 20;
        chart.XValues.AddXSeries().Add(Labels(rollout.Coverage.Select(c => c.Date).ToList()));
        return chart;
    }

    public static Chart Funnel(IReadOnlyList<(string Label, long Count)> stages)
    {
        var chart = New(ChartType.Column2D, "Stage", "People");
        var series = chart.SeriesCollection.AddSeries();
        series.Name = "People in the period";
        series.FillFormat.Color = Primary;
        series.Add(stages.Select(s => (double)s.Count).ToArray());
        chart.XValues.AddXSeries().Add(stages.Select(s => s.Label).ToArray());
        return chart;
    }

    private static Chart New(ChartType type, string xTitle, string yTitle)
    {
        var chart = new Chart(type);
        chart.Font.Name = ReportFonts.Sans;
        chart.Font.Size = XUnit.FromPoint(7.5);
        chart.XAxis.Title.Caption = xTitle;
        chart.XAxis.MajorTickMark = TickMarkType.Outside;
        chart.YAxis.Title.Caption = yTitle;
        chart.YAxis.Title.Orientation = 90;
        // Centred on the axis: at the default (top) the rotated title rises above the chart into the heading.
        chart.YAxis.Title.VerticalAlignment = PdfSharp.Charting.VerticalAlignment.Center;
        chart.YAxis.MajorTickMark = TickMarkType.Outside;
        chart.YAxis.HasMajorGridlines = true;
        chart.YAxis.MajorGridlines.LineFormat.Color = Grid;
        chart.YAxis.TickLabels.Format = "#,##0";
        chart.Legend.Docking = DockingType.Bottom;
        return chart;
    }

    private static void Line(Chart chart, string name, XColor color, IEnumerable<double> values)
    {
        var series = chart.SeriesCollection.AddSeries();
        series.ChartType = ChartType.Line;
        series.Name = name;
        series.LineFormat.Color = color;
        series.LineFormat.Width = XUnit.FromPoint(1.4);
        series.MarkerStyle = MarkerStyle.None;
        series.Add(values.ToArray());
    }

    /// <summary>About eight evenly spaced date labels; the other ticks stay blank so labels never overlap.</summary>
    private static string[] Labels(IReadOnlyList<DateOnly> days)
    {
        var every = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        return days.Select((d, i) => i % every == 0 ? d.ToString("d MMM", CultureInfo.GetCultureInfo("en-GB")) : "").ToArray();
    }
}
