using System.Text;
using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Components.Pages.Rollout;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Rollout;

/// <summary>An antiforgery token for components rendered outside a request.</summary>
internal sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token", "__RequestVerificationToken");
}

public sealed class RolloutPageTests : ComponentTestBase
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);

    public RolloutPageTests()
    {
        Context.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
        SignInAs(Role.ComplianceOfficer);
    }

    [Fact]
    public void ShowsTheEmptyState_WhenThereAreNoCampaigns()
    {
        var page = Context.Render<RolloutPage>();

        Assert.Contains("No notification campaigns yet", page.Find("[aria-label='No campaigns']").TextContent);
        Assert.Empty(page.FindAll("[data-testid=cohort-row]"));
    }

    [Fact]
    public void ShowsTheFunnelCoverageAndEveryCohort_ForTheDemoProgramme()
    {
        SeedDemoProgramme();

        var page = Context.Render<RolloutPage>();

        Assert.True(long.Parse(page.Find("[data-testid=funnel-eligible]").TextContent.Replace(",", "")) > 10_000_000);
        Assert.StartsWith("Target reached on", page.Find("[data-testid=target-crossed]").TextContent.Trim());
        Assert.Equal(8, page.FindAll("[data-testid=cohort-row]").Count);
        Assert.Equal(4, page.FindAll("[data-testid=campaign-row]").Count);
        Assert.Empty(page.FindAll("[data-testid=prior-objectors-flag]"));
    }

    [Fact]
    public void TheFunnelIsATableOfStages_WithEachCountItsShareOfEligibleAdultsAndABarToScale()
    {
        SeedDemoProgramme();
        var funnel = Context.Services.GetRequiredService<RolloutQueryService>().Report(Officer, new RolloutFilter()).Value.Funnel;

        var page = Context.Render<RolloutPage>();

        var table = page.FindAll("table").Single(t => t.QuerySelector("caption")?.TextContent == "Delivery funnel");
        Assert.Equal(["Stage", "People", "Of eligible"], table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        var stages = page.FindAll("[data-testid=funnel-stage]");
        Assert.Equal(["Eligible adults", "Sent", "Delivered", "Displayed", "Objection form opened", "Objections submitted"],
            stages.Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        Assert.Equal(funnel.Displayed.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), page.Find("[data-testid=funnel-displayed]").TextContent);
        Assert.Equal("100.0%", page.Find("[data-testid=funnel-eligible-share]").TextContent);
        Assert.Equal(((double)funnel.Displayed / funnel.Eligible).ToString("P1", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), page.Find("[data-testid=funnel-displayed-share]").TextContent);
        // Objections are a small share of tens of millions: shown as such, never as 0.0%.
        Assert.NotEqual("0.0%", page.Find("[data-testid=funnel-objections-share]").TextContent);
        Assert.All(stages, r => Assert.Equal("true", r.QuerySelector(".funnel-bar")!.GetAttribute("aria-hidden")));
        Assert.Equal("width:max(2px, 100%)", stages[0].QuerySelector(".funnel-bar > span")!.GetAttribute("style"));
        Assert.Empty(page.FindAll("[aria-label='Delivery funnel chart']"));
        Assert.Equal("0", page.Find("[data-testid=funnel-prior-contacted]").TextContent);
    }

    [Fact]
    public void CoverageOverTime_IsPlottedDayByDay_OnAPercentScaleWithTheTargetDashed()
    {
        SeedDemoProgramme();
        var report = Context.Services.GetRequiredService<RolloutQueryService>().Report(Officer, new RolloutFilter()).Value;

        var page = Context.Render<RolloutPage>();

        var chart = page.FindComponent<Web.Components.Shared.DayLineChart>();
        Assert.Equal(["0%", "20%", "40%", "60%", "80%", "100%"], chart.FindAll(".day-chart-y span").Select(s => s.TextContent));
        var points = chart.Find("polyline[data-series=coverage]").GetAttribute("points")!.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(report.Coverage.Count, points.Count);
        var (first, last) = (report.Coverage[0].Date.DayNumber, report.Coverage[^1].Date.DayNumber);
        for (var i = 0; i < points.Count; i++)
        {
            // Coordinates are written with two decimals.
            Assert.InRange(points[i][0] - Web.Components.Shared.DayLineChart.PlotWidth * (report.Coverage[i].Date.DayNumber - first) / (double)(last - first), -0.006, 0.006);
            Assert.InRange(points[i][1] - Web.Components.Shared.DayLineChart.PlotHeight * (1 - Math.Round(report.Coverage[i].Coverage * 100, 1) / 100), -0.006, 0.006);
        }
        Assert.Contains("dashed", chart.Find("polyline[data-series=target]").ClassName);
        Assert.Contains($"latest {report.LatestCoverage!.Value.ToString("P1", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))} of eligible adults",
            chart.Find("svg[role=img]").GetAttribute("aria-label"));
        Assert.Empty(page.FindAll("[aria-label='Coverage over time chart']"));
    }

    [Fact]
    public void FlagsAWindowBelowTheMinimum_AndRaisesTheRedFlag_WhenEarlierObjectorsWereContacted()
    {
        SeedDemoProgramme();
        var start = Context.Services.GetRequiredService<Core.Jurisdictions.JurisdictionService>().Find("UK")!.PlannedTrainingStart!.Value.AddDays(-10);
        var campaigns = Context.Services.GetRequiredService<CampaignService>();
        campaigns.Create(Officer, new CampaignDetails("LATE-FB", "UK", Platform.Facebook, "Late wave", CampaignStatus.Sending, start, null, start, null));
        var notice = campaigns.AddNotice(Officer, "LATE-FB", new NoticeDetails("v1", "Text", "en-GB", NoticeChannel.InApp, start, null)).Value;
        campaigns.AddCohort(Officer, "LATE-FB", new CohortDetails("wave-1", "Late cohort", 1000, start, null, notice.Id));
        var csv = $"campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded\nLATE-FB,wave-1,{start:yyyy-MM-dd},facebook,in_app,1000,900,800,700,5,2,1,3,0";
        Assert.True(Context.Services.GetRequiredService<DeliveryImportService>().Import(Officer, Encoding.UTF8.GetBytes(csv), "test").Value.Accepted);

        var page = Context.Render<RolloutPage>();

        var late = page.FindAll("[data-testid=cohort-row]").Single(r => r.TextContent.Contains("Late cohort"));
        Assert.Contains("10 days — below the 30-day minimum", late.QuerySelector("[data-testid=objection-window]")!.TextContent);
        Assert.Contains("3 contacted", late.QuerySelector("[data-testid=prior-objectors-flag]")!.TextContent);
        Assert.Contains("3 people who had objected earlier", page.Find("[aria-label='Earlier objectors contacted']").TextContent);
    }

    [Fact]
    public void OffersNoCampaignEditingOrUpload_ToAnAuditor()
    {
        SeedDemoProgramme();
        SignInAs(Role.Auditor);

        var page = Context.Render<RolloutPage>();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New campaign", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(page.FindAll("[aria-label='Upload delivery figures']"));
        Assert.Empty(page.FindAll("[aria-label^='Edit campaign']"));
        Assert.Equal(4, page.FindAll("[data-testid=campaign-row]").Count);
    }

    [Fact]
    public void ShowsTheNoFiguresState_WhenTheFiltersMatchNothing()
    {
        SeedDemoProgramme();
        var page = Context.Render<RolloutPage>();

        page.FindComponents<MudBlazor.MudSelect<string>>()[0].InvokeAsync(() =>
            page.FindComponents<MudBlazor.MudSelect<string>>()[0].Instance.ValueChanged.InvokeAsync("EU"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[aria-label='No delivery figures']")));
        Assert.Empty(page.FindAll("[data-testid=cohort-row]"));
    }
}
