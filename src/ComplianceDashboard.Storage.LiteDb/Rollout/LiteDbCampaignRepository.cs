using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Rollout;

internal sealed class LiteDbCampaignRepository : ICampaignRepository
{
    private readonly AggregateCollection<Campaign> _campaigns;
    private readonly AggregateCollection<NoticeVersion> _notices;
    private readonly AggregateCollection<Cohort> _cohorts;

    public LiteDbCampaignRepository(LiteDbStore store)
    {
        _campaigns = new AggregateCollection<Campaign>(store, "campaigns");
        _notices = new AggregateCollection<NoticeVersion>(store, "notice_versions");
        _notices.Collection.EnsureIndex(n => n.CampaignId);
        _cohorts = new AggregateCollection<Cohort>(store, "cohorts");
        _cohorts.Collection.EnsureIndex(c => c.CampaignId);
    }

    public Campaign? Find(string id) => _campaigns.Find(id);
    public IReadOnlyList<Campaign> All() => _campaigns.All();
    public Result<Campaign> Save(Campaign campaign) => _campaigns.Save(campaign, "Campaign");

    public NoticeVersion? FindNotice(string id) => _notices.Find(id);
    public IReadOnlyList<NoticeVersion> NoticesOf(string campaignId) => _notices.Collection.Find(n => n.CampaignId == campaignId).ToList();
    public Result<NoticeVersion> SaveNotice(NoticeVersion notice) => _notices.Save(notice, "Notice version");

    public Cohort? FindCohort(string id) => _cohorts.Find(id);
    public IReadOnlyList<Cohort> CohortsOf(string campaignId) => _cohorts.Collection.Find(c => c.CampaignId == campaignId).ToList();
    public Result<Cohort> SaveCohort(Cohort cohort) => _cohorts.Save(cohort, "Cohort");
}
