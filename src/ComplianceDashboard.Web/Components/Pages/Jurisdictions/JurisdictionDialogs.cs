using ComplianceDashboard.Core.Jurisdictions;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Jurisdictions;

/// <summary>Opens the jurisdiction dialogs and returns what they saved, or null when cancelled.</summary>
public static class JurisdictionDialogs
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    public static Task<Jurisdiction?> CreateAsync(this IDialogService dialogs, JurisdictionDetails? preset) =>
        ShowAsync<JurisdictionDialog>(dialogs, preset is null ? "Add jurisdiction" : $"Add {preset.Name}",
            new DialogParameters<JurisdictionDialog> { { d => d.Preset, preset } });

    public static Task<Jurisdiction?> EditAsync(this IDialogService dialogs, Jurisdiction jurisdiction) =>
        ShowAsync<JurisdictionDialog>(dialogs, $"Edit {jurisdiction.Name}",
            new DialogParameters<JurisdictionDialog> { { d => d.Existing, jurisdiction } });

    public static Task<Jurisdiction?> ChangeStateAsync(this IDialogService dialogs, Jurisdiction jurisdiction) =>
        ShowAsync<ChangeStateDialog>(dialogs, $"Change the state of {jurisdiction.Name}",
            new DialogParameters<ChangeStateDialog> { { d => d.Jurisdiction, jurisdiction } });

    private static async Task<Jurisdiction?> ShowAsync<TDialog>(IDialogService dialogs, string title, DialogParameters parameters)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Jurisdiction saved } ? saved : null;
    }
}
