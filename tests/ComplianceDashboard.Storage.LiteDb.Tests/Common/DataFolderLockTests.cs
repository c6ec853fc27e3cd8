using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public sealed class DataFolderLockTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create();

    public void Dispose() => _store.Dispose();

    private StoreOptions SameFolder => new(_store.Directory, DemoMode: true);

    [Fact]
    public void Open_Throws_WhileAnotherStoreHoldsTheFolder_SayingTheFolderIsInUse()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => LiteDbStore.Open(SameFolder, TimeProvider.System));

        Assert.Contains("is in use by another ComplianceDashboard process", error.Message);
        Assert.Contains(_store.Directory, error.Message);
    }

    [Fact]
    public void Open_LeavesTheStoreThatHoldsTheFolderWorking_WhenItIsRefused()
    {
        Assert.Throws<StoreUnavailableException>(() => LiteDbStore.Open(SameFolder, TimeProvider.System));

        var created = _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");

        Assert.True(created.Succeeded);
        Assert.True(_store.Store.IsOpen);
    }

    [Fact]
    public void Open_Succeeds_AfterTheStoreHoldingTheFolderIsDisposed()
    {
        _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");
        _store.Close();

        using var reopened = LiteDbStore.Open(SameFolder, TimeProvider.System);

        Assert.True(reopened.IsOpen);
        Assert.Equal(1, reopened.Database.GetCollection("jurisdictions").Count());
    }

    [Fact]
    public void Open_Throws_AClearError_WhenTheFolderCannotBeCreated()
    {
        // A folder cannot be created beneath a plain file, even by root.
        var file = Path.Combine(_store.Directory, "not-a-folder.txt");
        File.WriteAllText(file, "");
        var impossible = Path.Combine(file, "data");

        var error = Assert.Throws<StoreUnavailableException>(() => LiteDbStore.Open(new StoreOptions(impossible, DemoMode: false), TimeProvider.System));

        Assert.Contains($"The data folder '{impossible}' cannot be created", error.Message);
    }
}
