using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Objections;

/// <summary>
/// Objections and their day rollups in LiteDB, plus an in-memory copy of the rollups and of the open
/// objections (read once through the open-by-due-date index at start, then maintained after each commit)
/// so a metrics read never touches the records.
/// </summary>
internal sealed class LiteDbObjectionRepository : IObjectionRepository
{
    public const string Collection = "objections";
    public const string RollupCollection = "objection_rollups";
    public const string OutcomeCollection = "objection_outcomes";
    private const string OutcomesBackfill = "objection_outcomes_backfilled_v2";
    private const int BulkBatch = 5_000;

    private readonly LiteDbStore _store;
    private readonly ILiteCollection<Objection> _objections;
    private readonly ILiteCollection<ObjectionRollup> _rollups;
    private readonly ILiteCollection<ObjectionOutcome> _outcomes;
    private readonly Lock _gate = new();
    private Dictionary<string, ObjectionRollup>? _rollupById;
    private Dictionary<string, OpenObjection>? _openById;
    private Dictionary<string, ObjectionOutcome>? _outcomeById;
    private ObjectionSnapshot? _snapshot;

    public LiteDbObjectionRepository(LiteDbStore store)
    {
        _store = store;
        _objections = store.Database.GetCollection<Objection>(Collection);
        _rollups = store.Database.GetCollection<ObjectionRollup>(RollupCollection);
        _outcomes = store.Database.GetCollection<ObjectionOutcome>(OutcomeCollection);
        EnsureIndexes(_objections);
        // Stores made before the outcomes collection indexed these two fields of every record.
        _objections.DropIndex(nameof(Objection.Status));
        _objections.DropIndex(nameof(Objection.WithinLegalLimit));
        BackfillOutcomes();
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IObjectionRepository, LiteDbObjectionRepository>();
        services.AddSingleton<IStoreMaintenance, LiteDbStoreMaintenance>();
    }

    /// <summary>The indexes of the objections collection (the _id index is the unique objection id).</summary>
    public static void EnsureIndexes(ILiteCollection<Objection> objections)
    {
        objections.EnsureIndex(o => o.SubjectRef);
        objections.EnsureIndex(o => o.OpenDueDate);
        objections.EnsureIndex(o => o.ReceivedAt);
        objections.EnsureIndex(o => o.ResolvedAt);
    }

    /// <summary>Once per store: the outcomes of the objections stored before the outcomes collection existed (one pass over the records).</summary>
    private void BackfillOutcomes()
    {
        var done = _store.Database.GetCollection("store");
        if (done.FindById(OutcomesBackfill) is not null) return;
        _store.Write(() =>
        {
            foreach (var o in _objections.FindAll())
                if (ObjectionOutcome.Of(o) is { } outcome) _outcomes.Upsert(outcome);
            done.Insert(new BsonDocument { ["_id"] = OutcomesBackfill });
            return Result<bool>.Ok(true);
        });
    }

    public Objection? Find(string objectionId) => _objections.FindById(objectionId);

    public IReadOnlyDictionary<string, Objection> FindMany(IReadOnlyCollection<string> objectionIds)
    {
        EnsureLoaded();
        var found = new Dictionary<string, Objection>(StringComparer.Ordinal);
        // Every stored objection has a received rollup, so no rollups means no objections (a fresh store skips the lookups).
        lock (_gate)
            if (_rollupById!.Count == 0) return found;
        foreach (var id in objectionIds)
            if (_objections.FindById(id) is { } o) found[id] = o;
        return found;
    }

    public void Save(IReadOnlyList<Objection> inserted, IReadOnlyList<Objection> updated, IReadOnlyList<ObjectionRollup> rollups)
    {
        EnsureLoaded();
        var committed = new CommittedChanges();
        Write(inserted, updated, committed);
        WriteRollups(rollups, committed);
        _store.AfterCommit(() => Publish(committed));
    }

    public ObjectionImportCounts Import(IEnumerable<ObjectionRow> rows, ObjectionImportBatch batch, ICollection<ImportError> conflicts)
    {
        EnsureLoaded();
        var applier = new ObjectionImportApplier(batch, conflicts);
        var committed = new CommittedChanges();
        foreach (var chunk in rows.Chunk(BulkBatch))
        {
            var (inserted, updated) = applier.Apply(chunk, FindMany(chunk.Select(r => r.Objection.Id).ToList()));
            // After a conflict the transaction will be rolled back: the rest is only compared, to report every conflict.
            if (conflicts.Count == 0) Write(inserted, updated, committed);
        }
        if (conflicts.Count > 0) return applier.Counts;
        WriteRollups(applier.Rollups(Rollup), committed);
        _store.AfterCommit(() => Publish(committed));
        return applier.Counts;
    }

