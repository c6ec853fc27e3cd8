using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Gate;

public sealed class TrainingGateFlowTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task TheOfficerAttemptsToStartTrainingInTheUk_AndSeesTheGatesVerdict()
    {
        var gate = server.Services.GetRequiredService<TrainingGate>();
        var jurisdictions = server.Services.GetRequiredService<JurisdictionService>();
        var app = new DashboardPages(await server.NewPageAsync());
        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();
        await app.Page.GotoAsync("/jurisdictions/UK");
        await app.WaitUntilInteractiveAsync();

        var before = gate.Verdict("UK")!;
        var stateBefore = jurisdictions.Find("UK")!.State;
        var panel = app.Page.GetByLabel("Training gate", new() { Exact = true });
        await Expect(panel.GetByTestId("gate-state")).ToHaveTextAsync(before.Open ? "Open" : before.OverrideInForce ? "Closed — override in force" : "Closed");
        foreach (var failing in before.FailingChecks)
            await Expect(panel.Locator($"[data-check='{failing.CheckId}']")).ToContainTextAsync(failing.Title);

        await panel.GetByRole(AriaRole.Button, new() { Name = "Request training start" }).ClickAsync();
        var dialog = app.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("textarea").First.FillAsync("Safeguards reviewed with the DPO; starting the UK run.");
        var verdict = gate.Verdict("UK")!;
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Request training start" }).ClickAsync();

        if (verdict.Allows)
        {
            await Expect(app.Page.GetByRole(AriaRole.Heading, new() { Name = "United Kingdom", Level = 1 }).Locator("xpath=..")).ToContainTextAsync("Training");
            Assert.Equal(ProgrammeState.Training, jurisdictions.Find("UK")!.State);
        }
        else
        {
            var alert = dialog.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("the pre-training gate is closed");
            await Expect(alert.Locator("li")).ToHaveTextAsync(verdict.FailingChecks.Select(f => f.Describe()).ToArray());
            Assert.Equal(stateBefore, jurisdictions.Find("UK")!.State);
        }
    }
}
