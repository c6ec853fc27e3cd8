using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Components.Pages.Overview;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components;

public sealed class OverviewPageTests : ComponentTestBase
{
    public OverviewPageTests() => SignInAs(Role.ComplianceOfficer);

    [Fact]
    public void ShowsOneCardPerJurisdiction_WithItsRegulatorAndState()
    {
        SeedDemoProgramme();

        var page = Context.Render<OverviewPage>();

        var cards = page.FindAll("[data-testid=jurisdiction-card]")
            .Select(card => (
                Name: card.QuerySelector("h2")?.TextContent.Trim(),
                Regulator: card.QuerySelector("h2 + *")?.TextContent.Split('·')[0].Trim(),
                State: card.QuerySelector(".state-chip")?.TextContent.Trim()))
            .ToList();
        Assert.Equal(
            [("United Kingdom", "ICO", "Notifying users"), ("European Union", "DPC", "Paused"), ("Brazil", "ANPD", "Suspended")],
            cards.OrderBy(c => c.Name == "United Kingdom" ? 0 : c.Name == "European Union" ? 1 : 2));
    }

    [Fact]
    public void ShowsThePlannedTrainingStart_InBritishFormat()
    {
        SeedDemoProgramme();
        var planned = Context.Services.GetRequiredService<JurisdictionService>().Find("UK")!.PlannedTrainingStart!.Value;

        var page = Context.Render<OverviewPage>();

        var uk = Card(page, "United Kingdom");
        // e.g. "5 Mar 2026": day, abbreviated month, year.
        var expected = $"{planned.Day} {CultureInfo.GetCultureInfo("en-GB").DateTimeFormat.GetAbbreviatedMonthName(planned.Month)} {planned.Year}";
        Assert.Equal(expected, Row(uk, "Planned training start"));
        Assert.Equal("not set", Row(Card(page, "European Union"), "Planned training start"));
    }

    [Fact]
    public void FlagsATrainingGateOverrideInForce_OnlyOnItsJurisdictionsCard()
    {
        SeedDemoProgramme();
        var since = new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc);
        var stored = Context.Services.GetRequiredService<IUnitOfWork>().Write(() => Context.Services.GetRequiredService<IGateOverrideRepository>().Save(new GateOverride
        {
            Id = "override-uk-test", Jurisdiction = "UK", OpenedAt = since.AddDays(-1), InForceSince = since,
            Approvals = [new GateOverrideApproval { ByName = "Leo Legal", At = since.AddHours(-1), Reason = "r1" }, new GateOverrideApproval { ByName = "Lena Legal", At = since, Reason = "r2" }],
        }));
        Assert.True(stored.Succeeded, stored.Failure?.Message);

        var page = Context.Render<OverviewPage>();

        Assert.Contains("Gate overridden 4 Mar 2026", Card(page, "United Kingdom").QuerySelector("[data-testid=gate-override]")?.TextContent);
        Assert.Null(Card(page, "European Union").QuerySelector("[data-testid=gate-override]"));
    }

    [Fact]
    public void ShowsTheEmptyState_WhenThereAreNoJurisdictions()
    {
        var page = Context.Render<OverviewPage>();

        Assert.Empty(page.FindAll("[data-testid=jurisdiction-card]"));
        var empty = page.Find("[aria-label='No jurisdictions']");
        Assert.Contains("No jurisdictions yet", empty.TextContent);
        Assert.Equal("/jurisdictions", empty.QuerySelector("a")?.GetAttribute("href"));
    }

    private static IElement Card(IRenderedComponent<OverviewPage> page, string name) =>
        page.FindAll("[data-testid=jurisdiction-card]").Single(c => c.QuerySelector("h2")?.TextContent.Trim() == name);

    private static string? Row(IElement card, string heading) =>
        card.QuerySelectorAll("tr").Single(r => r.QuerySelector("th")?.TextContent.Trim() == heading).QuerySelector("td")?.TextContent.Trim();
}
