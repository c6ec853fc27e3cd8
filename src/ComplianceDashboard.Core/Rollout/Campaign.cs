using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>The platform a campaign notifies people on.</summary>
public enum Platform
{
    Facebook,
    Instagram,
}

/// <summary>How a notice reached people.</summary>
public enum NoticeChannel
{
    InApp,
    Email,
}

/// <summary>Where a campaign stands; the jurisdiction's programme state says why it paused or stopped.</summary>
public enum CampaignStatus
{
    Planned,
    Sending,
    Paused,
    Suspended,
    Completed,
}

/// <summary>A notification campaign for one jurisdiction and platform.</summary>
public sealed record Campaign : Aggregate
{
    public const string AdultsAudience = "Adults 18+";
    public const int DefaultMinimumObjectionWindowDays = 30;
    public const decimal DefaultCoverageTarget = 0.95m;

    /// <summary>The code pipelines use in delivery files, e.g. UK-FB-2024; also the id.</summary>
    public string Code => Id;
    public string JurisdictionCode { get; init; } = "";
    public Platform Platform { get; init; }
    public string Name { get; init; } = "";
    public string Audience { get; init; } = AdultsAudience;
    public CampaignStatus Status { get; init; }
    public DateOnly PlannedStart { get; init; }
    public DateOnly? PlannedEnd { get; init; }
    public DateOnly? ActualStart { get; init; }
    public DateOnly? ActualEnd { get; init; }
    public int MinimumObjectionWindowDays { get; init; } = DefaultMinimumObjectionWindowDays;

    /// <summary>Share of eligible adults who must have been displayed the notice, 0 to 1.</summary>
    public decimal CoverageTarget { get; init; } = DefaultCoverageTarget;
    public DateTime CreatedAt { get; init; }

    /// <summary>The first day delivery figures may be reported for: the actual start once known.</summary>
    public DateOnly FirstDay => ActualStart ?? PlannedStart;

    /// <summary>The last day delivery figures may be reported for, or null while open-ended.</summary>
    public DateOnly? LastDay => ActualEnd ?? PlannedEnd;

    public bool Covers(DateOnly date) => date >= FirstDay && (LastDay is null || date <= LastDay);
}

