namespace ComplianceDashboard.Core.Objections;

/// <summary>What an import records on the rows it writes: its batch id, and who wrote them as the history says it.</summary>
public sealed record ObjectionImportBatch(string BatchId, string By);

/// <summary>How many rows of an import were new, moved forward, or already stored exactly as sent.</summary>
public sealed record ObjectionImportCounts(int Inserted, int Updated, int Unchanged);

/// <summary>What an import row does to the stored record with its id.</summary>
public enum ImportRowChange
{
    Unchanged,
    Updated,
    Conflict,
}

/// <summary>
/// The rules of an import row against the stored record with its id (DESIGN decision 4): the facts of an objection never
/// change, and its status only moves forward from received. One home for the conflict messages, so every store reports
/// the same <see cref="ImportError"/>s.
/// </summary>
public static class ObjectionImportRules
{
    /// <summary>Compares a decided row with its stored record, adding one error per rule it breaks.</summary>
    public static ImportRowChange Compare(Objection current, Objection incoming, int line, ICollection<ImportError> conflicts)
    {
        var before = conflicts.Count;
        void Conflict(string column, string message) => conflicts.Add(new ImportError(line, column, message));
        if (current.SubjectRef != incoming.SubjectRef) Conflict("subject_ref", $"Objection {current.Id} is stored with another subject_ref; it cannot change.");
        if (current.ReceivedAt != incoming.ReceivedAt) Conflict("received_at", $"Objection {current.Id} is stored with received_at {current.ReceivedAt:O}; it cannot change.");
        if (current.Jurisdiction != incoming.Jurisdiction) Conflict("jurisdiction", $"Objection {current.Id} is stored under {current.Jurisdiction}; it cannot change.");
        if (current.Platform != incoming.Platform) Conflict("platform", $"Objection {current.Id} is stored for {current.Platform.Token()}; it cannot change.");
        if (current.Channel != incoming.Channel) Conflict("channel", $"Objection {current.Id} is stored as {current.Channel.Token()}; it cannot change.");
        if (current.CarriedOver != incoming.CarriedOver) Conflict("prior_objection", $"Objection {current.Id} is stored with prior_objection {current.CarriedOver.ToString().ToLowerInvariant()}; it cannot change.");
        if (conflicts.Count > before) return ImportRowChange.Conflict;

        if (SameOutcome(current, incoming)) return ImportRowChange.Unchanged;
        if (current.Status != ObjectionStatus.Received)
            Conflict("status", current.Status == incoming.Status
                ? $"Objection {current.Id} was already {current.Status.Token()}; a resolved objection cannot change."
                : $"Objection {current.Id} is already {current.Status.Token()}; it cannot go to {incoming.Status.Token()}.");
        else if (current.ExtensionNotifiedAt is { } ext && incoming.ExtensionNotifiedAt != ext)
            Conflict("extension_notified_at", $"Objection {current.Id} already has an extension notified at {ext:O}; it cannot change.");
        return conflicts.Count > before ? ImportRowChange.Conflict : ImportRowChange.Updated;
    }

    /// <summary>Whether the row says what is stored about where the objection stands.</summary>
    public static bool SameOutcome(Objection current, Objection incoming) =>
        current.Status == incoming.Status && current.ResolvedAt == incoming.ResolvedAt &&
        current.RefusalGrounds == incoming.RefusalGrounds && current.ExtensionNotifiedAt == incoming.ExtensionNotifiedAt &&
        current.ExtensionReason == incoming.ExtensionReason;

    /// <summary>A new objection from a decided row: version 1, in the batch, with its history so far.</summary>
    public static Objection Created(Objection incoming, ObjectionImportBatch batch) =>
        incoming with { Version = 1, BatchId = batch.BatchId, History = InitialHistory(incoming, batch.By) };

