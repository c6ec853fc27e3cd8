using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// The one port this adapter does not implement yet: objections (their COPY-based import and rollup tables come with the
/// objection work, which replaces this registration in DependencyInjection.AddObjections). Every use throws.
/// </summary>
internal sealed class ObjectionsNotStoredYet : IObjectionRepository
{
    public const string Message =
        "The PostgreSQL store cannot hold objections yet (its objection repository is not built): use the LiteDB store (ComplianceDashboard:Store:Provider=LiteDb) until it is.";

    private static StoreUnavailableException Missing() => new(Message);

    public Objection? Find(string objectionId) => throw Missing();
    public IReadOnlyDictionary<string, Objection> FindMany(IReadOnlyCollection<string> objectionIds) => throw Missing();
    public void Save(IReadOnlyList<Objection> inserted, IReadOnlyList<Objection> updated, IReadOnlyList<ObjectionRollup> rollups) => throw Missing();
    public ObjectionImportCounts Import(IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts) => throw Missing();
    public ObjectionRollup? Rollup(string key) => throw Missing();
    public ObjectionSnapshot Snapshot() => throw Missing();
    public ObjectionPage Search(ObjectionQuery query) => throw Missing();
    public IEnumerable<Objection> Stream(ObjectionQuery query) => throw Missing();
    public IReadOnlyList<ObjectionRollup> StoredRollups() => throw Missing();
    public IEnumerable<Objection> All() => throw Missing();
    public IReadOnlyList<OpenObjection> OpenAt(string jurisdiction, DateTime asOf) => throw Missing();
    public long OpenCountAt(string jurisdiction, DateTime asOf) => throw Missing();
    public IReadOnlyList<OpenObjection> OverdueAt(string jurisdiction, DateTime asOf) => throw Missing();
    public IReadOnlyList<Objection> RefusedBy(string jurisdiction, DateTime asOf) => throw Missing();
    public IReadOnlyList<Objection> RefusedOnDays(string jurisdiction, DateOnly from, DateOnly to) => throw Missing();
    public IReadOnlyList<Objection> ExtendedOnDays(string jurisdiction, DateOnly from, DateOnly to) => throw Missing();
}
