using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Tests.Rollout;

public sealed class CampaignServiceTests
{
    private static readonly Actor Officer = Actor.User("officer@example.test", "Officer", Role.ComplianceOfficer);
    private static readonly DateOnly Start = InMemoryRollout.Start;

    private static (InMemoryRollout Store, CampaignService Service) Create()
    {
        var s = InMemoryRollout.WithUkCampaign();
        return (s, new CampaignService(s, s, s, s, TimeProvider.System));
    }

    [Fact]
    public void Create_UsesTheDefaultWindowAndTarget_AndAudits()
    {
        var (s, service) = Create();

        var campaign = service.Create(Officer, new CampaignDetails("uk-ig", "UK", Platform.Instagram, "UK Instagram", CampaignStatus.Planned, Start, null, null, null)).Value;

        Assert.Equal("UK-IG", campaign.Code);
        Assert.Equal(30, campaign.MinimumObjectionWindowDays);
        Assert.Equal(0.95m, campaign.CoverageTarget);
        Assert.Equal(Campaign.AdultsAudience, campaign.Audience);
        Assert.Equal("campaign.created", Assert.Single(s.Audit).Action);
    }

    [Fact]
    public void Create_IsRefused_ForAnAdmin()
    {
        var (_, service) = Create();
        var admin = Actor.User("admin@example.test", "Admin", Role.Admin);

        var result = service.Create(admin, new CampaignDetails("UK-IG", "UK", Platform.Instagram, "UK Instagram", CampaignStatus.Planned, Start, null, null, null));

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
    }

    [Fact]
    public void Create_RejectsAnUnknownJurisdictionAndBadSettings()
    {
        var (_, service) = Create();

        Assert.Equal(FailureKind.Validation, service.Create(Officer, new CampaignDetails("XX-FB", "XX", Platform.Facebook, "x", CampaignStatus.Planned, Start, null, null, null)).Failure!.Kind);
        var invalid = service.Create(Officer, new CampaignDetails("UK-IG", "UK", Platform.Instagram, "x", CampaignStatus.Planned, Start, Start.AddDays(-1), null, null, 0, 1.5m)).Failure!;
        Assert.Equal(3, invalid.Details!.Count);
    }

    [Fact]
    public void ANoticeSentToACohort_CannotChangeItsText_ButMayBeGivenAnEndDate()
    {
        var (s, service) = Create();
        var notice = s.NoticeVersions["n1"];
        var details = new NoticeDetails(notice.Label, notice.Text, notice.Language, notice.Channel, notice.EffectiveFrom, null);

        var edit = service.UpdateNotice(Officer, "n1", notice.Version, details with { Text = "Different words." });
        var end = service.UpdateNotice(Officer, "n1", notice.Version, details with { EffectiveTo = Start.AddDays(30) });

        Assert.Equal(FailureKind.Conflict, edit.Failure!.Kind);
        Assert.True(end.Succeeded);
        Assert.Equal("We will use your public posts.", s.NoticeVersions["n1"].Text);
    }

    [Fact]
    public void ANoticeNobodyReceivedYet_MayBeCorrected()
    {
        var (s, service) = Create();
        var added = service.AddNotice(Officer, "UK-FB", new NoticeDetails("v2", "Draft words", "en-GB", NoticeChannel.Email, Start, null)).Value;

        var edited = service.UpdateNotice(Officer, added.Id, added.Version, new NoticeDetails("v2", "Final words", "en-GB", NoticeChannel.Email, Start, null));

        Assert.Equal("Final words", edited.Value.Text);
    }

    [Fact]
    public void ACohort_MustUseANoticeOfItsOwnCampaign()
    {
        var (s, service) = Create();
        s.NoticeVersions["other"] = new NoticeVersion { Id = "other", CampaignId = "ELSEWHERE", Label = "x", Text = "x", EffectiveFrom = Start };

        var result = service.AddCohort(Officer, "UK-FB", new CohortDetails("wave-3", "Wave 3", 1000, Start, null, "other"));
        var ok = service.AddCohort(Officer, "UK-FB", new CohortDetails("Wave-3", "Wave 3", 1000, Start, null, "n1"));

        Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
        Assert.Equal("UK-FB/wave-3", ok.Value.Id);
    }
}
