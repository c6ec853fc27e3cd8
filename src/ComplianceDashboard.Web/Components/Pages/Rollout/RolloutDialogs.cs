using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Rollout;

/// <summary>Opens the rollout dialogs and returns what they saved, or null when cancelled.</summary>
public static class RolloutDialogs
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    public static Task<Campaign?> EditCampaignAsync(this IDialogService dialogs, Campaign? existing, IReadOnlyList<Jurisdiction> jurisdictions) =>
        ShowAsync<CampaignDialog, Campaign>(dialogs, existing is null ? "New campaign" : $"Edit campaign {existing.Code}",
            new DialogParameters<CampaignDialog> { { d => d.Existing, existing }, { d => d.Jurisdictions, jurisdictions } });

    public static Task<NoticeVersion?> AddNoticeAsync(this IDialogService dialogs, Campaign campaign) =>
        ShowAsync<NoticeDialog, NoticeVersion>(dialogs, $"Add a notice version to {campaign.Code}",
            new DialogParameters<NoticeDialog> { { d => d.Campaign, campaign } });

    public static Task<NoticeVersion?> EditNoticeAsync(this IDialogService dialogs, Campaign campaign, NoticeVersion notice, bool inUse) =>
        ShowAsync<NoticeDialog, NoticeVersion>(dialogs, $"Edit notice {notice.Label} of {campaign.Code}",
            new DialogParameters<NoticeDialog> { { d => d.Campaign, campaign }, { d => d.Existing, notice }, { d => d.InUse, inUse } });

    public static Task<Cohort?> AddCohortAsync(this IDialogService dialogs, Campaign campaign, IReadOnlyList<NoticeVersion> notices) =>
        ShowAsync<CohortDialog, Cohort>(dialogs, $"Add a cohort to {campaign.Code}",
            new DialogParameters<CohortDialog> { { d => d.Campaign, campaign }, { d => d.Notices, notices } });

    private static async Task<TResult?> ShowAsync<TDialog, TResult>(IDialogService dialogs, string title, DialogParameters parameters)
        where TDialog : Microsoft.AspNetCore.Components.IComponent where TResult : class
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TResult saved } ? saved : null;
    }
}