    /// <summary>Writes records and their outcomes, noting for the in-memory copy only what it keeps (open objections and outcomes), never the records.</summary>
    private void Write(IReadOnlyList<Objection> inserted, IReadOnlyList<Objection> updated, CommittedChanges committed)
    {
        if (inserted.Count > 0) _objections.InsertBulk(inserted, BulkBatch);
        foreach (var o in updated) _objections.Update(o);
        // A record inserted resolved was never in the open set: only open ones and updated ones (which may leave it) are noted.
        foreach (var o in inserted.Where(o => o.IsOpen).Concat(updated)) committed.Open[o.Id] = o.IsOpen ? Open(o) : null;
        foreach (var o in inserted.Concat(updated))
        {
            if (ObjectionOutcome.Of(o) is not { } outcome) continue;
            _outcomes.Upsert(outcome);
            committed.Outcomes.Add(outcome);
        }
    }

    private void WriteRollups(IReadOnlyList<ObjectionRollup> rollups, CommittedChanges committed)
    {
        foreach (var r in rollups)
        {
            if (r.IsEmpty) _rollups.Delete(r.Id);
            else _rollups.Upsert(r);
        }
        committed.Rollups.AddRange(rollups);
    }

    /// <summary>What a transaction changed in the in-memory copy: open objections set (or removed, as null), outcomes and rollups.</summary>
    private sealed class CommittedChanges
    {
        public Dictionary<string, OpenObjection?> Open { get; } = new(StringComparer.Ordinal);
        public List<ObjectionOutcome> Outcomes { get; } = [];
        public List<ObjectionRollup> Rollups { get; } = [];
    }

    public ObjectionRollup? Rollup(string key)
    {
        EnsureLoaded();
        lock (_gate) return _rollupById!.GetValueOrDefault(key);
    }

    public ObjectionSnapshot Snapshot()
    {
        EnsureLoaded();
        lock (_gate) return _snapshot!;
    }

    public IReadOnlyList<ObjectionRollup> StoredRollups() => _rollups.FindAll().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public IEnumerable<Objection> All() => _objections.FindAll();

    public IReadOnlyList<OpenObjection> OpenAt(string jurisdiction, DateTime asOf)
    {
        var day = DateOnly.FromDateTime(asOf);
        var open = Snapshot().Open.Where(o => o.Jurisdiction == jurisdiction && o.ReceivedDay <= day).ToList();
        // The open set knows the received day only: the few received on the as-of day are read to compare their time.
        var sameDay = open.Where(o => o.ReceivedDay == day).Select(o => o.Id).ToList();
        if (sameDay.Count > 0)
        {
            var late = FindMany(sameDay).Values.Where(o => o.ReceivedAt > asOf).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            open.RemoveAll(o => late.Contains(o.Id));
        }
        // One indexed predicate only, so LiteDB cannot pick the received-at index (which would walk every record).
        var resolvedLater = _objections.Find(Query.GT(nameof(Objection.ResolvedAt), asOf))
            .Where(o => o.Jurisdiction == jurisdiction && o.ReceivedAt <= asOf)
            .Select(Open);
        return [.. open, .. resolvedLater];
    }

    public long OpenCountAt(string jurisdiction, DateTime asOf)
    {
        var day = DateOnly.FromDateTime(asOf);
        var dayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        long open = 0;
        foreach (var r in Snapshot().Rollups)
            if (r.Jurisdiction == jurisdiction && r.Day < day)
                open += r.Received - r.Honoured - r.Refused - r.Withdrawn;
        open += JurisdictionsOf(Query.Between(nameof(Objection.ReceivedAt), dayStart, asOf)).Count(j => j == jurisdiction);
        open -= JurisdictionsOf(Query.Between(nameof(Objection.ResolvedAt), dayStart, asOf)).Count(j => j == jurisdiction);
        return open;
    }

    /// <summary>Only the jurisdiction of each match: no record is mapped in full.</summary>
    private IEnumerable<string> JurisdictionsOf(BsonExpression indexed) =>
        _objections.Query().Where(indexed).Select(o => o.Jurisdiction).ToEnumerable();

