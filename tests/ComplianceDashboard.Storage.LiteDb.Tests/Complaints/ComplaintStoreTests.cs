using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Complaints;

/// <summary>The complaint store contract on a real store of each kind (a LiteDB file in a temporary folder, a PostgreSQL database).</summary>
public static class ComplaintStoreTests
{
    public sealed class OnLiteDb() : ComplaintStoreContract(new Harness(StoreProvider.LiteDb));

    public sealed class OnPostgres() : ComplaintStoreContract(new Harness(StoreProvider.Postgres));

    private sealed class Harness(StoreProvider provider) : IComplaintStoreHarness
    {
        private readonly TestStore _store = TestStore.Create(provider, demoMode: false, new ManualClock(ComplaintStoreContract.Start));

        public T Get<T>() where T : notnull => _store.Get<T>();
        public void Advance(TimeSpan by) => _store.Clock.Advance(by);
        public void Reopen() => _store.Reopen(demoMode: false);
        public void Dispose() => _store.Dispose();
    }
}
