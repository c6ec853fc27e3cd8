using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Assessments;

public partial class AssessmentEditor
{
    [Inject] private AssessmentService Assessments { get; set; } = default!;
    [Inject] private JurisdictionService Jurisdictions { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The assessment as loaded; its <see cref="Aggregate.Version"/> is the copy a save is checked against.</summary>
    [Parameter, EditorRequired] public Assessment Assessment { get; set; } = default!;
    [Parameter, EditorRequired] public int Number { get; set; }

    /// <summary>Raised with the stored assessment after a save or submit, or a fresh copy after a reload.</summary>
    [Parameter] public EventCallback<Assessment> OnChanged { get; set; }

    private DraftForm _form = new();
    private string _savedCanonical = "";
    private IReadOnlyList<SectionCompleteness> _completeness = [];
    private Failure? _failure;
    private bool _busy;
    private Assessment? _loaded;

    private AssessmentVersion Version => Assessment.FindVersion(Number)!;
    private IEnumerable<string> JurisdictionCodes => Jurisdictions.All().Select(j => j.Code).Union(Version.Jurisdictions).Order();
    private bool IsDirty => AssessmentContent.Canonical(Assessment.Id, _form.Preview(Version)) != _savedCanonical;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_loaded, Assessment)) return;
        _loaded = Assessment;
        _form = DraftForm.From(Version);
        _savedCanonical = AssessmentContent.Canonical(Assessment.Id, Version);
        Changed();
    }

    private void Changed() => _completeness = AssessmentContent.Completeness(_form.Preview(Version));

    private IReadOnlyList<ReviewComment> CommentsOn(string key) => Version.Comments.Where(c => c.QuestionKey == key).ToList();

    private async Task<bool> SaveCoreAsync()
    {
        var result = Assessments.SaveDraft(await CurrentUser.ActorAsync(), Assessment.Id, Assessment.Version, Number, _form.ToContent());
        if (!result.Succeeded)
        {
            _failure = result.Failure;
            return false;
        }
        _failure = null;
        _savedCanonical = AssessmentContent.Canonical(Assessment.Id, result.Value.FindVersion(Number)!);
        _loaded = result.Value;
        Assessment = result.Value;
        await OnChanged.InvokeAsync(result.Value);
        return true;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        if (await SaveCoreAsync()) Snackbar.Add("Draft saved.", Severity.Success);
        _busy = false;
    }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            if (IsDirty && !await SaveCoreAsync()) return;
            var result = Assessments.Submit(await CurrentUser.ActorAsync(), Assessment.Id, Number);
            if (!result.Succeeded)
            {
                _failure = result.Failure;
                return;
            }
            _failure = null;
            Snackbar.Add($"Version {Number} submitted for review.", Severity.Success);
            _loaded = result.Value;
            await OnChanged.InvokeAsync(result.Value);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReloadAsync()
    {
        if (Assessments.Find(Assessment.Id) is not { } fresh) return;
        _failure = null;
        Assessment = fresh;
        OnParametersSet();
        await OnChanged.InvokeAsync(fresh);
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!IsDirty) return;
        var leave = await Dialogs.ShowMessageBoxAsync("Unsaved changes",
            "You have changes that are not saved. Leave this page and lose them?", yesText: "Leave without saving", cancelText: "Stay");
        if (leave != true) context.PreventNavigation();
    }
}