    public IReadOnlyList<OpenObjection> OverdueAt(string jurisdiction, DateTime asOf)
    {
        var day = DateOnly.FromDateTime(asOf);
        var openNow = Snapshot().Open.Where(o => o.Jurisdiction == jurisdiction && o.ReceivedDay <= day && o.DueDate < day).ToList();
        // Nothing resolved after asOf (the usual "as of now"): the open set is the whole answer (one index seek).
        if (!_objections.Exists(Query.GT(nameof(Objection.ResolvedAt), asOf))) return openNow;
        // Anything overdue at asOf but resolved since was answered after its due date (not within the limit) or withdrawn.
        var resolvedLate = Outcomes()
            .Where(o => (o.AnsweredLate || o.Status == ObjectionStatus.Withdrawn) &&
                        o.Jurisdiction == jurisdiction && o.ReceivedAt <= asOf && o.ResolvedAt > asOf && o.DueDate < day)
            .Select(o => o.AsOpen());
        return [.. openNow, .. resolvedLate];
    }

    public IReadOnlyList<Objection> RefusedBy(string jurisdiction, DateTime asOf) =>
        Full(Outcomes()
            .Where(o => o.Status == ObjectionStatus.Refused && o.Jurisdiction == jurisdiction && o.ResolvedAt <= asOf)
            .OrderBy(o => o.ResolvedAt).ThenBy(o => o.Id, StringComparer.Ordinal));

    private ObjectionOutcome[] Outcomes()
    {
        EnsureLoaded();
        lock (_gate) return [.. _outcomeById!.Values];
    }

    public IReadOnlyList<Objection> RefusedOnDays(string jurisdiction, DateOnly from, DateOnly to)
    {
        var (start, end) = Days(from, to);
        return Full(Outcomes()
            .Where(o => o.Status == ObjectionStatus.Refused && o.Jurisdiction == jurisdiction && o.ResolvedAt >= start && o.ResolvedAt < end)
            .OrderBy(o => o.ResolvedAt).ThenBy(o => o.Id, StringComparer.Ordinal));
    }

    public IReadOnlyList<Objection> ExtendedOnDays(string jurisdiction, DateOnly from, DateOnly to)
    {
        var (start, end) = Days(from, to);
        return Full(Outcomes()
            .Where(o => o.Jurisdiction == jurisdiction && o.ExtensionNotifiedAt >= start && o.ExtensionNotifiedAt < end)
            .OrderBy(o => o.ExtensionNotifiedAt).ThenBy(o => o.Id, StringComparer.Ordinal));
    }

    /// <summary>The stored records of a few outcomes, in their order.</summary>
    private List<Objection> Full(IEnumerable<ObjectionOutcome> outcomes) => [.. outcomes.Select(o => _objections.FindById(o.Id))];

    private static (DateTime Start, DateTime End) Days(DateOnly from, DateOnly to) =>
        (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public ObjectionPage Search(ObjectionQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var matches = Searched(query).ToList();
            return new ObjectionPage(matches.Skip(query.Skip).Take(query.Take).ToList(), matches.Count);
        }
        var items = Filtered(query).Skip(query.Skip).Limit(query.Take).ToList();
        return new ObjectionPage(items, Count(query));
    }

    public IEnumerable<Objection> Stream(ObjectionQuery query) =>
        string.IsNullOrWhiteSpace(query.Search) ? Filtered(query).ToEnumerable() : Searched(query);

    /// <summary>A search by objection id or subject reference uses the id and subject indexes, then applies the filter to the few matches.</summary>
    private IEnumerable<Objection> Searched(ObjectionQuery query)
    {
        var term = query.Search!.Trim();
        var hits = new Dictionary<string, Objection>(StringComparer.Ordinal);
        if (_objections.FindById(term) is { } byId) hits[byId.Id] = byId;
        foreach (var o in _objections.Find(Query.EQ(nameof(Objection.SubjectRef), term))) hits[o.Id] = o;
        var f = query.Filter;
        var matching = hits.Values.Where(o =>
            f.Matches(o.Jurisdiction, o.Platform, o.Channel, DateOnly.FromDateTime(o.ReceivedAt)) &&
            (query.Status is null || o.Status == query.Status));
        return query.Sort switch
        {
            ObjectionSort.DueDate => query.Descending ? matching.OrderByDescending(o => o.DueDate) : matching.OrderBy(o => o.DueDate),
            ObjectionSort.ObjectionId => query.Descending ? matching.OrderByDescending(o => o.Id, StringComparer.Ordinal) : matching.OrderBy(o => o.Id, StringComparer.Ordinal),
            ObjectionSort.Status => query.Descending ? matching.OrderByDescending(o => o.Status) : matching.OrderBy(o => o.Status),
            _ => query.Descending ? matching.OrderByDescending(o => o.ReceivedAt) : matching.OrderBy(o => o.ReceivedAt),
        };
    }

