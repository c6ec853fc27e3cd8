using System.Text;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Objections;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>
/// A warm metrics read on PostgreSQL asks the database nothing (its cached copy is invalidated by LISTEN/NOTIFY), yet it
/// still follows what another instance writes to the same database and what this one writes itself.
/// </summary>
public sealed class PostgresChangeFeedTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TestStore _store = TestStore.Create(StoreProvider.Postgres, demoMode: false);

    public PostgresChangeFeedTests() =>
        Assert.True(_store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK").Succeeded);

    public void Dispose() => _store.Dispose();

    private static MemoryStream Csv(params string[] rows) =>
        new(Encoding.UTF8.GetBytes(ObjectionImportTests.Header + "\n" + string.Join("\n", rows)));

    private long Received() => _store.Get<ObjectionService>().Metrics(ObjectionFilter.All).Received;

    /// <summary>Reads metrics until the change feed listens and the cached copy carries its stamp.</summary>
    private void WarmUp()
    {
        var store = _store.Get<PostgresStore>();
        Assert.True(SpinWait.SpinUntil(() => { Received(); return store.Changes.Stamp() is not null; }, Patience), "the change feed never listened");
        Received();
    }

    [Fact]
    public void AnImportByAnotherInstance_ReachesTheCachedMetricsOfThisOne_WithoutARestart()
    {
        WarmUp();
        Assert.Equal(0, Received());

        using (var other = PostgresStore.Open(new PostgresOptions(_store.ConnectionString, DemoMode: false), TimeProvider.System))
        using (var services = new ServiceCollection().AddComplianceCore().AddPostgresStorage(other).BuildServiceProvider())
        {
            var imported = services.GetRequiredService<ObjectionService>().Import(Actor.System,
                Csv(ObjectionImportTests.Row("FEED-1"), ObjectionImportTests.Row("FEED-2")), "another instance");
            Assert.True(imported.Succeeded && imported.Value.Accepted);
        }

        Assert.True(SpinWait.SpinUntil(() => Received() == 2, Patience), $"this instance still reports {Received()} received objections");
    }

    [Fact]
    public void AnImportByThisInstance_IsInTheNextMetricsRead()
    {
        WarmUp();

        var imported = _store.Get<ObjectionService>().Import(Actor.System, Csv(ObjectionImportTests.Row("SELF-1")), "this instance");

        Assert.True(imported.Succeeded && imported.Value.Accepted);
        Assert.Equal(1, Received());
    }
}
