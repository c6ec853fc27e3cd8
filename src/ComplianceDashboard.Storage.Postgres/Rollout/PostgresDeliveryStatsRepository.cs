using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Rollout;

/// <summary>Daily delivery rows keyed by (campaign, cohort, date, platform, channel); already aggregates, so a campaign holds a few thousand at most.</summary>
internal sealed class PostgresDeliveryStatsRepository(PostgresStore store) : IDeliveryStatsRepository
{
    public DailyDeliveryStats? Find(string key) => Rows("id = $1", key).SingleOrDefault();
    public IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId) => Rows("campaign_id = $1", campaignId);
    public IReadOnlyList<DailyDeliveryStats> All() => Rows("true");

    public void Upsert(DailyDeliveryStats row) =>
        store.Write(() => store.Read<Result<Done>>(connection =>
        {
            Sql.Execute(connection,
                "INSERT INTO delivery_stats (id, document, campaign_id) VALUES ($1, $2, $3) " +
                "ON CONFLICT (id) DO UPDATE SET document = excluded.document, campaign_id = excluded.campaign_id",
                row.Id, Sql.Json(StoreJson.Serialize(row)), row.CampaignId);
            return Done.Value;
        }));

    private List<DailyDeliveryStats> Rows(string condition, params object?[] parameters) =>
        store.Read(c => Sql.List(c, $"SELECT document FROM delivery_stats WHERE {condition} ORDER BY id",
            r => StoreJson.Deserialize<DailyDeliveryStats>(r.GetString(0)), parameters));
}
