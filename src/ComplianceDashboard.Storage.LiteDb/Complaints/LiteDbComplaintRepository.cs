using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Complaints;

/// <summary>
/// Complaints in LiteDB, plus an in-memory copy of the committed complaints (read once, then maintained after each
/// commit) that the metrics, the lists and the objection links read; writes go to the collection and reach the copy
/// only when their transaction commits.
/// </summary>
internal sealed class LiteDbComplaintRepository : IComplaintRepository
{
    public const string Collection = "complaints";

    private readonly LiteDbStore _store;
    private readonly ILiteCollection<Complaint> _complaints;
    private readonly Lock _gate = new();
    private Dictionary<string, Complaint>? _committed;
    private IReadOnlyList<Complaint>? _all;

    public LiteDbComplaintRepository(LiteDbStore store)
    {
        _store = store;
        _complaints = store.Database.GetCollection<Complaint>(Collection);
        _complaints.EnsureIndex(c => c.ReceivedAt);
    }

    public Complaint? Find(string complaintId) => _complaints.FindById(complaintId);

    public IReadOnlyDictionary<string, Complaint> FindMany(IReadOnlyCollection<string> complaintIds)
    {
        var found = new Dictionary<string, Complaint>(StringComparer.Ordinal);
        foreach (var id in complaintIds.Distinct(StringComparer.Ordinal))
            if (_complaints.FindById(id) is { } c) found[id] = c;
        return found;
    }

    public IReadOnlyList<Complaint> All()
    {
        lock (_gate)
        {
            Load();
            return _all ??= _committed!.Values.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<Complaint> LinkedTo(string objectionId) =>
        All().Where(c => c.LinkedObjectionIds.Contains(objectionId, StringComparer.Ordinal)).ToList();

    public Result<Done> Save(IReadOnlyList<Complaint> inserted, IReadOnlyList<Complaint> updated, IReadOnlyCollection<string>? deleted = null)
    {
        // The committed copy must be read before this transaction writes anything (LiteDB shows a transaction its own writes).
        lock (_gate) Load();
        foreach (var c in inserted)
            if (_complaints.FindById(c.Id) is not null) return Failure.Conflict($"Complaint {c.Id} already exists.");
        foreach (var c in updated)
        {
            var stored = _complaints.FindById(c.Id);
            if (stored is null) return Failure.NotFound($"Complaint {c.Id} no longer exists.");
            if (stored.Version != c.Version - 1)
                return Failure.Conflict($"Complaint {c.Id} was changed by someone else (version {stored.Version} is stored). Reload and try again.");
        }
        if (inserted.Count > 0) _complaints.InsertBulk(inserted);
        foreach (var c in updated) _complaints.Update(c);
        var removed = deleted?.ToList() ?? [];
        foreach (var id in removed) _complaints.Delete(id);
        _store.AfterCommit(() =>
        {
            lock (_gate)
            {
                foreach (var c in inserted.Concat(updated)) _committed![c.Id] = c;
                foreach (var id in removed) _committed!.Remove(id);
                _all = null;
            }
        });
        return Done.Value;
    }

    /// <summary>Reads the committed complaints once; called under the gate.</summary>
    private void Load() => _committed ??= _complaints.FindAll().ToDictionary(c => c.Id, StringComparer.Ordinal);
}
