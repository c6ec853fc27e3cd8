using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Rollout;

/// <summary>Daily delivery rows keyed by (campaign, cohort, date, platform, channel); already aggregates, so a campaign holds a few thousand at most.</summary>
internal sealed class LiteDbDeliveryStatsRepository : IDeliveryStatsRepository
{
    private readonly ILiteCollection<DailyDeliveryStats> _rows;

    public LiteDbDeliveryStatsRepository(LiteDbStore store)
    {
        _rows = store.Database.GetCollection<DailyDeliveryStats>("delivery_stats");
        _rows.EnsureIndex(r => r.CampaignId);
    }

    public DailyDeliveryStats? Find(string key) => _rows.FindById(key);
    public IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId) => _rows.Find(r => r.CampaignId == campaignId).ToList();
    public void Upsert(DailyDeliveryStats row) => _rows.Upsert(row);
}
