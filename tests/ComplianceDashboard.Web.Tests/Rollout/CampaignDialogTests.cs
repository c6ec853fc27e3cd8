using AngleSharp.Dom;
using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Components.Pages.Rollout;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Rollout;

/// <summary>The campaign editor, opened through the dialog service as the Rollout page opens it.</summary>
public sealed class CampaignDialogTests : ComponentTestBase
{
    public CampaignDialogTests()
    {
        SignInAs(Role.ComplianceOfficer);
        SeedDemoProgramme();
    }

    private CampaignService Campaigns => Context.Services.GetRequiredService<CampaignService>();

    private (IRenderedComponent<MudDialogProvider> Provider, Task<Campaign?> Result) Open(Campaign? existing)
    {
        var provider = Context.Render<MudDialogProvider>();
        var jurisdictions = Context.Services.GetRequiredService<JurisdictionService>().All();
        Task<Campaign?> result = null!;
        provider.InvokeAsync(() => result = Context.Services.GetRequiredService<IDialogService>().EditCampaignAsync(existing, jurisdictions));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog")));
        return (provider, result);
    }

    private static IElement Input(IRenderedComponent<MudDialogProvider> provider, string label)
    {
        var labelElement = provider.FindAll("label").Single(l => l.TextContent.Trim().TrimEnd('*').Trim() == label);
        return provider.Find($"#{labelElement.GetAttribute("for")}");
    }

    // Find and click in one dispatch: MudBlazor may re-render the dialog in between, retiring the handler found.
    private static void Save(IRenderedComponent<MudDialogProvider> provider) =>
        provider.InvokeAsync(() => provider.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click()).GetAwaiter().GetResult();

    [Fact]
    public async Task EditingACampaign_SavesTheNewNameWindowAndTarget()
    {
        var existing = Campaigns.Find("UK-FB-2024")!;
        var (provider, result) = Open(existing);

        Input(provider, "Name").Change("UK Facebook notice, resumed");
        Input(provider, "Minimum objection window (days)").Change("45");
        Input(provider, "Coverage target (%)").Change("97");
        Save(provider);

        provider.WaitForAssertion(() => Assert.True(result.IsCompleted));
        var saved = Campaigns.Find("UK-FB-2024")!;
        Assert.Equal(("UK Facebook notice, resumed", 45, 0.97m), (saved.Name, saved.MinimumObjectionWindowDays, saved.CoverageTarget));
        Assert.Equal(saved, await result);
    }

    [Fact]
    public void ANewCampaign_ShowsItsDefaults_AndRefusesToSaveWithoutAJurisdiction()
    {
        var (provider, result) = Open(null);

        Assert.Equal("30", Input(provider, "Minimum objection window (days)").GetAttribute("value"));
        Assert.Equal("95", Input(provider, "Coverage target (%)").GetAttribute("value"));
        Input(provider, "Code").Change("NEW-FB");
        Input(provider, "Name").Change("New campaign");
        Save(provider);

        provider.WaitForAssertion(() => Assert.Contains("Choose a jurisdiction.", provider.Find("[role=alert]").TextContent));
        Assert.False(result.IsCompleted);
        Assert.Null(Campaigns.Find("NEW-FB"));
    }

    [Fact]
    public void AnEditThatRacedAnotherOne_IsRefusedAsAConflict_InTheDialog()
    {
        var existing = Campaigns.Find("UK-FB-2024")!;
        var (provider, result) = Open(existing);
        Assert.True(Campaigns.Update(Actor.System, existing.Code, existing.Version, CampaignDetails.From(existing) with { Name = "Changed elsewhere" }).Succeeded);

        Input(provider, "Name").Change("My change");
        Save(provider);

        provider.WaitForAssertion(() => Assert.Contains("was changed by someone else", provider.Find("[role=alert]").TextContent));
        Assert.False(result.IsCompleted);
        Assert.Equal("Changed elsewhere", Campaigns.Find("UK-FB-2024")!.Name);
    }
}
