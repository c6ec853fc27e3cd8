using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Identity;

/// <summary>Security counters in the "security_counters" collection; each change runs under the store's one writer.</summary>
internal sealed class LiteDbSecurityCounters(LiteDbStore store) : ISecurityCounters
{
    private ILiteCollection<BsonDocument> Counters => store.Database.GetCollection("security_counters");

    public CounterWindow Increment(string key, DateTime now, TimeSpan window) =>
        Change(() =>
        {
            var open = Open(key, now);
            var next = open is null
                ? new BsonDocument { ["_id"] = key, ["count"] = 1, ["ends"] = TimeProviderExtensions.TruncateToMs(now + window), ["reported"] = false }
                : new BsonDocument { ["_id"] = key, ["count"] = open["count"].AsInt32 + 1, ["ends"] = open["ends"], ["reported"] = open["reported"] };
            Counters.Upsert(next);
            return Window(next);
        });

    public CounterWindow? Current(string key, DateTime now) => Open(key, now) is { } open ? Window(open) : null;

    public bool ClaimFirstReport(string key, DateTime now) =>
        Change(() =>
        {
            if (Open(key, now) is not { } open || open["reported"].AsBoolean) return false;
            open["reported"] = true;
            Counters.Update(open);
            return true;
        });

    public void Reset(string key) => Change(() => Counters.Delete(key));

    private BsonDocument? Open(string key, DateTime now) =>
        Counters.FindById(key) is { } document && document["ends"].AsDateTime.ToUniversalTime() > now ? document : null;

    private static CounterWindow Window(BsonDocument document) =>
        new(document["count"].AsInt32, DateTime.SpecifyKind(document["ends"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc));

    /// <summary>Joins the caller's write, or commits on its own.</summary>
    private T Change<T>(Func<T> change) => store.Write(() => Result<T>.Ok(change())).Value;
}
