using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Assessments;

public partial class AssessmentVersionPage
{
    [Inject] private AssessmentService Assessments { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";
    [Parameter] public int Number { get; set; }

    private Assessment? _assessment;
    private AssessmentVersion? _version;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private Rights _can = new(false, false, false, false, false, false);
    private Failure? _failure;

    private sealed record Rights(bool Draft, bool Withdraw, bool Comment, bool Advise, bool RequestChanges, bool Approve);

    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    protected override async Task OnParametersSetAsync()
    {
        var actor = await CurrentUser.ActorAsync();
        _can = new Rights(actor.Can(Permission.DraftAssessments), actor.Can(Permission.DraftAssessments), actor.Can(Permission.CommentOnAssessments),
            actor.Can(Permission.RecordDpoAdvice), actor.Can(Permission.RequestAssessmentChanges), actor.Can(Permission.ApproveAssessments));
        Refresh(Assessments.Find(Id));
    }

    private void Refresh(Assessment? assessment)
    {
        _assessment = assessment;
        _version = assessment?.FindVersion(Number);
        _breadcrumbs =
        [
            new("Assessments", "/assessments"),
            new(assessment?.Latest().Title ?? Id, $"/assessments/{Id}"),
            new($"Version {Number}", null, disabled: true),
        ];
    }

    private async Task<string?> AskAsync(string title, string label, string button, string? intro = null)
    {
        var dialog = await Dialogs.ShowAsync<NoteDialog>(title, new DialogParameters<NoteDialog>
        {
            { d => d.Label, label }, { d => d.ButtonText, button }, { d => d.Intro, intro },
        }, Options);
        return await dialog.Result is { Canceled: false, Data: string text } ? text : null;
    }

    private async Task CommentAsync(string key)
    {
        var question = QuestionCatalogue.Find(key);
        var text = await AskAsync(question is null ? "General comment" : $"Comment on {key}", question is null ? "Comment" : $"Comment on {key}", "Add comment", question?.Text);
        if (text is not null)
            Report(Assessments.Comment(await CurrentUser.ActorAsync(), Id, Number, key, text), "Comment added.");
    }

    private async Task AdviseAsync()
    {
        var dialog = await Dialogs.ShowAsync<NoteDialog>("Record DPO advice", new DialogParameters<NoteDialog>
        {
            { d => d.Label, "Advice" }, { d => d.ButtonText, "Record advice" }, { d => d.Initial, _version?.DpoAdvice?.Advice },
            { d => d.Intro, "The DPO advises; the legal reviewer who approves records whether the advice was followed." },
        }, Options);
        if (await dialog.Result is { Canceled: false, Data: string advice })
            Report(Assessments.RecordDpoAdvice(await CurrentUser.ActorAsync(), Id, Number, advice), "Advice recorded.");
    }

    private async Task RequestChangesAsync()
    {
        var note = await AskAsync("Request changes", "What needs to change", "Request changes", "The version goes back to its author; add comments on questions for detail.");
        if (note is not null)
            Report(Assessments.RequestChanges(await CurrentUser.ActorAsync(), Id, Number, note), "Changes requested.");
    }

    private async Task WithdrawAsync()
    {
        var reason = await AskAsync("Withdraw version", "Reason for withdrawing", "Withdraw");
        if (reason is not null)
            Report(Assessments.Withdraw(await CurrentUser.ActorAsync(), Id, Number, reason), $"Version {Number} withdrawn.");
    }

    private async Task ApproveAsync()
    {
        var dialog = await Dialogs.ShowAsync<ApproveDialog>($"Approve version {Number}", new DialogParameters<ApproveDialog>
        {
            { d => d.AssessmentId, Id }, { d => d.Version, _version! },
        }, Options);
        if (await dialog.Result is { Canceled: false, Data: Assessment approved })
        {
            Snackbar.Add($"Version {Number} approved and signed.", Severity.Success);
            Refresh(approved);
        }
    }

    private async Task ReviseAsync(AssessmentTemplate? template)
    {
        var result = Assessments.Revise(await CurrentUser.ActorAsync(), Id, Number, template);
        _failure = result.Failure;
        if (result.Succeeded)
            Navigation.NavigateTo($"/assessments/{Id}/versions/{result.Value.Latest().Number}");
    }

    private void Report(Result<Assessment> result, string success)
    {
        _failure = result.Failure;
        if (!result.Succeeded) return;
        Snackbar.Add(success, Severity.Success);
        Refresh(result.Value);
    }
}
