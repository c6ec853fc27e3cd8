using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using Xunit;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class ComplianceRunRepositoryTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private static ComplianceRun Run(string id, string jurisdiction, DateTime ranAt, CheckOutcome outcome) => new()
    {
        Id = id,
        Jurisdiction = jurisdiction,
        AsOf = ranAt,
        RanAt = ranAt,
        Trigger = RunTrigger.OnDemand,
        RanBy = "Test",
        Results = [new CheckResult { CheckId = CheckCatalogue.AuditChainIntact.Id, Jurisdiction = jurisdiction, AsOf = ranAt, Outcome = outcome, Measured = "intact", Threshold = "intact" }],
    };

    private void Save(ComplianceRun run) =>
        Assert.True(_store.Get<IUnitOfWork>().Write(() => _store.Get<IComplianceRunRepository>().Save(run)).Succeeded);

    [Fact]
    public void Latest_IsTheMostRecentRunOfThatJurisdiction_AndResultsSurviveAReopen()
    {
        var day = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        Save(Run("r1", "UK", day, CheckOutcome.Pass));
        Save(Run("r2", "UK", day.AddDays(1), CheckOutcome.Fail));
        Save(Run("r3", "EU", day.AddDays(2), CheckOutcome.Pass));

        _store.Reopen();

        var latest = _store.Get<IComplianceRunRepository>().Latest("UK");
        Assert.Equal("r2", latest?.Id);
        var result = Assert.Single(latest!.Results);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(CheckCatalogue.AuditChainIntact, result.Definition);
    }

    [Fact]
    public void History_ReturnsTheJurisdictionsRunsInTheRange_OldestFirst()
    {
        var day = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 5; i++) Save(Run($"uk{i}", "UK", day.AddDays(i), CheckOutcome.Pass));
        Save(Run("eu", "EU", day.AddDays(2), CheckOutcome.Pass));

        var history = _store.Get<IComplianceRunRepository>().History("UK", day.AddDays(1), day.AddDays(3));

        Assert.Equal(["uk1", "uk2", "uk3"], history.Select(r => r.Id));
    }

    [Fact]
    public void TrainingRuns_AreListedPerJurisdictionInRegistrationOrder()
    {
        var at = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var runs = _store.Get<ITrainingRunRepository>();
        foreach (var (id, j, offset) in new[] { ("run-b", "UK", 2), ("run-a", "UK", 1), ("run-c", "EU", 0) })
            Assert.True(_store.Get<IUnitOfWork>().Write(() => runs.Save(new TrainingRun { Id = id, Jurisdiction = j, RegisteredAt = at.AddHours(offset), SuppressionListSize = 7 })).Succeeded);

        Assert.Equal(["run-a", "run-b"], runs.ForJurisdiction("UK").Select(r => r.RunId));
        Assert.Equal(7, runs.Find("run-c")?.SuppressionListSize);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : ComplianceRunRepositoryTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : ComplianceRunRepositoryTests(StoreProvider.Postgres);
}
