using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Jurisdictions;

public sealed partial class GatePanel
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    [Inject] private TrainingGate Gate { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public Jurisdiction Jurisdiction { get; set; } = default!;

    /// <summary>Raised with the jurisdiction after it moved to Training.</summary>
    [Parameter] public EventCallback<Jurisdiction> OnStateChanged { get; set; }

    private GateVerdict? _verdict;
    private GateOverride? _override;
    private bool _canRequestStart;
    private bool _canAdvise;
    private bool _canOverride;

    protected override async Task OnParametersSetAsync()
    {
        var actor = await CurrentUser.ActorAsync();
        _canRequestStart = actor.Can(Permission.RequestTrainingStart) && actor.Can(Permission.ChangeJurisdictionState);
        _canAdvise = actor.Can(Permission.RecordDpoAdvice);
        _canOverride = actor.Can(Permission.OverrideTrainingGate);
        Refresh();
    }

    private void Refresh()
    {
        _verdict = Gate.Verdict(Jurisdiction.Code);
        _override = Gate.OpenOverride(Jurisdiction.Code);
    }

    private async Task RequestStartAsync()
    {
        var dialog = await Dialogs.ShowAsync<GateReasonDialog>($"Request training start in {Jurisdiction.Name}", new DialogParameters<GateReasonDialog>
        {
            { d => d.Action, GateReasonDialog.GateAction.StartTraining }, { d => d.Jurisdiction, Jurisdiction },
        }, Options);
        var result = await dialog.Result;
        Refresh();
        if (result is { Canceled: false, Data: Jurisdiction moved })
        {
            Snackbar.Add($"{moved.Name} moved to Training.", Severity.Success);
            await OnStateChanged.InvokeAsync(moved);
        }
    }

    private Task AdviseAsync() => OverrideStepAsync<GateReasonDialog>("Record the DPO's advice on overriding the gate", new DialogParameters<GateReasonDialog>
    {
        { d => d.Action, GateReasonDialog.GateAction.DpoAdvice }, { d => d.Jurisdiction, Jurisdiction }, { d => d.Initial, _override?.DpoAdvice?.Advice },
    }, "DPO advice recorded.");

    private Task ApproveAsync() => OverrideStepAsync<OverrideDialog>("Approve an override of the training gate", new DialogParameters<OverrideDialog>
    {
        { d => d.Jurisdiction, Jurisdiction }, { d => d.Verdict, _verdict }, { d => d.Override, _override },
    }, "Override approval recorded.");

    private Task RevokeAsync() => OverrideStepAsync<GateReasonDialog>("Revoke the override", new DialogParameters<GateReasonDialog>
    {
        { d => d.Action, GateReasonDialog.GateAction.RevokeOverride }, { d => d.Jurisdiction, Jurisdiction },
    }, "Override revoked.");

    private async Task OverrideStepAsync<TDialog>(string title, DialogParameters parameters, string done) where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, Options);
        var result = await dialog.Result;
        Refresh();
        if (result is { Canceled: false, Data: GateOverride o })
            Snackbar.Add(o.IsInForce() && done.StartsWith("Override approval", StringComparison.Ordinal) ? "Second approval recorded: the override is in force." : done, Severity.Success);
    }

    private static string StateLabel(GateVerdict v) => v.Open ? "Open" : v.OverrideInForce ? "Closed — override in force" : "Closed";

    private static Color StateColour(GateVerdict v) => v.Open ? Color.Success : v.OverrideInForce ? Color.Warning : Color.Error;

    private static string Summary(GateVerdict v) => v.Open
        ? $"Every gate check ({CheckCatalogue.GateNumbers}) passes or does not apply: training may start and runs may be registered."
        : v.OverrideInForce
            ? $"{Count(v)} not passing, but an override approved by two legal reviewers is in force: training may start and runs are registered as under override."
            : $"{Count(v)} not passing: training cannot start and training runs are refused until they pass or an override is in force.";

    private static string Count(GateVerdict v) => v.FailingChecks.Count == 1 ? "1 gate check is" : $"{v.FailingChecks.Count} gate checks are";

    private static string Outcome(CheckOutcome outcome) => outcome.Describe();

    private static string OverrideState(GateOverride o) => o.IsInForce()
        ? $"in force since {Display.DateTime(o.InForceSince)}, overriding checks {string.Join(", ", o.FailingChecks.Select(f => f.Number))}."
        : o.DpoAdvice is null ? "awaiting the DPO's advice."
        : $"awaiting approval {o.Approvals.Length + 1} of {GateOverride.ApprovalsRequired} by a legal reviewer.";
}
