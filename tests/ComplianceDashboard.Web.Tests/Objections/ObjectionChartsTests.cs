using System.Globalization;
using Bunit;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Pages.Objections;
using ComplianceDashboard.Web.Components.Shared;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Objections;

/// <summary>What the Objections page draws: one point per day (quiet days on the zero line), legible axes, named breakdowns, a rate that is never read as zero.</summary>
public sealed class ObjectionChartsTests : ComponentTestBase
{
    public ObjectionChartsTests() => SignInAs(Role.ComplianceOfficer);

    /// <summary>The (x, y) points of one line of the chart, in the plot's own coordinates.</summary>
    private static List<(double X, double Y)> Line(IRenderedComponent<DailyChart> chart, string series) =>
        chart.Find($"polyline[data-series={series}]").GetAttribute("points")!
            .Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();

    private IRenderedComponent<DailyChart> RenderChart(IReadOnlyList<DailyCount> days) =>
        Context.Render<DailyChart>(p => p.Add(c => c.Days, days));

    [Fact]
    public void EveryDayIsPlotted_AndEachDayWithoutObjectionsSitsOnTheZeroLine()
    {
        var first = new DateOnly(2026, 6, 1);
        long[] received = [40, 0, 0, 0, 10, 0, 20];
        var days = received.Select((r, i) => new DailyCount(first.AddDays(i), r, i == 1 ? 40 : 0)).ToList();

        var chart = RenderChart(days);

        var line = Line(chart, "received");
        Assert.Equal(7, line.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i * DayLineChart.PlotWidth / 6.0), line.Select(p => p.X), new ToleranceComparer(0.01));
        for (var i = 0; i < 7; i++)
            Assert.Equal(DayLineChart.PlotHeight - received[i] * DayLineChart.PlotHeight / 40.0, line[i].Y, 2);
        Assert.Equal([1, 2, 3, 5], line.Select((p, i) => (p, i)).Where(x => x.p.Y == DayLineChart.PlotHeight).Select(x => x.i));
        Assert.Equal(6, Line(chart, "honoured").Count(p => p.Y == DayLineChart.PlotHeight));
    }

    [Fact]
    public void TheAxesReadRoundCountsAndEnGbDates()
    {
        var first = new DateOnly(2026, 5, 29);
        var days = Enumerable.Range(0, 192).Select(i => new DailyCount(first.AddDays(i), i == 0 ? 14_517 : 100, 0)).ToList();

        var chart = RenderChart(days);

        Assert.Equal(["0", "5,000", "10,000", "15,000"], chart.FindAll(".day-chart-y span").Select(s => s.TextContent));
        Assert.Equal(["Jun 2026", "Jul 2026", "Aug 2026", "Sept 2026", "Oct 2026", "Nov 2026", "Dec 2026"], chart.FindAll(".day-chart-x span").Select(s => s.TextContent));
        Assert.Contains("29 May 2026 – 6 Dec 2026", chart.Find("figcaption").TextContent);
        var summary = chart.Find("svg[role=img]").GetAttribute("aria-label")!;
        Assert.Contains("from 29 May 2026 to 6 Dec 2026", summary);
        Assert.Contains("most on 29 May 2026 (14,517 received)", summary);
    }

    [Theory]
    [InlineData(1L, new long[] { 0, 1 })]
    [InlineData(7L, new long[] { 0, 2, 4, 6, 8 })]
    [InlineData(40L, new long[] { 0, 10, 20, 30, 40 })]
    [InlineData(14_517L, new long[] { 0, 5_000, 10_000, 15_000 })]
    [InlineData(2_000_001L, new long[] { 0, 1_000_000, 2_000_000, 3_000_000 })]
    public void CountTicks_StartAtZero_StepByOneTwoOrFive_AndReachTheMaximum(long max, long[] expected)
    {
        Assert.Equal(expected, ChartScale.CountTicks(max));
    }

    [Fact]
    public void DateTicks_NeverExceedEight_AndLabelDaysOverShortRanges()
    {
        var first = new DateOnly(2026, 3, 1);
        var month = Enumerable.Range(0, 31).Select(i => first.AddDays(i)).ToList();
        var years = Enumerable.Range(0, 800).Select(i => first.AddDays(i)).ToList();

        var short_ = ChartScale.DateTicks(month);
        var long_ = ChartScale.DateTicks(years);

        Assert.InRange(short_.Count, 2, 8);
        Assert.Equal("1 Mar", short_[0].Label);
        Assert.InRange(long_.Count, 2, 8);
        Assert.All(long_, t => Assert.Equal(1, t.Day.Day));
        Assert.All(long_, t => Assert.Equal(years.IndexOf(t.Day), t.Index));
    }

    [Fact]
    public void OnTheDemoStore_TheChartHasAPointForEveryDayToToday_WithZeroOnEveryDayWithoutObjections()
    {
        SeedDemoProgramme();
        var records = Context.Services.GetRequiredService<IObjectionRepository>().All();
        var receivedDays = records.Select(o => DateOnly.FromDateTime(o.ReceivedAt)).ToHashSet();
        var firstDay = receivedDays.Min();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var page = Context.Render<ObjectionsPage>();

        var line = Line(page.FindComponent<DailyChart>(), "received");
        var days = Enumerable.Range(0, today.DayNumber - firstDay.DayNumber + 1).Select(i => firstDay.AddDays(i)).ToList();
        Assert.Equal(days.Count, line.Count);
        var quiet = days.Select((d, i) => (d, i)).Where(x => !receivedDays.Contains(x.d)).ToList();
        Assert.NotEmpty(quiet);
        Assert.All(quiet, x => Assert.Equal(DayLineChart.PlotHeight, line[x.i].Y));
        Assert.All(days.Select((d, i) => (d, i)).Where(x => receivedDays.Contains(x.d)), x => Assert.True(line[x.i].Y < DayLineChart.PlotHeight, $"{x.d} has objections"));
    }

    [Fact]
    public void TheBreakdownsNameEachPlatformAndChannel_AndHeadEveryColumn()
    {
        SeedDemoProgramme();

        var page = Context.Render<ObjectionsPage>();

        Assert.Equal(["Facebook", "Instagram"], page.FindAll("[aria-label='By platform'] tbody th").Select(th => th.TextContent));
        Assert.Contains("In-app form", page.FindAll("[aria-label='By channel'] tbody th").Select(th => th.TextContent));
        Assert.Equal(["Channel", "Received", "Honoured", "Refused", "Withdrawn", "Pending"], page.FindAll("[aria-label='By channel'] thead th").Select(th => th.TextContent));
    }

    [Fact]
    public void TheObjectionRateTile_ShowsASmallRateWithItsSignificantDigits_NotZero()
    {
        SeedDemoProgramme();
        var metrics = Context.Services.GetRequiredService<ObjectionService>().Metrics(ObjectionFilter.All);
        Assert.InRange(metrics.ObjectionRate!.Value, 1e-7, 1e-4); // 575 objections among tens of millions displayed

        var page = Context.Render<ObjectionsPage>();

        var tile = page.Find("[data-kpi=objection-rate] .kpi-value").TextContent.Trim();
        Assert.Equal(ObjectionRateFormat.Percent(metrics.ObjectionRate.Value), tile);
        Assert.Matches(@"^0\.0*[1-9]\d%$", tile);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
