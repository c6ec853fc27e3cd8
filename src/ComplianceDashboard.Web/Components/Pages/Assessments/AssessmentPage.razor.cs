using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Assessments;

public partial class AssessmentPage
{
    [Inject] private AssessmentService Assessments { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    private Assessment? _assessment;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private bool _canSchedule;
    private DateOnly _today;
    private DateTime? _nextReview;
    private ReviewTrigger _trigger;
    private int _left;
    private int _right;
    private Failure? _failure;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await CurrentUser.ActorAsync();
        _canSchedule = actor.Can(Permission.DraftAssessments) || actor.Can(Permission.ApproveAssessments);
        _today = Clock.TodayUtc();
        Load(Assessments.Find(Id));
    }

    private void Load(Assessment? assessment)
    {
        _assessment = assessment;
        _breadcrumbs = [new("Assessments", "/assessments"), new(assessment?.Latest().Title ?? Id, null, disabled: true)];
        if (assessment is null) return;
        _nextReview = assessment.InForce()?.NextReviewDate?.ToDateTime(TimeOnly.MinValue);
        _right = assessment.Latest().Number;
        _left = assessment.InForce() is { } f && f.Number != _right ? f.Number : Math.Max(1, _right - 1);
    }

    private async Task SetReviewDateAsync()
    {
        if (_assessment?.InForce() is not { } inForce || _nextReview is not { } date) return;
        Report(Assessments.SetNextReviewDate(await CurrentUser.ActorAsync(), _assessment.Id, inForce.Number, DateOnly.FromDateTime(date)), "Next review date set.");
    }

    private async Task RecordTriggerAsync()
    {
        if (_assessment is null) return;
        var dialog = await Dialogs.ShowAsync<NoteDialog>($"Record: {_trigger.Describe()}", new DialogParameters<NoteDialog>
        {
            { d => d.Label, "What happened" }, { d => d.ButtonText, "Record trigger" },
            { d => d.Intro, "Recording a trigger makes the assessment due for review at once." },
        });
        if (await dialog.Result is { Canceled: false, Data: string note })
            Report(Assessments.RecordTrigger(await CurrentUser.ActorAsync(), _assessment.Id, _trigger, note), "Trigger recorded; the assessment is due for review.");
    }

    private void Report(Result<Assessment> result, string success)
    {
        _failure = result.Failure;
        if (!result.Succeeded) return;
        Snackbar.Add(success, Severity.Success);
        Load(result.Value);
    }
}
