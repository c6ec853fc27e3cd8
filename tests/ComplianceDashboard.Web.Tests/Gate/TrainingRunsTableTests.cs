using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Jurisdictions;
using ComplianceDashboard.Web.Components.Shared;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Gate;

public sealed class TrainingRunsTableTests : ComponentTestBase
{
    private readonly ScriptedEvaluator _evaluator = new();

    public TrainingRunsTableTests()
    {
        Context.Services.AddSingleton<IComplianceEvaluator>(_evaluator);
        SeedDemoProgramme();
        SignInAs(Role.Auditor);
    }

    [Fact]
    public void NoRunsYet_SaysSo()
    {
        var table = Context.Render<TrainingRunsTable>(p => p.Add(x => x.JurisdictionCode, "UK"));

        Assert.Contains("No training runs registered yet", table.Markup);
        Assert.Empty(table.FindAll("[data-testid=training-run]"));
    }

    [Fact]
    public void ARegisteredRun_IsListedWithItsCutOffsInEnGb_SuppressionSize_ObjectorsFound_AndNoOverrideFlag()
    {
        var cutoff = new DateTime(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);
        var registered = Context.Services.GetRequiredService<TrainingRunService>().Register(
            Actor.ApiKey("k", "pipeline", ApiScope.Ingest),
            new TrainingRunRegistration("UK", "llm-2026-01", "snap-0105", cutoff, cutoff.AddHours(2), new string('c', 64), 48211, 2));
        Assert.True(registered.Succeeded, registered.Failure?.Message);
        var run = registered.Value.Run!;

        var table = Context.Render<TrainingRunsTable>(p => p.Add(x => x.JurisdictionCode, "UK"));

        var cells = table.Find("[data-testid=training-run][data-run='llm-2026-01']").Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("llm-2026-01", cells[0]);
        Assert.Equal("snap-0105", cells[1]);
        Assert.Equal("5 Jan 2026, 14:30 UTC", cells[2]);
        Assert.Equal(Display.DateTime(run.ObjectionCutoffAt), cells[3]);
        Assert.Equal("48,211 objectors", cells[4]);
        Assert.Equal("2", cells[5]);
        Assert.False(run.UnderOverride);
        Assert.Equal("No", cells[7]);
    }
}
