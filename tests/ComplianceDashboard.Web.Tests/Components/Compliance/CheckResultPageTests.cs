using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Compliance;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components.Compliance;

public sealed class CheckResultPageTests : ComponentTestBase
{
    private static readonly string CheckId = CheckCatalogue.ObjectionsWithinLegalLimit.Id;

    public CheckResultPageTests()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();
    }

    private void Save(int daysAgo, CheckOutcome outcome, string measured)
    {
        var at = TimeProviderExtensions.TruncateToMs(DateTime.UtcNow.AddDays(-daysAgo));
        var run = new ComplianceRun
        {
            Id = $"run-{daysAgo}", Jurisdiction = "UK", AsOf = at, RanAt = at, Trigger = RunTrigger.Scheduled, RanBy = "System",
            Results =
            [
                new CheckResult
                {
                    CheckId = CheckId, Jurisdiction = "UK", AsOf = at, Outcome = outcome, Measured = measured, Threshold = "≥ 99 %",
                    Explanation = $"Explained {daysAgo}", Evidence = [new EvidenceLink("Objections", "/objections")],
                },
            ],
        };
        Assert.True(Context.Services.GetRequiredService<IUnitOfWork>().Write(() => Context.Services.GetRequiredService<IComplianceRunRepository>().Save(run)).Succeeded);
    }

    private IRenderedComponent<CheckResultPage> Render(string jurisdiction, string checkId) =>
        Context.Render<CheckResultPage>(p => p.Add(x => x.Jurisdiction, jurisdiction).Add(x => x.CheckId, checkId));

    [Fact]
    public void ShowsTheLatestResult_WithMeasuredThresholdExplanationAndEvidenceLinks()
    {
        Save(3, CheckOutcome.Pass, "99.5 %");
        Save(1, CheckOutcome.Fail, "97.0 %");

        var page = Render("UK", CheckId);

        Assert.Contains("8. Objections resolved within the legal limit", page.Find("h1").TextContent);
        Assert.Equal("97.0 %", page.Find("[data-testid=measured]").TextContent.Trim());
        Assert.Equal("≥ 99 %", page.Find("[data-testid=threshold]").TextContent.Trim());
        Assert.Equal("Explained 1", page.Find("[data-testid=explanation]").TextContent.Trim());
        Assert.Equal("/objections", page.Find("[aria-label=Evidence] a").GetAttribute("href"));
        Assert.Equal("Latest result: Fail", page.Find("[aria-label='Latest result'] .outcome-chip").GetAttribute("aria-label"));
    }

    [Fact]
    public void ShowsWhenTheCheckTurnedRedAndWhenItRecovered_NewestFirst()
    {
        Save(5, CheckOutcome.Pass, "99.5 %");
        Save(4, CheckOutcome.Fail, "97.0 %");
        Save(3, CheckOutcome.Fail, "96.0 %");
        Save(2, CheckOutcome.Pass, "99.2 %");

        var page = Render("UK", CheckId);

        var transitions = page.FindAll("[data-testid=transition]").Select(t => t.TextContent.Split('·')[1].Trim()).ToList();
        Assert.Equal(["Recovered (pass)", "Turned red (fail)", "First run: pass"], transitions);
    }

    [Fact]
    public void SaysSo_ForAnUnknownCheckOrJurisdiction_AndWhenTheCheckNeverRan()
    {
        Assert.NotNull(Render("UK", "no-such-check").Find("[aria-label='Check not found']"));
        Assert.NotNull(Render("XX", CheckId).Find("[aria-label='Check not found']"));
        Assert.Contains("has not run", Render("UK", CheckId).Find("[aria-label='No result yet']").TextContent);
    }
}
