using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static ComplianceDashboard.E2E.Tests.Assessments.AssessmentSteps;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Assessments;

/// <summary>The EU assessment on the AI template (EDPB Opinion 28/2024): a measure the balancing relies on holds the gate until verified.</summary>
public sealed class AiTemplateFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Eu = DemoAssessments.EuId;

    /// <summary>In the demo's EU v2 watermarking goes beyond a legal duty, is implemented, and the balancing does not rely on it.</summary>
    private const string Measure = "SG-WATERMARKING";

    private static readonly string Check15 = CheckCatalogue.ReliedOnMitigationsVerified.Id;

    [Fact]
    public async Task ANewEuVersionRelyingOnAnUnverifiedMeasure_FailsCheck15AndHoldsTheGate_UntilAVersionApprovedByASecondReviewerMarksItVerified()
    {
        AddSecondReviewer(server);
        var gate = server.Services.GetRequiredService<TrainingGate>();
        var assessments = server.Services.GetRequiredService<AssessmentService>();
        Assert.DoesNotContain(gate.Verdict("EU")!.FailingChecks, f => f.CheckId == Check15);
        var officer = await SignedInAsync(server, "officer@demo.example");
        var approver = await SignedInAsync(server, SecondReviewer, SecondReviewerPassword);

        // Version 3, on the AI template: a new answer to one of its questions, and the balancing now relies on watermarking.
        await ReviseAsync(officer, Eu, 2);
        await Expect(officer.Page.GetByTestId("template").First).ToContainTextAsync(AssessmentTemplates.AiModelDevelopment.Label);
        await AnswerAsync(officer.Page, "C-EXP-FURTHER-USES", "Internal features only; no open release and no third-party access to the model.");
        var relied = officer.Page.Locator($"[data-question='{Measure}']")
            .GetByRole(AriaRole.Switch, new() { NameRegex = new Regex("relied on in the balancing$", RegexOptions.IgnoreCase) });
        await Expect(relied).Not.ToBeCheckedAsync();
        await relied.ClickAsync();
        await Expect(relied).ToBeCheckedAsync();
        await SubmitAsync(officer.Page);
        await OpenAsync(approver, $"/assessments/{Eu}/versions/3");
        await ApproveAsync(approver.Page, SecondReviewerPassword);
        var v3 = assessments.Find(Eu)!.FindVersion(3)!;
        Assert.Equal("Internal features only; no open release and no third-party access to the model.", v3.AnswerTo("C-EXP-FURTHER-USES").Text);
        Assert.True(v3.AnswerTo(Measure).Safeguard!.IsReliedOnMitigation);

        // Check 15 fails, naming the measure, and the gate lists it.
        await OpenAsync(officer, "/jurisdictions/EU");
        var panel = officer.Page.GetByLabel("Training gate", new() { Exact = true });
        var failing15 = panel.Locator($"[data-check='{Check15}']");
        await Expect(failing15).ToContainTextAsync(CheckCatalogue.ReliedOnMitigationsVerified.Title);
        await Expect(failing15).ToContainTextAsync($"{Measure} (Implemented)");
        var closed = gate.Verdict("EU")!;
        Assert.False(closed.Open);
        await Expect(panel.GetByTestId("gate-state")).ToHaveTextAsync(StateOf(closed));

        // Version 4 marks the measure verified; once a reviewer who did not edit it approves, check 15 passes.
        await ReviseAsync(officer, Eu, 3);
        await officer.Page.GetByRole(AriaRole.Combobox, new() { Name = $"{Measure}: status" }).ClickAsync();
        await officer.Page.GetByRole(AriaRole.Option, new() { Name = "Verified", Exact = true }).ClickAsync();
        await SubmitAsync(officer.Page);
        await OpenAsync(approver, $"/assessments/{Eu}/versions/4");
        await ApproveAsync(approver.Page, SecondReviewerPassword);

        await OpenAsync(officer, "/jurisdictions/EU");
        var verdict = gate.Verdict("EU")!;
        Assert.DoesNotContain(verdict.FailingChecks, f => f.CheckId == Check15);
        await Expect(panel.Locator($"[data-check='{Check15}']")).ToHaveCountAsync(0);
        await Expect(panel.GetByTestId("gate-state")).ToHaveTextAsync(StateOf(verdict));
        await Expect(panel.GetByTestId("failing-check")).ToHaveCountAsync(verdict.FailingChecks.Count);
    }

    /// <summary>The gate panel's state label for a verdict.</summary>
    private static string StateOf(GateVerdict verdict) => verdict.Open ? "Open" : verdict.OverrideInForce ? "Closed — override in force" : "Closed";
}
