using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Rollout;

/// <summary>
/// Daily delivery rows keyed by (campaign, cohort, date, platform, channel); already aggregates, so a campaign holds a few
/// thousand at most. <see cref="All"/> (read by every objection metrics request) is cached until the store's change feed
/// says a row may have changed.
/// </summary>
internal sealed class PostgresDeliveryStatsRepository(PostgresStore store) : IDeliveryStatsRepository
{
    private sealed record Cached(long Stamp, IReadOnlyList<DailyDeliveryStats> Rows);

    private volatile Cached? _all;

    public DailyDeliveryStats? Find(string key) => Rows("id = $1", key).SingleOrDefault();
    public IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId) => Rows("campaign_id = $1", campaignId);

    public IReadOnlyList<DailyDeliveryStats> All()
    {
        if (store.InTransaction) return Rows("true");
        var stamp = store.Changes.Stamp(); // before the read: a change notified after it makes the next call read again
        if (stamp is not null && _all is { } cached && cached.Stamp == stamp) return cached.Rows;
        var rows = Rows("true");
        _all = stamp is { } s ? new Cached(s, rows) : null;
        return rows;
    }

    public void Upsert(DailyDeliveryStats row) =>
        store.Write(() => store.Read<Result<Done>>(connection =>
        {
            Sql.Execute(connection,
                "INSERT INTO delivery_stats (id, document, campaign_id) VALUES ($1, $2, $3) " +
                "ON CONFLICT (id) DO UPDATE SET document = excluded.document, campaign_id = excluded.campaign_id",
                row.Id, Sql.Json(StoreJson.Serialize(row)), row.CampaignId);
            Sql.Execute(connection, ChangeFeed.Notify);
            store.AfterCommit(store.Changes.Invalidate);
            return Done.Value;
        }));

    private List<DailyDeliveryStats> Rows(string condition, params object?[] parameters) =>
        store.Read(c => Sql.List(c, $"SELECT document FROM delivery_stats WHERE {condition} ORDER BY id",
            r => StoreJson.Deserialize<DailyDeliveryStats>(r.GetString(0)), parameters));
}
