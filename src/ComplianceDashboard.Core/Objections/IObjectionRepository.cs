using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Objections;

/// <summary>An open objection as the metrics need it: enough to filter and to age it against its due date.</summary>
public sealed record OpenObjection(string Id, string Jurisdiction, Platform Platform, ObjectionChannel Channel, DateOnly ReceivedDay, DateOnly DueDate);

/// <summary>How many open objections share everything a metrics filter and the backlog look at.</summary>
public sealed record OpenGroup(string Jurisdiction, Platform Platform, ObjectionChannel Channel, DateOnly ReceivedDay, DateOnly DueDate, long Count);

/// <summary>The committed rollups and the open objections by due date: everything a metrics read looks at.</summary>
public sealed record ObjectionSnapshot(IReadOnlyList<ObjectionRollup> Rollups, IReadOnlyList<OpenObjection> Open)
{
    public static readonly ObjectionSnapshot Empty = new([], []);

    private IReadOnlyList<OpenGroup>? _openGroups;

    /// <summary>
    /// The open objections grouped by jurisdiction, platform, channel, received day and due date: a few thousand groups
    /// however many are open (the due date follows from the received day), made once per snapshot on its first metrics read,
    /// so each read that follows loops over the groups rather than over every open objection. Two readers that ask at the
    /// same moment may both make it; they make the same groups.
    /// </summary>
    public IReadOnlyList<OpenGroup> OpenGroups => _openGroups ??= Group(Open);

    private static OpenGroup[] Group(IReadOnlyList<OpenObjection> open)
    {
        var counts = new Dictionary<(string, Platform, ObjectionChannel, DateOnly, DateOnly), long>();
        foreach (var o in open)
        {
            var key = (o.Jurisdiction, o.Platform, o.Channel, o.ReceivedDay, o.DueDate);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts.Select(kv => new OpenGroup(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Key.Item5, kv.Value)).ToArray();
    }
}

/// <summary>What the drill-down can sort by.</summary>
public enum ObjectionSort
{
    ReceivedAt,
    DueDate,
    ObjectionId,
    Status,
}

/// <summary>A page of the drill-down: a filter, an optional search (objection id or subject reference), sorting and paging.</summary>
public sealed record ObjectionQuery(
    ObjectionFilter Filter,
    string? Search = null,
    ObjectionStatus? Status = null,
    ObjectionSort Sort = ObjectionSort.ReceivedAt,
    bool Descending = true,
    int Skip = 0,
    int Take = 50);

public sealed record ObjectionPage(IReadOnlyList<Objection> Items, int TotalCount);

/// <summary>Stores objections, their day rollups and the index of open objections by due date.</summary>
public interface IObjectionRepository
{
    Objection? Find(string objectionId);

    /// <summary>The stored objections among <paramref name="objectionIds"/>, by id.</summary>
    IReadOnlyDictionary<string, Objection> FindMany(IReadOnlyCollection<string> objectionIds);

    /// <summary>Saves new and changed records with the rollups they changed. Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    void Save(IReadOnlyList<Objection> inserted, IReadOnlyList<Objection> updated, IReadOnlyList<ObjectionRollup> rollups);

    /// <summary>
    /// Applies an import's rows (decided, in file order, each id once) inside <see cref="IUnitOfWork.Write{T}"/>: inserts the new
    /// ones, moves the changed ones forward with their history, counts the unchanged, and updates the rollups. A row that would
    /// change what cannot change adds its errors to <paramref name="conflicts"/> (<see cref="ObjectionImportRules.Compare"/>) and
    /// the caller rolls the transaction back. The rows are enumerated once and never held together: a store works through them
    /// in chunks or streams them to the database (PostgreSQL enumerates them on a thread of its own, ahead of its writes, and
    /// has finished with them when this returns), so enumerating them must not depend on the calling thread.
    /// </summary>
    ObjectionImportCounts Import(IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts);

    /// <summary>The committed rollup with this key, or null.</summary>
    ObjectionRollup? Rollup(string key);

    /// <summary>The committed rollups and open objections (an in-memory copy maintained on commit; never a scan).</summary>
    ObjectionSnapshot Snapshot();

    ObjectionPage Search(ObjectionQuery query);

    /// <summary>Every objection matching the filter and search, in the query's order (for export).</summary>
    IEnumerable<Objection> Stream(ObjectionQuery query);

    /// <summary>The rollup documents as stored (for repair checks and tests).</summary>
    IReadOnlyList<ObjectionRollup> StoredRollups();

    IEnumerable<Objection> All();

    /// <summary>
    /// The objections of a jurisdiction received at or before <paramref name="asOf"/> and not resolved by then (still
    /// open, or resolved later): the open set plus an indexed query on the resolved time; never a scan of the records.
    /// </summary>
    IReadOnlyList<OpenObjection> OpenAt(string jurisdiction, DateTime asOf);

    /// <summary>
    /// How many of a jurisdiction's objections were received at or before <paramref name="asOf"/> and unresolved at it: the
    /// day rollups before its day (received − honoured − refused − withdrawn) plus indexed one-day ranges for its own day.
    /// </summary>
    long OpenCountAt(string jurisdiction, DateTime asOf);

    /// <summary>
    /// The objections open at <paramref name="asOf"/> whose due date was before its day. Only records still open, answered
    /// late or withdrawn can qualify, so it reads the open set and two small indexed sets, never the whole collection.
    /// </summary>
    IReadOnlyList<OpenObjection> OverdueAt(string jurisdiction, DateTime asOf);

    /// <summary>The refusals of a jurisdiction resolved at or before <paramref name="asOf"/> (an indexed query on the status).</summary>
    IReadOnlyList<Objection> RefusedBy(string jurisdiction, DateTime asOf);

    /// <summary>
    /// The refusals of a jurisdiction resolved on the UTC days <paramref name="from"/> to <paramref name="to"/> (whole days,
    /// as the day rollups count them), by resolution time: an indexed query on the status.
    /// </summary>
    IReadOnlyList<Objection> RefusedOnDays(string jurisdiction, DateOnly from, DateOnly to);

    /// <summary>
    /// The objections of a jurisdiction whose extension was notified on the UTC days <paramref name="from"/> to
    /// <paramref name="to"/> (whole days, as the day rollups count them), by notification time: an indexed range query.
    /// </summary>
    IReadOnlyList<Objection> ExtendedOnDays(string jurisdiction, DateOnly from, DateOnly to);
}

/// <summary>Store housekeeping after large imports (folds the write-ahead log into the data file).</summary>
public interface IStoreMaintenance
{
    void Checkpoint();
}
