using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Rollout;

/// <summary>The rollout dashboard: filters, funnel, coverage, objection windows, totals and the campaigns behind them.</summary>
public partial class RolloutPage
{
    [Inject] private RolloutQueryService Rollout { get; set; } = default!;
    [Inject] private CampaignService Campaigns { get; set; } = default!;
    [Inject] private JurisdictionService Jurisdictions { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<Jurisdiction> _jurisdictions = [];
    private IReadOnlyList<Campaign> _campaigns = [];
    private RolloutReport? _report;
    private Failure? _failure;
    private bool _canManage;

    private string? _jurisdiction;
    private string? _campaign;
    private Platform? _platform;
    private NoticeChannel? _channel;
    private DateTime? _from;
    private DateTime? _to;

    private IEnumerable<Campaign> CampaignChoices => _campaigns.Where(c => _jurisdiction is null || c.JurisdictionCode == _jurisdiction);

    protected override async Task OnInitializedAsync()
    {
        _canManage = await CurrentUser.CanAsync(Permission.ManageRollout);
        _jurisdictions = Jurisdictions.All();
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        _campaigns = Campaigns.All();
        if (_campaign is not null && !CampaignChoices.Any(c => c.Id == _campaign)) _campaign = null;
        var filter = new RolloutFilter(_jurisdiction, _campaign, _platform, _channel,
            _from is { } f ? DateOnly.FromDateTime(f) : null, _to is { } t ? DateOnly.FromDateTime(t) : null);
        var result = Rollout.Report(await CurrentUser.ActorAsync(), filter);
        _report = result.Succeeded ? result.Value : null;
        _failure = result.Failure;
    }

    private async Task OnJurisdictionChanged(string? value) { _jurisdiction = value; await RefreshAsync(); }
    private async Task OnCampaignChanged(string? value) { _campaign = value; await RefreshAsync(); }
    private async Task OnPlatformChanged(Platform? value) { _platform = value; await RefreshAsync(); }
    private async Task OnChannelChanged(NoticeChannel? value) { _channel = value; await RefreshAsync(); }
    private async Task OnFromChanged(DateTime? value) { _from = value; await RefreshAsync(); }
    private async Task OnToChanged(DateTime? value) { _to = value; await RefreshAsync(); }

    private async Task NewCampaignAsync()
    {
        if (await Dialogs.EditCampaignAsync(null, _jurisdictions) is { } saved)
        {
            Snackbar.Add($"Campaign {saved.Code} created.", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task EditCampaignAsync(Campaign campaign)
    {
        if (await Dialogs.EditCampaignAsync(campaign, _jurisdictions) is { } saved)
        {
            Snackbar.Add($"Campaign {saved.Code} saved.", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task AddNoticeAsync(Campaign campaign)
    {
        if (await Dialogs.AddNoticeAsync(campaign) is { } saved)
        {
            Snackbar.Add($"Notice {saved.Label} added to {campaign.Code}.", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task EditNoticeAsync(Campaign campaign, NoticeVersion notice)
    {
        if (await Dialogs.EditNoticeAsync(campaign, notice, Campaigns.IsInUse(notice)) is { } saved)
        {
            Snackbar.Add($"Notice {saved.Label} of {campaign.Code} saved.", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task AddCohortAsync(Campaign campaign)
    {
        if (await Dialogs.AddCohortAsync(campaign, Campaigns.Notices(campaign.Id)) is { } saved)
        {
            Snackbar.Add($"Cohort {saved.Code} added to {campaign.Code}.", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task OnImportedAsync()
    {
        await RefreshAsync();
        StateHasChanged();
    }

    private string CampaignName(string id) => _campaigns.FirstOrDefault(c => c.Id == id)?.Name ?? id;
}
