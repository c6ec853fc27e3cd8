using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Compliance;

/// <summary>The matrix of checks × jurisdictions from each jurisdiction's latest run, and "Run checks now".</summary>
public partial class CompliancePage
{
    [Inject] private ComplianceService Compliance { get; set; } = default!;
    [Inject] private JurisdictionService Jurisdictions { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<Jurisdiction> _jurisdictions = [];
    private Dictionary<string, ComplianceRun> _runs = [];
    private bool _canRun;
    private bool _running;
    private Failure? _failure;

    protected override async Task OnInitializedAsync()
    {
        _canRun = await CurrentUser.CanAsync(Permission.RunComplianceChecks);
        Load();
    }

    private void Load()
    {
        _jurisdictions = Jurisdictions.All();
        _runs = _jurisdictions
            .Select(j => Compliance.Latest(j.Code))
            .OfType<ComplianceRun>()
            .ToDictionary(r => r.Jurisdiction, StringComparer.Ordinal);
    }

    private async Task RunNowAsync()
    {
        _running = true;
        _failure = null;
        var actor = await CurrentUser.ActorAsync();
        // Evaluation reads the store and takes the writer: keep it off the circuit's render thread.
        var result = await Task.Run(() => Compliance.RunAll(actor, RunTrigger.OnDemand));
        _running = false;
        if (result.Succeeded)
        {
            var failing = result.Value.Sum(r => r.Results.Count(x => x.Outcome == CheckOutcome.Fail));
            Snackbar.Add($"Checks ran for {result.Value.Count} jurisdiction(s): {failing} failing.", failing > 0 ? Severity.Warning : Severity.Success);
        }
        _failure = result.Failure;
        Load();
    }
}