    /// <summary>The stored record moved forward to what the row says (the row was decided with the same facts, so its due date holds).</summary>
    public static Objection Advanced(Objection current, Objection incoming, ObjectionImportBatch batch) => current with
    {
        Status = incoming.Status,
        ResolvedAt = incoming.ResolvedAt,
        RefusalGrounds = incoming.RefusalGrounds,
        ExtensionNotifiedAt = incoming.ExtensionNotifiedAt,
        ExtensionReason = incoming.ExtensionReason,
        DueDate = incoming.DueDate,
        OpenDueDate = incoming.OpenDueDate,
        WithinLegalLimit = incoming.WithinLegalLimit,
        BatchId = batch.BatchId,
        Version = current.Version + 1,
        History = [.. current.History, .. Steps(current, incoming, batch.By)],
    };

    /// <summary>The history of a new record: received, then whatever it already carries (an extension, its resolution).</summary>
    public static ObjectionStatusChange[] InitialHistory(Objection o, string by) =>
        [new() { Status = ObjectionStatus.Received, At = o.ReceivedAt, By = by, Note = "Received" }, .. Steps(null, o, by)];

    private static IEnumerable<ObjectionStatusChange> Steps(Objection? before, Objection after, string by)
    {
        if (after.ExtensionNotifiedAt is { } ext && before?.ExtensionNotifiedAt is null)
            yield return new() { Status = ObjectionStatus.Received, At = ext, By = by, Note = ExtensionNote(after.ExtensionReason) };
        if (after.Status != ObjectionStatus.Received && after.ResolvedAt is { } at && before?.Status != after.Status)
            yield return new() { Status = after.Status, At = at, By = by, Note = ResolutionNote(after.Status, after.RefusalGrounds) };
    }

    /// <summary>The history note of a notified extension.</summary>
    public static string ExtensionNote(string? reason) => $"Extension notified{(reason is { } r ? ": " + r : "")}";

    /// <summary>The history note of a resolution: "Honoured", "Withdrawn", or "Refused: grounds".</summary>
    public static string ResolutionNote(ObjectionStatus status, string? grounds) =>
        grounds is { } g ? $"Refused: {g}" : Capitalise(status.Token());

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>
/// Applies an import's rows in C#, a chunk at a time, for a store that works record by record: compares each row with
/// its stored record, makes the new and moved-forward records, counts the unchanged, and gathers the rollup changes of
/// the whole import (a few thousand day rollups at most, whatever the number of rows).
/// </summary>
public sealed class ObjectionImportApplier(ObjectionImportBatch batch, ICollection<ImportError> conflicts)
{
    private readonly RollupDeltas _deltas = new();
    private int _inserted, _updated, _unchanged;

    public ObjectionImportCounts Counts => new(_inserted, _updated, _unchanged);

    /// <summary>The records to insert and to update for one chunk of rows, given the stored records among their ids.</summary>
    public (List<Objection> Inserted, List<Objection> Updated) Apply(IReadOnlyList<ObjectionRow> rows, IReadOnlyDictionary<string, Objection> stored)
    {
        var inserted = new List<Objection>(rows.Count - stored.Count);
        var updated = new List<Objection>();
        foreach (var row in rows)
        {
            var incoming = row.Objection;
            if (!stored.TryGetValue(incoming.Id, out var current))
            {
                var created = ObjectionImportRules.Created(incoming, batch);
                inserted.Add(created);
                _deltas.Change(null, created);
                continue;
            }
            switch (ObjectionImportRules.Compare(current, incoming, row.Line, conflicts))
            {
                case ImportRowChange.Unchanged:
                    _unchanged++;
                    break;
                case ImportRowChange.Updated:
                    var next = ObjectionImportRules.Advanced(current, incoming, batch);
                    updated.Add(next);
                    _deltas.Change(current, next);
                    break;
            }
        }
        _inserted += inserted.Count;
        _updated += updated.Count;
        return (inserted, updated);
    }

    /// <summary>The rollups after the whole import, read from <paramref name="current"/> (committed state).</summary>
    public IReadOnlyList<ObjectionRollup> Rollups(Func<string, ObjectionRollup?> current) => _deltas.Apply(current);
}
