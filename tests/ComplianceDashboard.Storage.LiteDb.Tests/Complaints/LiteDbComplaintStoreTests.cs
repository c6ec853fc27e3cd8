using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Complaints;

/// <summary>The complaint store contract on a real LiteDB file in a temporary folder.</summary>
public sealed class LiteDbComplaintStoreTests() : ComplaintStoreContract(new LiteDbHarness())
{
    private sealed class LiteDbHarness : IComplaintStoreHarness
    {
        private readonly TestStore _store = TestStore.Create(demoMode: false, new ManualClock(Start));

        public T Get<T>() where T : notnull => _store.Get<T>();
        public void Advance(TimeSpan by) => _store.Clock.Advance(by);
        public void Reopen() => _store.Reopen(demoMode: false);
        public void Dispose() => _store.Dispose();
    }
}
