using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Audit;

/// <summary>The audit chain in LiteDB, keyed by sequence number. Appends read the head inside the writer's transaction.</summary>
internal sealed class LiteDbAuditLog : IAuditLog
{
    public const string CollectionName = "audit";
    private readonly LiteDbStore _store;
    private readonly ILiteCollection<AuditEntry> _entries;
    private readonly TimeProvider _clock;

    public LiteDbAuditLog(LiteDbStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        _entries = store.Database.GetCollection<AuditEntry>(CollectionName);
        _entries.EnsureIndex(e => e.EntityType);
        _entries.EnsureIndex(e => e.Action);
        _entries.EnsureIndex(e => e.ActorId);
    }

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary) =>
        Append(actor, action, entityType, entityId, summary, _clock.UtcNowMs());

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary, DateTime at)
    {
        var last = Last();
        var time = TimeProviderExtensions.TruncateToMs(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var entry = AuditChain.Link(new AuditEntry
        {
            At = last is not null && last.At > time ? last.At : time,
            ActorId = actor.Id,
            ActorName = actor.DisplayName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Summary = summary,
        }, last is null ? ChainHead.Empty : new ChainHead(last.Sequence, last.Hash));
        var id = _store.Write(() =>
        {
            _entries.Insert(entry);
            return Result<AuditEntry>.Ok(entry);
        });
        return id.Value;
    }

    public ChainHead Head() => Last() is { } last ? new ChainHead(last.Sequence, last.Hash) : ChainHead.Empty;

    private AuditEntry? Last() => _entries.Query().OrderByDescending(e => e.Sequence).Limit(1).FirstOrDefault();

    public AuditPage Query(AuditFilter filter, int skip, int take)
    {
        var query = _entries.Query();
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action.Contains(filter.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.ActorId.Contains(actor) || e.ActorName.Contains(actor));
        }
        if (filter.FromUtc is { } from) query = query.Where(e => e.At >= from);
        if (filter.ToUtc is { } to) query = query.Where(e => e.At < to);
        var total = query.Count();
        var page = query.OrderByDescending(e => e.Sequence).Skip(skip).Limit(take).ToList();
        return new AuditPage(page, total);
    }

    public IEnumerable<AuditEntry> ReadAll() => _entries.Query().OrderBy(e => e.Sequence).ToEnumerable();

    public IReadOnlyList<string> EntityTypes() =>
        _entries.Query().Select(e => e.EntityType).ToEnumerable().Distinct().Order(StringComparer.Ordinal).ToList();
}
