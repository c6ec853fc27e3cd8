using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class ComplianceServiceTests : IDisposable
{
    private readonly CheckFixture _f;
    private static readonly Actor Officer = Actor.User("officer@x.example", "Olivia Officer", Role.ComplianceOfficer);
    private static readonly Actor Auditor = Actor.User("auditor@x.example", "Arthur Auditor", Role.Auditor);

    protected ComplianceServiceTests(StoreProvider provider)
    {
        _f = new(provider: provider);
        _f.Clock(Noon);
    }

    public void Dispose() => _f.Dispose();

    private ComplianceService Service => _f.Get<ComplianceService>();

    [Fact]
    public void Run_StoresEveryResultAsOfNow_AndAuditsTheRunInTheSameWrite()
    {
        var run = Service.Run(Officer, "uk", RunTrigger.OnDemand);

        Assert.True(run.Succeeded, run.Failure?.Message);
        Assert.Equal(CheckCatalogue.All.Count, run.Value.Results.Length);
        Assert.Equal(Noon, run.Value.AsOf);
        Assert.Equal("Olivia Officer", run.Value.RanBy);
        Assert.Equal(run.Value.Id, Service.Latest("UK")?.Id);
        var entry = _f.Get<IAuditLog>().Query(new AuditFilter(Action: "compliance.checks-run"), 0, 10).Entries.Single();
        Assert.Equal(run.Value.Id, entry.EntityId);
        Assert.Contains("UK (OnDemand)", entry.Summary);
        Assert.Contains("lia-in-force", entry.Summary);
    }

    [Fact]
    public void Run_AsOfAPastMoment_IgnoresLaterEvents()
    {
        var approved = Noon.AddDays(-1);
        _f.Lia(approved, new DateOnly(2027, 1, 1));
        var before = Service.Run(Officer, Code, RunTrigger.OnDemand, approved.AddMilliseconds(-1)).Value;
        var after = Service.Run(Officer, Code, RunTrigger.OnDemand).Value;
        Assert.Equal(CheckOutcome.Fail, before.ResultOf(CheckCatalogue.ApprovedAssessmentInForce.Id)!.Outcome);
        Assert.Equal(CheckOutcome.Pass, after.ResultOf(CheckCatalogue.ApprovedAssessmentInForce.Id)!.Outcome);
    }

    [Fact]
    public void Run_IsRefused_WithoutThePermission_ForScheduledRunsByAUser_ForAFutureTime_AndForAnUnknownJurisdiction()
    {
        Assert.Equal(FailureKind.Forbidden, Service.Run(Auditor, Code, RunTrigger.OnDemand).Failure?.Kind);
        Assert.Equal(FailureKind.Forbidden, Service.Run(Officer, Code, RunTrigger.Scheduled).Failure?.Kind);
        Assert.Equal(FailureKind.Validation, Service.Run(Officer, Code, RunTrigger.OnDemand, Noon.AddSeconds(1)).Failure?.Kind);
        Assert.Equal(FailureKind.NotFound, Service.Run(Officer, "XX", RunTrigger.OnDemand).Failure?.Kind);
        Assert.Null(Service.Latest(Code));
        Assert.Empty(_f.Get<IAuditLog>().Query(new AuditFilter(Action: "compliance.checks-run"), 0, 10).Entries);
    }

    [Fact]
    public void RunAll_RunsEveryJurisdictionAsTheSystem()
    {
        _f.Write(() => _f.Get<IJurisdictionRepository>().Save(new Jurisdiction { Id = "EU", Name = "European Union" }));
        var runs = Service.RunAll(Actor.System, RunTrigger.Scheduled);
        Assert.True(runs.Succeeded, runs.Failure?.Message);
        Assert.Equal(["EU", "UK"], runs.Value.Select(r => r.Jurisdiction).ToArray());
        Assert.All(runs.Value, r => Assert.Equal(RunTrigger.Scheduled, r.Trigger));
    }

    [Fact]
    public void Evaluate_NeedsViewProgramme_AndStoresNothing()
    {
        Assert.Equal(CheckCatalogue.All.Count, Service.Evaluate(Auditor, Code, Noon).Value.Count);
        Assert.Equal(FailureKind.Forbidden, Service.Evaluate(Actor.Anonymous("test"), Code, Noon).Failure?.Kind);
        Assert.Null(Service.Latest(Code));
    }

    [Fact]
    public void History_AndTurnedRed_ShowWhenACheckFailedSinceThePreviousRun()
    {
        _f.Lia(Noon.AddDays(-10), new DateOnly(2027, 1, 1), supersededAt: Noon.AddHours(1));
        var first = Service.Run(Officer, Code, RunTrigger.OnDemand).Value;
        _f.Clock(Noon.AddHours(2));
        Service.Run(Officer, Code, RunTrigger.OnDemand);

        var red = Service.TurnedRedSincePreviousRun(Code);

        // The LIA's checks went red (15 from not applicable: a legacy LIA reads as the ICO template); coverage (no campaign) failed in both runs, so it did not "turn" red.
        Assert.Equal([CheckCatalogue.ApprovedAssessmentInForce.Id, CheckCatalogue.AssessmentReviewNotOverdue.Id, CheckCatalogue.SafeguardsVerified.Id, CheckCatalogue.ReliedOnMitigationsVerified.Id],
            red.Select(r => r.Result.CheckId).ToArray());
        Assert.Equal(CheckOutcome.Pass, red[0].Before);
        Assert.Equal(CheckOutcome.Fail, first.ResultOf(CheckCatalogue.CoverageTargetReached.Id)!.Outcome);
        var history = Service.History(Code);
        Assert.Equal(2, history.Count);
        Assert.Equal(first.Id, history[0].Id);
        var timeline = CheckTimeline.Transitions(history, CheckCatalogue.ApprovedAssessmentInForce.Id);
        Assert.Equal([CheckOutcome.Pass, CheckOutcome.Fail], timeline.Select(t => t.To).ToArray());
    }

    public sealed class OnLiteDb() : ComplianceServiceTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ComplianceServiceTests(StoreProvider.Postgres);
}