    private ILiteQueryableResult<Objection> Filtered(ObjectionQuery query)
    {
        var q = _objections.Query();
        var f = query.Filter;
        if (f.Jurisdiction is { } j) q = q.Where(Query.EQ(nameof(Objection.Jurisdiction), j));
        if (f.Platform is { } p) q = q.Where(Query.EQ(nameof(Objection.Platform), p.ToString()));
        if (f.Channel is { } c) q = q.Where(Query.EQ(nameof(Objection.Channel), c.ToString()));
        if (f.From is { } from) q = q.Where(Query.GTE(nameof(Objection.ReceivedAt), from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        if (f.To is { } to) q = q.Where(Query.LT(nameof(Objection.ReceivedAt), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        if (query.Status is { } s) q = q.Where(Query.EQ(nameof(Objection.Status), s.ToString()));
        var field = query.Sort switch
        {
            ObjectionSort.DueDate => "$." + nameof(Objection.DueDate),
            ObjectionSort.ObjectionId => "$._id",
            ObjectionSort.Status => "$." + nameof(Objection.Status),
            _ => "$." + nameof(Objection.ReceivedAt),
        };
        return query.Descending ? q.OrderByDescending(BsonExpression.Create(field)) : q.OrderBy(BsonExpression.Create(field));
    }

    /// <summary>The total for a filter comes from the rollups (received in range) unless a status is asked for.</summary>
    private int Count(ObjectionQuery query)
    {
        if (query.Status is null)
            return (int)Snapshot().Rollups.Where(r => query.Filter.Matches(r.Jurisdiction, r.Platform, r.Channel, r.Day)).Sum(r => r.Received);
        if (query.Status == ObjectionStatus.Received)
            return Snapshot().Open.Count(o => query.Filter.Matches(o.Jurisdiction, o.Platform, o.Channel, o.ReceivedDay));
        return Filtered(query).Count();
    }

    private void EnsureLoaded()
    {
        lock (_gate)
        {
            if (_snapshot is not null) return;
            _rollupById = _rollups.FindAll().ToDictionary(r => r.Id, StringComparer.Ordinal);
            // The open-by-due-date index: every stored value is a yyyy-MM-dd string, resolved records have none.
            _openById = _objections.Find(Query.GTE(nameof(Objection.OpenDueDate), "0000-01-01"))
                .Select(Open).ToDictionary(o => o.Id, StringComparer.Ordinal);
            _outcomeById = _outcomes.FindAll().ToDictionary(o => o.Id, StringComparer.Ordinal);
            _snapshot = new ObjectionSnapshot(_rollupById.Values.ToArray(), _openById.Values.ToArray());
        }
    }

    private void Publish(CommittedChanges committed)
    {
        lock (_gate)
        {
            foreach (var r in committed.Rollups)
            {
                if (r.IsEmpty) _rollupById!.Remove(r.Id);
                else _rollupById![r.Id] = r;
            }
            foreach (var (id, open) in committed.Open)
            {
                if (open is not null) _openById![id] = open;
                else _openById!.Remove(id);
            }
            foreach (var outcome in committed.Outcomes) _outcomeById![outcome.Id] = outcome;
            _snapshot = new ObjectionSnapshot(
                committed.Rollups.Count > 0 ? _rollupById!.Values.ToArray() : _snapshot!.Rollups,
                committed.Open.Count > 0 ? _openById!.Values.ToArray() : _snapshot!.Open);
        }
    }

    private static OpenObjection Open(Objection o) =>
        new(o.Id, o.Jurisdiction, o.Platform, o.Channel, DateOnly.FromDateTime(o.ReceivedAt), o.DueDate);
}

internal sealed class LiteDbStoreMaintenance(LiteDbStore store) : IStoreMaintenance
{
    public void Checkpoint() => store.Checkpoint();
}
