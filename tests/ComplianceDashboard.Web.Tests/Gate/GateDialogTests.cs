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

/// <summary>The gate's dialogs say clearly why a step was refused; the change-state dialog lists the failing checks.</summary>
public sealed class GateDialogTests : ComponentTestBase
{
    private readonly ScriptedEvaluator _evaluator = new();

    public GateDialogTests()
    {
        Context.Services.AddSingleton<IComplianceEvaluator>(_evaluator);
        SeedDemoProgramme();
        _evaluator.Set(CheckCatalogue.CoverageTargetReached, CheckOutcome.Fail);
        _evaluator.Set(CheckCatalogue.DeliveryDataComplete, CheckOutcome.Warning);
    }

    private TrainingGate Gate => Context.Services.GetRequiredService<TrainingGate>();
    private GateOverrideService Overrides => Context.Services.GetRequiredService<GateOverrideService>();
    private Jurisdiction Uk => Context.Services.GetRequiredService<JurisdictionService>().Find("UK")!;
    private static Actor Dpo => Actor.User("dpo@demo.example", "Dana DPO", Role.Dpo);
    private static Actor Legal => Actor.User("legal@demo.example", "Leo Legal", Role.LegalReviewer);

    /// <summary>Signed in as the demo legal reviewer, opens the approval dialog from the panel and submits it.</summary>
    private IRenderedComponent<MudDialogProvider> Approve(string password)
    {
        SignInAs(Role.LegalReviewer);
        var provider = Context.Render<MudDialogProvider>();
        var panel = Context.Render<GatePanel>(p => p.Add(x => x.Jurisdiction, Uk));
        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Approve override").Click();
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog textarea")));
        provider.Find(".mud-dialog textarea").Change("Launch commitment to the board.");
        provider.Find(".mud-dialog input[type=password]").Change(password);
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Approve override").Click();
        return provider;
    }

    // Re-entered passwords are checked with PBKDF2 off the renderer's thread: allow for a busy machine.
    private static void AssertRefusal(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.WaitForAssertion(() => Assert.Contains(text, provider.Find(".mud-dialog [role=alert]").TextContent), TimeSpan.FromSeconds(30));

    [Fact]
    public void ApprovingBeforeTheDpoAdvised_SaysTheAdviceComesFirst()
    {
        var provider = Approve(DemoAccounts.Password);

        AssertRefusal(provider, "The DPO's advice on overriding the gate of United Kingdom must be recorded before a legal reviewer approves.");
        Assert.Null(Gate.OpenOverride("UK"));
    }

    [Fact]
    public void AWrongPassword_SaysSo_AndApprovesNothing()
    {
        Assert.True(Overrides.RecordDpoAdvice(Dpo, "UK", "Proceed with care.").Succeeded);

        var provider = Approve("not-the-password");

        AssertRefusal(provider, "The password you re-entered is wrong. Nothing was approved.");
        Assert.Empty(Gate.OpenOverride("UK")!.Approvals);
    }

    [Fact]
    public void ApprovingASecondTime_SaysADifferentReviewerMustApprove()
    {
        Assert.True(Overrides.RecordDpoAdvice(Dpo, "UK", "Proceed with care.").Succeeded);
        Assert.True(Overrides.Approve(Legal, "UK", DemoAccounts.Password, "First approval.").Succeeded);

        var provider = Approve(DemoAccounts.Password);

        AssertRefusal(provider, "A different legal reviewer must give the second approval.");
        Assert.Single(Gate.OpenOverride("UK")!.Approvals);
    }

    [Fact]
    public async Task TheChangeStateDialog_ListsEveryFailingGateCheck_WhenTrainingIsRefused()
    {
        SignInAs(Role.ComplianceOfficer);
        var expected = Gate.Verdict("UK")!;
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        Task<Jurisdiction?> closed = null!;
        // The dialog's task completes only when it closes; do not wait for it here.
        await provider.InvokeAsync(() => { closed = dialogs.ChangeStateAsync(Uk); });
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog textarea")));

        var select = provider.FindComponents<MudSelect<ProgrammeState>>().Single();
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ProgrammeState.Training));
        provider.Find(".mud-dialog textarea").Change("Ready to train.");
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Change state").Click();

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog [role=alert] li")), TimeSpan.FromSeconds(30));
        Assert.Equal(expected.FailingChecks.Select(f => f.Describe()), provider.FindAll(".mud-dialog [role=alert] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("pre-training gate is closed", provider.Find(".mud-dialog [role=alert]").TextContent);
        Assert.Equal(ProgrammeState.Notifying, Uk.State);
        Assert.False(closed.IsCompleted);
    }
}
