using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Components.Pages.Jurisdictions;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Gate;

/// <summary>The gate panel of the jurisdiction page, over a demo store with a scripted evaluator; expectations come from the gate service.</summary>
public sealed class GatePanelTests : ComponentTestBase
{
    private readonly ScriptedEvaluator _evaluator = new();

    public GatePanelTests()
    {
        Context.Services.AddSingleton<IComplianceEvaluator>(_evaluator);
        SeedDemoProgramme();
    }

    private TrainingGate Gate => Context.Services.GetRequiredService<TrainingGate>();
    private Jurisdiction Uk => Context.Services.GetRequiredService<JurisdictionService>().Find("UK")!;

    private IRenderedComponent<GatePanel> Render() => Context.Render<GatePanel>(p => p.Add(x => x.Jurisdiction, Uk));

    private static IReadOnlyList<string> Buttons(IRenderedComponent<GatePanel> panel) =>
        panel.FindAll("button").Select(b => b.TextContent.Trim()).ToList();

    private void CloseGate()
    {
        _evaluator.Set(CheckCatalogue.SafeguardsVerified, CheckOutcome.Fail);
        _evaluator.Set(CheckCatalogue.ObjectionsHonouredBeforeTraining, CheckOutcome.Warning);
    }

    [Fact]
    public void AClosedGate_ListsEachFailingCheckTheGateReports_WithWhy()
    {
        SignInAs(Role.Auditor);
        CloseGate();
        var expected = Gate.Verdict("UK")!;

        var panel = Render();

        Assert.Equal("Closed", panel.Find("[data-testid=gate-state]").TextContent.Trim());
        var rows = panel.FindAll("[data-testid=failing-check]");
        Assert.Equal(expected.FailingChecks.Select(f => f.CheckId), rows.Select(r => r.GetAttribute("data-check")));
        Assert.Equal(expected.FailingChecks.Select(f => f.Explanation), rows.Select(r => r.Children[3].TextContent.Trim()));
        Assert.Equal(expected.FailingChecks.Select(f => f.Title), rows.Select(r => r.Children[1].TextContent.Trim()));
        Assert.Empty(panel.FindAll("button"));
    }

    [Fact]
    public void AnOpenGate_SaysSo_AndListsNothing()
    {
        SignInAs(Role.ComplianceOfficer);
        Assert.True(Gate.Verdict("UK")!.Open);

        var panel = Render();

        Assert.Equal("Open", panel.Find("[data-testid=gate-state]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=failing-check]"));
        Assert.Contains("Request training start", Buttons(panel));
    }

    [Theory]
    [InlineData(Role.ComplianceOfficer, "Request training start")]
    [InlineData(Role.Dpo, "Record DPO advice")]
    [InlineData(Role.LegalReviewer, "Approve override")]
    public void EachRoleSeesOnlyItsOwnGateAction(Role role, string action)
    {
        SignInAs(role);
        CloseGate();

        var panel = Render();

        var gateActions = new[] { "Request training start", "Record DPO advice", "Approve override", "Revoke override" };
        Assert.Equal([action], Buttons(panel).Where(gateActions.Contains));
    }

    [Fact]
    public void AnOverrideInForce_IsShownWithItsAdviceAndBothApprovals()
    {
        SignInAs(Role.LegalReviewer);
        CloseGate();
        var users = Context.Services.GetRequiredService<UserService>();
        Assert.True(users.Add(Actor.CommandLine, "legal2@demo.example", "Rita Reviewer", Role.LegalReviewer, DemoAccounts.Password).Succeeded);
        var overrides = Context.Services.GetRequiredService<GateOverrideService>();
        Assert.True(overrides.RecordDpoAdvice(Actor.User("dpo@demo.example", "Dana DPO", Role.Dpo), "UK", "Proceed with weekly review.").Succeeded);
        Assert.True(overrides.Approve(Actor.User("legal@demo.example", "Leo Legal", Role.LegalReviewer), "UK", DemoAccounts.Password, "Launch commitment.").Succeeded);
        Assert.True(overrides.Approve(Actor.User("legal2@demo.example", "Rita Reviewer", Role.LegalReviewer), "UK", DemoAccounts.Password, "Agreed.").Succeeded);
        Assert.True(Gate.Verdict("UK")!.OverrideInForce);

        var panel = Render();

        Assert.Equal("Closed — override in force", panel.Find("[data-testid=gate-state]").TextContent.Trim());
        Assert.Contains("in force since", panel.Find("[data-testid=override-state]").TextContent);
        Assert.Equal(2, panel.FindAll("[data-testid=override-approval]").Count);
        Assert.Contains("Proceed with weekly review.", panel.Markup);
        Assert.Contains("Revoke override", Buttons(panel));
        Assert.DoesNotContain("Approve override", Buttons(panel));
    }

    [Fact]
    public void AnOfficersRequestToStartTraining_WhileTheGateIsClosed_ShowsTheGatesFailingChecksInTheDialog()
    {
        SignInAs(Role.ComplianceOfficer);
        CloseGate();
        var expected = Gate.Verdict("UK")!;
        var provider = Context.Render<MudDialogProvider>();
        var panel = Render();

        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Request training start").Click();
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog textarea")));
        provider.Find(".mud-dialog textarea").Change("All safeguards reviewed.");
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Request training start").Click();

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog [role=alert] li")), TimeSpan.FromSeconds(30));
        Assert.Equal(expected.FailingChecks.Select(f => f.Describe()), provider.FindAll(".mud-dialog [role=alert] li").Select(li => li.TextContent.Trim()));
        Assert.Equal(ProgrammeState.Notifying, Uk.State);
    }
}
