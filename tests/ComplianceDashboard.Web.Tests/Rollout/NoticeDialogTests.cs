using Bunit;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Components.Pages.Rollout;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Rollout;

public sealed class NoticeDialogTests : ComponentTestBase
{
    public NoticeDialogTests()
    {
        SignInAs(Role.ComplianceOfficer);
        SeedDemoProgramme();
    }

    [Fact]
    public void ANoticeACohortReceived_OpensWithItsWordsLocked()
    {
        var campaigns = Context.Services.GetRequiredService<CampaignService>();
        var campaign = campaigns.Find("UK-FB-2024")!;
        var notice = campaigns.Notices(campaign.Id).Single();
        Assert.True(campaigns.IsInUse(notice));
        var provider = Context.Render<MudDialogProvider>();

        provider.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().EditNoticeAsync(campaign, notice, inUse: true));

        provider.WaitForAssertion(() => Assert.Contains("only its end date can change", provider.Find(".mud-dialog").TextContent));
        var text = provider.FindAll("textarea").Single();
        Assert.True(text.HasAttribute("disabled"));
        Assert.Equal(notice.Text, text.TextContent.Length > 0 ? text.TextContent : text.GetAttribute("value"));
    }
}
