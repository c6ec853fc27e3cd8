using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Compliance;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components.Compliance;

public sealed class CompliancePageTests : ComponentTestBase
{
    private ComplianceService Service => Context.Services.GetRequiredService<ComplianceService>();

    [Fact]
    public void ShowsTheEmptyState_WhenNoRunExists()
    {
        SignInAs(Role.ComplianceOfficer);
        SeedDemoProgramme();

        var page = Context.Render<CompliancePage>();

        Assert.Contains("No checks have run yet", page.Find("[aria-label='No checks run yet']").TextContent);
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public void ShowsEveryCheckAsARow_AndEveryJurisdictionAsAColumn_WithLabelledChipsFromTheLatestRun()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();
        var runs = Service.RunAll(Actor.System, RunTrigger.Scheduled).Value;

        var page = Context.Render<CompliancePage>();

        var rows = page.FindAll("tr[data-check]");
        Assert.Equal(CheckCatalogue.All.Select(c => c.Id), rows.Select(r => r.GetAttribute("data-check")));
        Assert.Equal(CheckCatalogue.All.Count * runs.Count, page.FindAll(".outcome-chip").Count);
        var uk = runs.Single(r => r.Jurisdiction == "UK");
        var demoCheck = page.Find("tr[data-check='real-data'] td[data-jurisdiction='UK'] .outcome-chip");
        Assert.Equal("Check 14, The jurisdiction's data is not demo data, in United Kingdom: Warning", demoCheck.GetAttribute("aria-label"));
        Assert.Equal("/compliance/UK/real-data", demoCheck.GetAttribute("href"));
        var lia = page.Find("tr[data-check='lia-in-force'] td[data-jurisdiction='UK'] .outcome-chip");
        Assert.Equal(CheckDisplay.Label(uk.ResultOf("lia-in-force")!.Outcome), lia.GetAttribute("data-outcome"));
        Assert.Contains($"Last run {Display.DateTime(uk.RanAt)}", page.Find("th[data-jurisdiction='UK'] .last-run").TextContent);
        Assert.Contains("Transparency", rows[3].TextContent);
    }

    [Fact]
    public void HidesRunChecksNow_FromAnAuditor()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();

        var page = Context.Render<CompliancePage>();

        Assert.Empty(page.FindAll("button[aria-label='Run checks now']"));
    }

    [Fact]
    public void RunChecksNow_RunsEveryJurisdiction_AndShowsTheResults()
    {
        SignInAs(Role.ComplianceOfficer);
        SeedDemoProgramme();
        var page = Context.Render<CompliancePage>();

        page.Find("button[aria-label='Run checks now']").Click();

        page.WaitForAssertion(() => Assert.Equal(CheckCatalogue.All.Count * 3, page.FindAll(".outcome-chip").Count), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid=checks-running]"));
        var latest = Service.Latest("UK");
        Assert.Equal(RunTrigger.OnDemand, latest?.Trigger);
        Assert.Equal("Olivia Officer", latest?.RanBy);
    }
}
