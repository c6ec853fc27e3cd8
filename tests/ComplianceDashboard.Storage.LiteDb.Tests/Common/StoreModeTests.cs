using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public sealed class StoreModeTests
{
    [Fact]
    public void Mode_IsRecordedAtCreationAndKeptForLife_ForADemoStore()
    {
        using var store = TestStore.Create(demoMode: true);
        var created = store.Store.Info;

        store.Reopen(demoMode: false);

        Assert.Equal(StoreMode.Demo, created.Mode);
        Assert.Equal(StoreMode.Demo, store.Store.Info.Mode);
        Assert.Equal(StoreMode.Demo, store.Get<IStoreInfo>().Info.Mode);
        Assert.Equal(created.CreatedAt, store.Store.Info.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, store.Store.Info.CreatedAt.Kind);
        Assert.Equal(LiteDbStore.SchemaVersion, store.Store.Info.SchemaVersion);
    }

    [Fact]
    public void Mode_IsRecordedAtCreationAndKeptForLife_ForARealStore()
    {
        using var store = TestStore.Create(demoMode: false);

        store.Reopen(demoMode: true);

        Assert.Equal(StoreMode.Real, store.Store.Info.Mode);
    }

    [Fact]
    public void CreatedAt_IsTheTimeTheStoreWasFirstOpened()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        using var store = TestStore.Create();
        var after = DateTime.UtcNow.AddSeconds(1);

        Assert.InRange(store.Store.Info.CreatedAt, before, after);
    }
}
