using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Rollout;

/// <summary>Daily delivery rows keyed by (campaign, cohort, date, platform, channel); already aggregates, so a campaign holds a few thousand at most.</summary>
internal sealed class LiteDbDeliveryStatsRepository : IDeliveryStatsRepository
{
    private readonly ILiteCollection<DailyDeliveryStats> _rows;
    private readonly LiteDbStore _store;
    private IReadOnlyList<DailyDeliveryStats>? _committed;
    private long _generation;

    public LiteDbDeliveryStatsRepository(LiteDbStore store)
    {
        _store = store;
        _rows = store.Database.GetCollection<DailyDeliveryStats>("delivery_stats");
        _rows.EnsureIndex(r => r.CampaignId);
    }

    public DailyDeliveryStats? Find(string key) => _rows.FindById(key);
    public IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId) => _rows.Find(r => r.CampaignId == campaignId).ToList();

    public IReadOnlyList<DailyDeliveryStats> All()
    {
        if (Volatile.Read(ref _committed) is { } copy) return copy;
        // A commit between reading and publishing bumps the generation, so a stale copy is never kept.
        var generation = Interlocked.Read(ref _generation);
        var loaded = _rows.FindAll().ToList();
        if (Interlocked.Read(ref _generation) == generation) Interlocked.CompareExchange(ref _committed, loaded, null);
        return loaded;
    }

    public void Upsert(DailyDeliveryStats row)
    {
        _rows.Upsert(row);
        _store.AfterCommit(() =>
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _committed, null);
        });
    }
}
