using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>The fields a compliance officer sets on a campaign.</summary>
public sealed record CampaignDetails(
    string Code,
    string JurisdictionCode,
    Platform Platform,
    string Name,
    CampaignStatus Status,
    DateOnly PlannedStart,
    DateOnly? PlannedEnd,
    DateOnly? ActualStart,
    DateOnly? ActualEnd,
    int MinimumObjectionWindowDays = Campaign.DefaultMinimumObjectionWindowDays,
    decimal CoverageTarget = Campaign.DefaultCoverageTarget)
{
    public static CampaignDetails From(Campaign c) => new(
        c.Code, c.JurisdictionCode, c.Platform, c.Name, c.Status, c.PlannedStart, c.PlannedEnd, c.ActualStart, c.ActualEnd,
        c.MinimumObjectionWindowDays, c.CoverageTarget);
}

/// <summary>The fields of a notice version.</summary>
public sealed record NoticeDetails(string Label, string Text, string Language, NoticeChannel Channel, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>The fields of a cohort.</summary>
public sealed record CohortDetails(string Code, string Name, long TargetCount, DateOnly SendFrom, DateOnly? SendTo, string NoticeVersionId);

/// <summary>Creating and editing campaigns, their notice versions and cohorts (compliance officers).</summary>
public sealed partial class CampaignService(
    ICampaignRepository campaigns, IJurisdictionRepository jurisdictions, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "Campaign";
    public const string NoticeEntityType = "NoticeVersion";
    public const string CohortEntityType = "Cohort";

    public IReadOnlyList<Campaign> All() =>
        campaigns.All().OrderBy(c => c.JurisdictionCode, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();

    public Campaign? Find(string code) => campaigns.Find(code.Trim().ToUpperInvariant());

    public IReadOnlyList<NoticeVersion> Notices(string campaignId) =>
        campaigns.NoticesOf(campaignId).OrderBy(n => n.EffectiveFrom).ThenBy(n => n.CreatedAt).ToList();

    public IReadOnlyList<Cohort> Cohorts(string campaignId) =>
        campaigns.CohortsOf(campaignId).OrderBy(c => c.SendFrom).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();

    /// <summary>Whether a cohort already received this notice, which freezes its text.</summary>
    public bool IsInUse(NoticeVersion notice) => campaigns.CohortsOf(notice.CampaignId).Any(c => c.NoticeVersionId == notice.Id);

    public Result<Campaign> Create(Actor actor, CampaignDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        var code = details.Code.Trim().ToUpperInvariant();
        if (Validate(details with { Code = code }) is { } invalid) return invalid;
        return store.Write(() =>
        {
            if (jurisdictions.Find(details.JurisdictionCode.Trim().ToUpperInvariant()) is null)
                return Failure.Validation($"There is no jurisdiction {details.JurisdictionCode}.");
            if (campaigns.Find(code) is not null)
                return Failure.Conflict($"A campaign with code {code} already exists.");
            var created = Apply(new Campaign { Id = code, CreatedAt = clock.UtcNowMs() }, details);
            var saved = campaigns.Save(created);
            if (saved.Succeeded)
                audit.Append(actor, "campaign.created", EntityType, code,
                    $"Created campaign {created.Name} ({created.JurisdictionCode}, {created.Platform}), minimum objection window {created.MinimumObjectionWindowDays} days, coverage target {created.CoverageTarget:P0}");
            return saved;
        });
    }

    public Result<Campaign> Update(Actor actor, string code, int expectedVersion, CampaignDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (Validate(details with { Code = code }) is { } invalid) return invalid;
        return store.Write(() =>
        {
            var current = campaigns.Find(code);
            if (current is null) return Failure.NotFound($"Campaign {code} does not exist.");
            if (jurisdictions.Find(details.JurisdictionCode.Trim().ToUpperInvariant()) is null)
                return Failure.Validation($"There is no jurisdiction {details.JurisdictionCode}.");
            var changed = Apply(current, details) with { Version = expectedVersion };
            var changes = Differences(current, changed);
            if (changes.Count == 0) return current;
            var saved = campaigns.Save(changed);
            if (saved.Succeeded)
                audit.Append(actor, "campaign.updated", EntityType, code, string.Join("; ", changes));
            return saved;
        });
    }

    public Result<NoticeVersion> AddNotice(Actor actor, string campaignId, NoticeDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        return store.Write(() =>
        {
            if (campaigns.Find(campaignId) is null) return Failure.NotFound($"Campaign {campaignId} does not exist.");
            var notice = Apply(new NoticeVersion { Id = Guid.NewGuid().ToString("N")[..12], CampaignId = campaignId, CreatedAt = clock.UtcNowMs() }, details);
            var saved = campaigns.SaveNotice(notice);
            if (saved.Succeeded)
                audit.Append(actor, "notice.created", NoticeEntityType, notice.Id,
                    $"Added notice '{notice.Label}' ({notice.Language}, {DeliveryTokens.Describe(notice.Channel)}) to {campaignId}, effective from {notice.EffectiveFrom:yyyy-MM-dd}; text SHA-256 {CanonicalJson.Sha256Hex(notice.Text)}");
            return saved;
        });
    }

    /// <summary>Edits a notice nobody has received yet; once a cohort used it, only its end date may be set.</summary>
    public Result<NoticeVersion> UpdateNotice(Actor actor, string id, int expectedVersion, NoticeDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        return store.Write(() =>
        {
            var current = campaigns.FindNotice(id);
            if (current is null) return Failure.NotFound($"Notice version {id} does not exist.");
            var changed = Apply(current, details);
            if (changed == current) return current;
            if (IsInUse(current) && changed with { EffectiveTo = current.EffectiveTo } != current)
                return Failure.Conflict($"Notice '{current.Label}' was sent to a cohort, so its text, label, language, channel and start date can no longer change. Add a new notice version instead.");
            var saved = campaigns.SaveNotice(changed with { Version = expectedVersion });
            if (saved.Succeeded)
                audit.Append(actor, "notice.updated", NoticeEntityType, id,
                    $"Updated notice '{changed.Label}'; effective {changed.EffectiveFrom:yyyy-MM-dd} to {changed.EffectiveTo?.ToString("yyyy-MM-dd") ?? "open"}; text SHA-256 {CanonicalJson.Sha256Hex(changed.Text)}");
            return saved;
        });
    }

    public Result<Cohort> AddCohort(Actor actor, string campaignId, CohortDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        var code = details.Code.Trim().ToLowerInvariant();
        if (Validate(details with { Code = code }) is { } invalid) return invalid;
        return store.Write(() =>
        {
            if (campaigns.Find(campaignId) is null) return Failure.NotFound($"Campaign {campaignId} does not exist.");
            if (NoticeOf(campaignId, details.NoticeVersionId) is { } badNotice) return badNotice;
            var id = Cohort.IdOf(campaignId, code);
            if (campaigns.FindCohort(id) is not null) return Failure.Conflict($"Campaign {campaignId} already has a cohort {code}.");
            var cohort = Apply(new Cohort { Id = id, CampaignId = campaignId, Code = code, CreatedAt = clock.UtcNowMs() }, details);
            var saved = campaigns.SaveCohort(cohort);
            if (saved.Succeeded)
                audit.Append(actor, "cohort.created", CohortEntityType, id,
                    $"Added cohort {cohort.Name} ({code}) to {campaignId}: target {cohort.TargetCount:N0}, sending from {cohort.SendFrom:yyyy-MM-dd}, notice {cohort.NoticeVersionId}");
            return saved;
        });
    }

    public Result<Cohort> UpdateCohort(Actor actor, string id, int expectedVersion, CohortDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        return store.Write(() =>
        {
            var current = campaigns.FindCohort(id);
            if (current is null) return Failure.NotFound($"Cohort {id} does not exist.");
            if (Validate(details with { Code = current.Code }) is { } invalid) return invalid;
            if (NoticeOf(current.CampaignId, details.NoticeVersionId) is { } badNotice) return badNotice;
            var changed = Apply(current, details);
            if (changed == current) return current;
            var saved = campaigns.SaveCohort(changed with { Version = expectedVersion });
            if (saved.Succeeded)
                audit.Append(actor, "cohort.updated", CohortEntityType, id,
                    $"Cohort {changed.Name}: target {current.TargetCount:N0} → {changed.TargetCount:N0}, sending {changed.SendFrom:yyyy-MM-dd} to {changed.SendTo?.ToString("yyyy-MM-dd") ?? "open"}, notice {current.NoticeVersionId} → {changed.NoticeVersionId}");
            return saved;
        });
    }

    private Failure? NoticeOf(string campaignId, string noticeId)
    {
        var notice = campaigns.FindNotice(noticeId);
        return notice is null || notice.CampaignId != campaignId
            ? Failure.Validation($"Choose a notice version of campaign {campaignId}.")
            : null;
    }

    private static Campaign Apply(Campaign c, CampaignDetails d) => c with
    {
        JurisdictionCode = d.JurisdictionCode.Trim().ToUpperInvariant(),
        Platform = d.Platform,
        Name = d.Name.Trim(),
        Status = d.Status,
        PlannedStart = d.PlannedStart,
        PlannedEnd = d.PlannedEnd,
        ActualStart = d.ActualStart,
        ActualEnd = d.ActualEnd,
        MinimumObjectionWindowDays = d.MinimumObjectionWindowDays,
        CoverageTarget = d.CoverageTarget,
    };

    private static NoticeVersion Apply(NoticeVersion n, NoticeDetails d) => n with
    {
        Label = d.Label.Trim(),
        Text = d.Text.Trim(),
        Language = d.Language.Trim(),
        Channel = d.Channel,
        EffectiveFrom = d.EffectiveFrom,
        EffectiveTo = d.EffectiveTo,
    };

    private static Cohort Apply(Cohort c, CohortDetails d) => c with
    {
        Name = d.Name.Trim(),
        TargetCount = d.TargetCount,
        SendFrom = d.SendFrom,
        SendTo = d.SendTo,
        NoticeVersionId = d.NoticeVersionId,
    };

    private static Failure? Validate(CampaignDetails d)
    {
        var errors = new List<string>();
        if (!Identifier.IsCampaignCode(d.Code)) errors.Add("Code must be 2 to 32 letters, digits or dashes, e.g. UK-FB-2024.");
        if (string.IsNullOrWhiteSpace(d.JurisdictionCode)) errors.Add("Choose a jurisdiction.");
        if (string.IsNullOrWhiteSpace(d.Name)) errors.Add("Name is required.");
        if (d.PlannedEnd is { } pe && pe < d.PlannedStart) errors.Add("The planned end is before the planned start.");
        if (d.ActualEnd is { } ae && (d.ActualStart is null || ae < d.ActualStart)) errors.Add("The actual end needs an actual start on or before it.");
        if (d.MinimumObjectionWindowDays is < 1 or > 365) errors.Add("The minimum objection window must be 1 to 365 days.");
        if (d.CoverageTarget is <= 0m or > 1m) errors.Add("The coverage target must be above 0 % and at most 100 %.");
        return errors.Count == 0 ? null : Failure.Validation("The campaign has errors.", errors);
    }

    private static Failure? Validate(NoticeDetails d)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(d.Label)) errors.Add("Label is required, e.g. v1.");
        if (string.IsNullOrWhiteSpace(d.Text)) errors.Add("The exact text people saw is required.");
        if (string.IsNullOrWhiteSpace(d.Language)) errors.Add("Language is required, e.g. en-GB.");
        if (d.EffectiveTo is { } to && to < d.EffectiveFrom) errors.Add("Effective to is before effective from.");
        return errors.Count == 0 ? null : Failure.Validation("The notice version has errors.", errors);
    }

    private static Failure? Validate(CohortDetails d)
    {
        var errors = new List<string>();
        if (!Identifier.IsCohortCode(d.Code)) errors.Add("Code must be 1 to 32 lower-case letters, digits or dashes, e.g. wave-1.");
        if (string.IsNullOrWhiteSpace(d.Name)) errors.Add("Name is required.");
        if (d.TargetCount < 0) errors.Add("The target count cannot be negative.");
        if (d.SendTo is { } to && to < d.SendFrom) errors.Add("The last send date is before the first.");
        if (string.IsNullOrWhiteSpace(d.NoticeVersionId)) errors.Add("Choose the notice version the cohort received.");
        return errors.Count == 0 ? null : Failure.Validation("The cohort has errors.", errors);
    }

    private static List<string> Differences(Campaign before, Campaign after)
    {
        var changes = new List<string>();
        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) changes.Add($"{field}: '{a}' → '{b}'");
        }
        Compare("jurisdiction", before.JurisdictionCode, after.JurisdictionCode);
        Compare("platform", before.Platform, after.Platform);
        Compare("name", before.Name, after.Name);
        Compare("status", before.Status, after.Status);
        Compare("planned start", before.PlannedStart, after.PlannedStart);
        Compare("planned end", before.PlannedEnd, after.PlannedEnd);
        Compare("actual start", before.ActualStart, after.ActualStart);
        Compare("actual end", before.ActualEnd, after.ActualEnd);
        Compare("minimum objection window (days)", before.MinimumObjectionWindowDays, after.MinimumObjectionWindowDays);
        Compare("coverage target", before.CoverageTarget, after.CoverageTarget);
        return changes;
    }
}
