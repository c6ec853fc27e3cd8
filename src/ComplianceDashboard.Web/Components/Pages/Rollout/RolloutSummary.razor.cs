using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Components.Pages.Rollout;

/// <summary>The figures of a rollout report: the funnel as a table with bars, coverage over time on a day chart, cohorts, totals.</summary>
public partial class RolloutSummary
{
    [Parameter, EditorRequired] public RolloutReport Report { get; set; } = default!;
    [Parameter] public Func<string, string> CampaignName { get; set; } = id => id;

    private IReadOnlyList<DateOnly> _coverageDays = [];
    private IReadOnlyList<ChartLine> _coverageLines = [];
    private IReadOnlyList<double> _coverageTicks = [];

    /// <summary>The stages people pass through, each a subset of the one before.</summary>
    private IEnumerable<(string Label, long Value, string Id)> FunnelStages =>
    [
        ("Eligible adults", Report.Funnel.Eligible, "eligible"), ("Sent", Report.Funnel.Sent, "sent"),
        ("Delivered", Report.Funnel.Delivered, "delivered"), ("Displayed", Report.Funnel.Displayed, "displayed"),
        ("Objection form opened", Report.Funnel.FormOpened, "form-opened"), ("Objections submitted", Report.Funnel.ObjectionsSubmitted, "objections"),
    ];

    private IEnumerable<(string Label, long Value, string Id)> SafeguardRows =>
    [
        ("Earlier objectors suppressed", Report.Funnel.SuppressedPriorObjectors, "suppressed"),
        ("Earlier objectors contacted", Report.Funnel.PriorObjectorsContacted, "prior-contacted"),
        ("Under-18 accounts excluded", Report.Funnel.MinorsExcluded, "minors"),
    ];

    /// <summary>A stage as a share of eligible adults: a non-zero share below 0.1% says so rather than reading as 0.0%.</summary>
    private string Share(long value) => Report.Funnel.Eligible <= 0 ? "–" : ((double)value / Report.Funnel.Eligible) switch
    {
        0 => "0%",
        < 0.001 => "< 0.1%",
        var share => share.ToString("P1", Display.Culture),
    };

    /// <summary>Bars share the eligible scale; a stage above zero keeps a sliver so it never looks empty.</summary>
    private string BarWidth(long value)
    {
        var max = Math.Max(1, FunnelStages.Max(s => s.Value));
        return value <= 0 ? "width:0" : FormattableString.Invariant($"width:max(2px, {100.0 * value / max:0.##}%)");
    }

    private string Target => Report.CoverageTarget.ToString("P0", Display.Culture);

    private string CoverageCaption => Report.Coverage.Count == 0 ? "" :
        $"% of eligible adults shown the notice, {Display.Date(Report.Coverage[0].Date)} – {Display.Date(Report.Coverage[^1].Date)}";

    private string CoverageSummary => Report.Coverage.Count == 0 ? "" :
        $"Coverage from {Display.Date(Report.Coverage[0].Date)} to {Display.Date(Report.Coverage[^1].Date)}: latest " +
        $"{(Report.LatestCoverage ?? 0).ToString("P1", Display.Culture)} of eligible adults against a target of {Target}" +
        (Report.TargetCrossedOn is { } crossed ? $", reached on {Display.Date(crossed)}." : ", not reached yet.");

    protected override void OnParametersSet()
    {
        var points = Report.Coverage;
        _coverageDays = points.Select(p => p.Date).ToList();
        _coverageLines =
        [
            new("coverage", "Coverage", points.Select(p => Math.Round(p.Coverage * 100, 1)).ToList(), "var(--mud-palette-primary)", Shaded: true),
            new("target", $"Target {Target}", points.Select(_ => (double)(Report.CoverageTarget * 100)).ToList(), "var(--mud-palette-secondary)", Dashed: true),
        ];
        var highest = points.Count == 0 ? 100 : Math.Max(100, points.Max(p => p.Coverage * 100));
        _coverageTicks = Enumerable.Range(0, (int)Math.Ceiling(highest / 20) + 1).Select(i => i * 20.0).ToList();
    }
}