/// <summary>The exact words of a notice as shown to people, with its language, channel and effective dates.</summary>
public sealed record NoticeVersion : Aggregate
{
    public string CampaignId { get; init; } = "";
    public string Label { get; init; } = "";
    public string Text { get; init; } = "";
    public string Language { get; init; } = "en-GB";
    public NoticeChannel Channel { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A wave of a campaign: who was targeted, when notices were sent and which notice version they got.</summary>
public sealed record Cohort : Aggregate
{
    public string CampaignId { get; init; } = "";

    /// <summary>The cohort's code within its campaign, as used in delivery files (e.g. wave-1).</summary>
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public long TargetCount { get; init; }
    public DateOnly SendFrom { get; init; }
    public DateOnly? SendTo { get; init; }
    public string NoticeVersionId { get; init; } = "";
    public DateTime CreatedAt { get; init; }

    public static string IdOf(string campaignId, string code) => $"{campaignId}/{code}";
}

/// <summary>
/// One day of a cohort's delivery funnel on one platform and channel. <see cref="Eligible"/> is a level
/// (the cohort's population that day); every other count is a daily increment of unique people.
/// </summary>
public sealed record DailyDeliveryStats
{
    public string Id { get; init; } = "";
    public string CampaignId { get; init; } = "";
    public string CohortCode { get; init; } = "";
    public DateOnly Date { get; init; }
    public Platform Platform { get; init; }
    public NoticeChannel Channel { get; init; }
    public long Eligible { get; init; }
    public long Sent { get; init; }
    public long Delivered { get; init; }
    public long Displayed { get; init; }
    public long FormOpened { get; init; }
    public long ObjectionsSubmitted { get; init; }
    public long SuppressedPriorObjectors { get; init; }
    public long PriorObjectorsContacted { get; init; }
    public long MinorsExcluded { get; init; }

    public static string KeyOf(string campaignId, string cohortCode, DateOnly date, Platform platform, NoticeChannel channel) =>
        $"{campaignId}|{cohortCode}|{date:yyyy-MM-dd}|{DeliveryTokens.Format(platform)}|{DeliveryTokens.Format(channel)}";

    public DailyDeliveryStats WithKey() => this with { Id = KeyOf(CampaignId, CohortCode, Date, Platform, Channel) };

    /// <summary>True when every count equals <paramref name="other"/>'s.</summary>
    public bool SameCounts(DailyDeliveryStats other) =>
        Eligible == other.Eligible && Sent == other.Sent && Delivered == other.Delivered && Displayed == other.Displayed
        && FormOpened == other.FormOpened && ObjectionsSubmitted == other.ObjectionsSubmitted
        && SuppressedPriorObjectors == other.SuppressedPriorObjectors && PriorObjectorsContacted == other.PriorObjectorsContacted
        && MinorsExcluded == other.MinorsExcluded;

    public string DescribeCounts() =>
        $"eligible={Eligible} sent={Sent} delivered={Delivered} displayed={Displayed} form_opened={FormOpened} " +
        $"objections_submitted={ObjectionsSubmitted} suppressed_prior_objectors={SuppressedPriorObjectors} " +
        $"prior_objectors_contacted={PriorObjectorsContacted} minors_excluded={MinorsExcluded}";
}

/// <summary>The tokens delivery files use for platforms and channels.</summary>
public static class DeliveryTokens
{
    public static string Format(Platform platform) => platform switch
    {
        Platform.Facebook => "facebook",
        Platform.Instagram => "instagram",
        _ => platform.ToString().ToLowerInvariant(),
    };

    public static string Format(NoticeChannel channel) => channel switch
    {
        NoticeChannel.InApp => "in_app",
        NoticeChannel.Email => "email",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public static bool TryParsePlatform(string token, out Platform platform)
    {
        foreach (var p in Enum.GetValues<Platform>())
            if (Format(p) == token) { platform = p; return true; }
        platform = default;
        return false;
    }

    public static bool TryParseChannel(string token, out NoticeChannel channel)
    {
        foreach (var c in Enum.GetValues<NoticeChannel>())
            if (Format(c) == token) { channel = c; return true; }
        channel = default;
        return false;
    }

    public static string Describe(Platform platform) => platform.ToString();

    public static string Describe(NoticeChannel channel) => channel == NoticeChannel.InApp ? "In-app" : "Email";
}

/// <summary>Stores campaigns, notice versions and cohorts.</summary>
public interface ICampaignRepository
{
    Campaign? Find(string id);
    IReadOnlyList<Campaign> All();
    Result<Campaign> Save(Campaign campaign);

    NoticeVersion? FindNotice(string id);
    IReadOnlyList<NoticeVersion> NoticesOf(string campaignId);
    Result<NoticeVersion> SaveNotice(NoticeVersion notice);

    Cohort? FindCohort(string id);
    IReadOnlyList<Cohort> CohortsOf(string campaignId);
    Result<Cohort> SaveCohort(Cohort cohort);
}

/// <summary>Stores daily delivery figures, one row per (campaign, cohort, date, platform, channel).</summary>
public interface IDeliveryStatsRepository
{
    DailyDeliveryStats? Find(string key);
    IReadOnlyList<DailyDeliveryStats> OfCampaign(string campaignId);

    /// <summary>Every committed row, from an in-memory copy refreshed after each commit that changed rows (dashboards read this).</summary>
    IReadOnlyList<DailyDeliveryStats> All();

    /// <summary>Inserts or replaces the row with the same key. Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    void Upsert(DailyDeliveryStats row);
}
