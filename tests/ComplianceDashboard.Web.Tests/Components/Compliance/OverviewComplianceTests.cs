using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Pages.Overview;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components.Compliance;

/// <summary>The Overview's compliance parts: failing checks and gate state per card, and the alerts panel.</summary>
public sealed class OverviewComplianceTests : ComponentTestBase
{
    public OverviewComplianceTests()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();
    }

    private T Get<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    private AngleSharp.Dom.IElement Card(IRenderedComponent<OverviewPage> page, string code) =>
        page.FindAll("[data-testid=jurisdiction-card]").Single(c => c.QuerySelector("a[aria-label^='Details of']")?.GetAttribute("href") == $"/jurisdictions/{code}");

    private void SaveRun(string id, int minutesAgo, Func<CheckDefinition, CheckOutcome> outcome)
    {
        var at = TimeProviderExtensions.TruncateToMs(DateTime.UtcNow.AddMinutes(-minutesAgo));
        var run = new ComplianceRun
        {
            Id = id, Jurisdiction = "UK", AsOf = at, RanAt = at, RanBy = "System",
            Results = CheckCatalogue.All.Select(c => new CheckResult { CheckId = c.Id, Jurisdiction = "UK", AsOf = at, Outcome = outcome(c), Measured = "m" }).ToArray(),
        };
        Assert.True(Get<IUnitOfWork>().Write(() => Get<IComplianceRunRepository>().Save(run)).Succeeded);
    }

    [Fact]
    public void BeforeAnyRun_CardsSayTheGateIsUnknown_AndNoCheckTurnedRed()
    {
        var page = Context.Render<OverviewPage>();

        Assert.Contains("Checks have not run yet", Card(page, "UK").QuerySelector("[data-testid=gate-state]")!.TextContent);
        Assert.NotNull(page.Find("[data-testid=no-turned-red]"));
    }

    [Fact]
    public void ACard_ShowsItsFailingChecks_AndTheGateOpenOnlyWhenEveryGateCheckPassed()
    {
        SaveRun("r1", 10, c => c == CheckCatalogue.RealData ? CheckOutcome.Warning : c == CheckCatalogue.CommitmentsOnTrack ? CheckOutcome.Fail : CheckOutcome.Pass);
        var open = Card(Context.Render<OverviewPage>(), "UK");
        Assert.Equal("Training gate open", open.QuerySelector("[data-testid=gate-state]")!.GetAttribute("aria-label"));
        Assert.Equal("1 failing check", open.QuerySelector("[data-testid=failing-count]")!.TextContent.Trim());
        Assert.Equal("/compliance/UK/regulator-commitments", open.QuerySelector(".failing-checks a")!.GetAttribute("href"));

        SaveRun("r2", 5, c => c == CheckCatalogue.CoverageTargetReached ? CheckOutcome.Warning : CheckOutcome.Pass);
        var closed = Card(Context.Render<OverviewPage>(), "UK");
        Assert.Equal("Training gate closed", closed.QuerySelector("[data-testid=gate-state]")!.GetAttribute("aria-label"));
        Assert.Equal("0 failing checks", closed.QuerySelector("[data-testid=failing-count]")!.TextContent.Trim());
    }

    [Fact]
    public void Alerts_ListTheChecksThatTurnedRedSinceThePreviousRun()
    {
        SaveRun("r1", 10, c => c == CheckCatalogue.AuditChainIntact ? CheckOutcome.Fail : CheckOutcome.Pass);
        SaveRun("r2", 5, c => c is { Number: 8 or 11 } ? CheckOutcome.Fail : CheckOutcome.Pass);

        var page = Context.Render<OverviewPage>();

        var red = page.FindAll("[data-testid=turned-red] li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/compliance/UK/objections-within-limit"], red);
    }

    [Fact]
    public void Alerts_ShowObjectionsDueWithin7DaysPerJurisdiction_AndTheAssessmentReviews()
    {
        var metrics = Get<ObjectionService>().Metrics(new ObjectionFilter(Jurisdiction: "UK"));

        var page = Context.Render<OverviewPage>();

        var chip = page.Find("[data-testid=objections-due] [aria-label^='UK:']");
        Assert.Equal($"UK: {metrics.DueWithin7Days} objections due within 7 days, {metrics.OverdueNow} overdue", chip.GetAttribute("aria-label"));
        Assert.NotNull(page.Find("[data-testid=alerts] [data-testid=assessment-reviews]"));
    }
}
