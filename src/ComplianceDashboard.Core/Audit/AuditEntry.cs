using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Audit;

/// <summary>One link of the append-only, hash-chained audit log.</summary>
public sealed record AuditEntry
{
    public long Sequence { get; init; }
    public DateTime At { get; init; }
    public string ActorId { get; init; } = "";
    public string ActorName { get; init; } = "";
    public string Action { get; init; } = "";
    public string EntityType { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string Summary { get; init; } = "";
    public string PreviousHash { get; init; } = "";
    public string Hash { get; init; } = "";

    /// <summary>The canonical JSON the entry's hash covers (everything but the hash itself).</summary>
    public string Canonical() => CanonicalJson.Serialize("audit-entry", 1, new Dictionary<string, object?>
    {
        ["sequence"] = Sequence,
        ["at"] = At,
        ["actorId"] = ActorId,
        ["actorName"] = ActorName,
        ["action"] = Action,
        ["entityType"] = EntityType,
        ["entityId"] = EntityId,
        ["summary"] = Summary,
        ["previousHash"] = PreviousHash,
    });

    public string ComputeHash() => CanonicalJson.Sha256Hex(PreviousHash + Canonical());
}

/// <summary>The newest link of the chain: how many entries it has and the hash of the last one.</summary>
public sealed record ChainHead(long Count, string Hash)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    public static readonly ChainHead Empty = new(0, GenesisHash);
}

/// <summary>Filters for the audit log page and API.</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? EntityType = null,
    string? Action = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int TotalCount);

/// <summary>The audit log port.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry to the chain. Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary);

    /// <summary>
    /// Appends an entry dated <paramref name="at"/> (to the millisecond) instead of now: for records whose recording time
    /// is part of the data (the demo story, DESIGN decision 9). Never dated before the entry it follows, so times stay in
    /// sequence order; only valid inside <see cref="IUnitOfWork.Write{T}"/>.
    /// </summary>
    AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary, DateTime at);

    ChainHead Head();

    /// <summary>Entries newest first.</summary>
    AuditPage Query(AuditFilter filter, int skip, int take);

    /// <summary>Every entry in sequence order, streamed.</summary>
    IEnumerable<AuditEntry> ReadAll();

    IReadOnlyList<string> EntityTypes();
}

/// <summary>
/// Chain heads recorded elsewhere (every evidence pack records the head as of its as-of time); verification
/// checks that each is still on the chain, which reveals a cut-off tail (DESIGN decision 1).
/// </summary>
public interface IRecordedChainHeads
{
    IReadOnlyList<RecordedChainHead> Recorded();
}

/// <summary>
/// A chain head recorded outside the chain: <paramref name="RecordedBy"/> names the record (e.g. "evidence pack EP-UK-…")
/// and <paramref name="RecordedAt"/>, when given, is when the recording was audited: the chain must then go on past the head
/// and reach that moment, which reveals a tail cut off after the head too.
/// </summary>
public sealed record RecordedChainHead(ChainHead Head, string RecordedBy, DateTime? RecordedAt = null)
{
    public static implicit operator RecordedChainHead(ChainHead head) => new(head, "a recorded chain head");
}
