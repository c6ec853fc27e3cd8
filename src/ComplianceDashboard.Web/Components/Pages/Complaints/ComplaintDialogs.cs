using ComplianceDashboard.Core.Complaints;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Complaints;

/// <summary>Opens the complaint dialogs and returns what they saved, or null when closed without a change.</summary>
public static class ComplaintDialogs
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    public static async Task<Complaint?> ShowComplaintAsync(this IDialogService dialogs, Complaint complaint, bool canManage)
    {
        var dialog = await dialogs.ShowAsync<ComplaintDialog>($"Complaint {complaint.Id}",
            new DialogParameters<ComplaintDialog> { { d => d.ComplaintId, complaint.Id }, { d => d.CanManage, canManage } }, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Complaint changed } ? changed : null;
    }

    public static async Task<Complaint?> RecordComplaintAsync(this IDialogService dialogs, IReadOnlyList<string> jurisdictions)
    {
        var dialog = await dialogs.ShowAsync<RecordComplaintDialog>("Record complaint",
            new DialogParameters<RecordComplaintDialog> { { d => d.Jurisdictions, jurisdictions } }, Options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Complaint recorded } ? recorded : null;
    }
}
