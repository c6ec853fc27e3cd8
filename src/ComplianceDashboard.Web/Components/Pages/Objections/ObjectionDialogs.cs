using ComplianceDashboard.Core.Objections;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Objections;

/// <summary>Opens the objection dialogs and returns what they saved, or null when closed without a change.</summary>
public static class ObjectionDialogs
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    public static async Task<Objection?> ShowObjectionAsync(this IDialogService dialogs, Objection objection, bool canManage)
    {
        var dialog = await dialogs.ShowAsync<ObjectionDialog>($"Objection {objection.Id}",
            new DialogParameters<ObjectionDialog> { { d => d.ObjectionId, objection.Id }, { d => d.CanManage, canManage } }, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Objection changed } ? changed : null;
    }

    public static async Task<Objection?> RecordObjectionAsync(this IDialogService dialogs, IReadOnlyList<string> jurisdictions)
    {
        var dialog = await dialogs.ShowAsync<RecordObjectionDialog>("Record objection",
            new DialogParameters<RecordObjectionDialog> { { d => d.Jurisdictions, jurisdictions } }, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Objection recorded } ? recorded : null;
    }
}
