using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Tests.Rollout;

/// <summary>In-memory ports for rollout use cases: enough to test the services without a store.</summary>
internal sealed class InMemoryRollout : ICampaignRepository, IDeliveryStatsRepository, IJurisdictionRepository, IAuditLog, IUnitOfWork
{
    public static readonly DateOnly Start = new(2026, 3, 1);

    public Dictionary<string, Campaign> Campaigns { get; } = [];
    public Dictionary<string, NoticeVersion> NoticeVersions { get; } = [];
    public Dictionary<string, Cohort> CohortsById { get; } = [];
    public Dictionary<string, DailyDeliveryStats> Rows { get; } = [];
    public Dictionary<string, Jurisdiction> Jurisdictions { get; } = [];
    public List<AuditEntry> Audit { get; } = [];
    public int Writes { get; private set; }

    /// <summary>A store holding campaign UK-FB (Facebook, from <see cref="Start"/>, 60 days) with cohorts wave-1 and wave-2.</summary>
    public static InMemoryRollout WithUkCampaign()
    {
        var s = new InMemoryRollout();
        s.Jurisdictions["UK"] = new Jurisdiction { Id = "UK", Name = "United Kingdom", PlannedTrainingStart = Start.AddDays(45) };
        s.Campaigns["UK-FB"] = new Campaign { Id = "UK-FB", JurisdictionCode = "UK", Platform = Platform.Facebook, Name = "UK Facebook", PlannedStart = Start, PlannedEnd = Start.AddDays(59) };
        s.NoticeVersions["n1"] = new NoticeVersion { Id = "n1", CampaignId = "UK-FB", Label = "v1", Text = "We will use your public posts.", EffectiveFrom = Start };
        foreach (var code in new[] { "wave-1", "wave-2" })
            s.CohortsById[Cohort.IdOf("UK-FB", code)] = new Cohort { Id = Cohort.IdOf("UK-FB", code), CampaignId = "UK-FB", Code = code, Name = code, NoticeVersionId = "n1", SendFrom = Start };
        return s;
    }

    Campaign? ICampaignRepository.Find(string id) => Campaigns.GetValueOrDefault(id);
    IReadOnlyList<Campaign> ICampaignRepository.All() => Campaigns.Values.ToList();
    public Result<Campaign> Save(Campaign campaign) => Store(Campaigns, campaign);
    public NoticeVersion? FindNotice(string id) => NoticeVersions.GetValueOrDefault(id);
    public IReadOnlyList<NoticeVersion> NoticesOf(string campaignId) => NoticeVersions.Values.Where(n => n.CampaignId == campaignId).ToList();
    public Result<NoticeVersion> SaveNotice(NoticeVersion notice) => Store(NoticeVersions, notice);
    public Cohort? FindCohort(string id) => CohortsById.GetValueOrDefault(id);
    public IReadOnlyList<Cohort> CohortsOf(string campaignId) => CohortsById.Values.Where(c => c.CampaignId == campaignId).ToList();
    public Result<Cohort> SaveCohort(Cohort cohort) => Store(CohortsById, cohort);

    DailyDeliveryStats? IDeliveryStatsRepository.Find(string key) => Rows.GetValueOrDefault(key);
    public IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId) => Rows.Values.Where(r => r.CampaignId == campaignId).ToList();
    public void Upsert(DailyDeliveryStats row) => Rows[row.Id] = row;
    IReadOnlyList<DailyDeliveryStats> IDeliveryStatsRepository.All() => Rows.Values.ToList();

    Jurisdiction? IJurisdictionRepository.Find(string code) => Jurisdictions.GetValueOrDefault(code);
    IReadOnlyList<Jurisdiction> IJurisdictionRepository.All() => Jurisdictions.Values.ToList();
    public Result<Jurisdiction> Save(Jurisdiction jurisdiction) => Store(Jurisdictions, jurisdiction);

    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary)
    {
        var entry = new AuditEntry { Sequence = Audit.Count + 1, ActorId = actor.Id, Action = action, EntityType = entityType, EntityId = entityId, Summary = summary };
        Audit.Add(entry);
        return entry;
    }

    public ChainHead Head() => throw new NotSupportedException();
    public AuditEntry Append(Actor actor, string action, string entityType, string entityId, string summary, DateTime at)
    {
        var entry = Append(actor, action, entityType, entityId, summary) with { At = at };
        Audit[^1] = entry;
        return entry;
    }

    public AuditPage Query(AuditFilter filter, int skip, int take) => throw new NotSupportedException();
    public IEnumerable<AuditEntry> ReadAll() => Audit;
    public IReadOnlyList<string> EntityTypes() => Audit.Select(a => a.EntityType).Distinct().ToList();

    public Result<T> Write<T>(Func<Result<T>> change)
    {
        Writes++;
        return change();
    }

    private static Result<T> Store<T>(Dictionary<string, T> map, T item) where T : Aggregate
    {
        if (map.TryGetValue(item.Id, out var stored) && stored.Version != item.Version)
            return Failure.Conflict("stale");
        var next = (T)(item with { Version = item.Version + 1 });
        map[item.Id] = next;
        return next;
    }
}
