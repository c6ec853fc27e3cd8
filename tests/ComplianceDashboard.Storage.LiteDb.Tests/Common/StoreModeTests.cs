using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public abstract class StoreModeTests(StoreProvider provider)
{
    [Fact]
    public void Mode_IsRecordedAtCreationAndKeptForLife_ForADemoStore()
    {
        using var store = TestStore.Create(provider, demoMode: true);
        var created = store.Get<IStoreInfo>().Info;

        store.Reopen(demoMode: false);

        Assert.Equal(StoreMode.Demo, created.Mode);
        Assert.Equal(StoreMode.Demo, store.Get<IStoreInfo>().Info.Mode);
        Assert.Equal(StoreMode.Demo, store.Get<IStoreInfo>().Info.Mode);
        Assert.Equal(created.CreatedAt, store.Get<IStoreInfo>().Info.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, store.Get<IStoreInfo>().Info.CreatedAt.Kind);
        Assert.Equal(provider == StoreProvider.LiteDb ? LiteDbStore.SchemaVersion : Postgres.Common.PostgresStore.SchemaVersion, store.Get<IStoreInfo>().Info.SchemaVersion);
    }

    [Fact]
    public void Mode_IsRecordedAtCreationAndKeptForLife_ForARealStore()
    {
        using var store = TestStore.Create(provider, demoMode: false);

        store.Reopen(demoMode: true);

        Assert.Equal(StoreMode.Real, store.Get<IStoreInfo>().Info.Mode);
    }

    [Fact]
    public void CreatedAt_IsTheTimeTheStoreWasFirstOpened_ForARealStore()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        using var store = TestStore.Create(provider, demoMode: false);
        var after = DateTime.UtcNow.AddSeconds(1);

        Assert.InRange(store.Get<IStoreInfo>().Info.CreatedAt, before, after);
    }

    [Fact]
    public void CreatedAt_OfADemoStore_IsWhenTheDemoStorysProgrammeSetItUp_BeforeAnythingItRecorded()
    {
        // The store dates itself from the system clock; the story here runs on the same day.
        using var store = TestStore.Create(provider, demoMode: true, new ManualClock(DateTimeOffset.UtcNow));
        store.Get<DemoProgramme>().Seed();

        var createdAt = store.Get<IStoreInfo>().Info.CreatedAt;
        var firstEntry = store.Get<IAuditLog>().ReadAll().First();

        Assert.Equal(DemoStory.StoreCreatedAt(DateTime.UtcNow), createdAt);
        Assert.True(createdAt <= firstEntry.At, $"store created {createdAt:O}, first audit entry {firstEntry.At:O}");
        Assert.True(createdAt < DemoStory.Start(DemoStory.End(DateTime.UtcNow)));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : StoreModeTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : StoreModeTests(StoreProvider.Postgres);
}
