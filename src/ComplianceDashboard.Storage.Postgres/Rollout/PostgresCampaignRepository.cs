using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Rollout;

internal sealed class PostgresCampaignRepository(PostgresStore store) : ICampaignRepository
{
    private readonly AggregateTable<Campaign> _campaigns = AggregateTables.Campaigns(store);
    private readonly AggregateTable<NoticeVersion> _notices = AggregateTables.NoticeVersions(store);
    private readonly AggregateTable<Cohort> _cohorts = AggregateTables.Cohorts(store);

    public Campaign? Find(string id) => _campaigns.Find(id);
    public IReadOnlyList<Campaign> All() => _campaigns.All();
    public Result<Campaign> Save(Campaign campaign) => _campaigns.Save(campaign, "Campaign");

    public NoticeVersion? FindNotice(string id) => _notices.Find(id);
    public IReadOnlyList<NoticeVersion> NoticesOf(string campaignId) => _notices.Where("campaign_id = $1", "id", campaignId);
    public Result<NoticeVersion> SaveNotice(NoticeVersion notice) => _notices.Save(notice, "Notice version");

    public Cohort? FindCohort(string id) => _cohorts.Find(id);
    public IReadOnlyList<Cohort> CohortsOf(string campaignId) => _cohorts.Where("campaign_id = $1", "id", campaignId);
    public Result<Cohort> SaveCohort(Cohort cohort) => _cohorts.Save(cohort, "Cohort");
}
