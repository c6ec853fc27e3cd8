using System.Globalization;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Complaints;

/// <summary>The Complaints page: the s.164A figures for the filter, the drill-down list, and recording and updating by hand.</summary>
public partial class ComplaintsPage
{
    [Inject] private ComplaintService Complaints { get; set; } = default!;
    [Inject] private JurisdictionService Jurisdictions { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Shows only the complaints linked to this objection (the link from an objection to its complaints).</summary>
    [SupplyParameterFromQuery] public string? Objection { get; set; }

    private IReadOnlyList<string> _jurisdictions = [];
    private string? _jurisdiction;
    private ComplaintCategory? _category;
    private ComplaintChannel? _channel;
    private DateOnly? _from;
    private DateOnly? _to;
    private string? _search;
    private bool _overdueOnly;
    private bool _canManage;
    private bool _canExport;
    private bool _showUpload;
    private DateOnly _today;
    private IReadOnlyList<Complaint> _list = [];
    private ComplaintMetrics _metrics = ComplaintMetricsCalculator.Compute([], ComplaintFilter.All, DateOnly.MinValue);

    protected override async Task OnInitializedAsync()
    {
        _canManage = await CurrentUser.CanAsync(Permission.ManageComplaints);
        _canExport = await CurrentUser.CanAsync(Permission.ExportComplaints);
        _jurisdictions = Jurisdictions.All().Select(j => j.Code).Order().ToList();
    }

    protected override void OnParametersSet() => Refresh();

    public ComplaintFilter Filter => new(_jurisdiction, _from, _to, _category, _channel);

    private void Refresh()
    {
        _today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        IEnumerable<Complaint> list = Objection is { Length: > 0 } objection ? Complaints.LinkedTo(objection) : Complaints.List(Filter, _overdueOnly);
        if (Objection is { Length: > 0 }) list = list.Where(c => Filter.Matches(c) && (!_overdueOnly || c.AcknowledgementOverdue(_today)));
        if (_search is { Length: > 0 } s)
            list = list.Where(c => c.Id.Contains(s.Trim(), StringComparison.OrdinalIgnoreCase) || c.SubjectRef.Equals(s.Trim(), StringComparison.Ordinal));
        _list = list.ToList();
        _metrics = Objection is { Length: > 0 } ? ComplaintMetricsCalculator.Compute(_list, ComplaintFilter.All, _today) : Complaints.Metrics(Filter);
    }

    private void SetFilter(Action set)
    {
        set();
        Refresh();
    }

    private void ClearFilters() => SetFilter(() => (_jurisdiction, _category, _channel, _from, _to, _overdueOnly, _search) = (null, null, null, null, null, false, null));

    private void ShowAll() => Navigation.NavigateTo("/complaints");

    private string ExportHref
    {
        get
        {
            var parts = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("jurisdiction", _jurisdiction);
            Add("category", _category?.Token());
            Add("channel", _channel?.Token());
            Add("from", _from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", _to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return ComplaintEndpoints.ExportPath + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
        }
    }

    private sealed record Tile(string Key, string Label, string Value, Color Colour = Color.Default);

    private IEnumerable<Tile> Tiles
    {
        get
        {
            var m = _metrics;
            string N(long n) => n.ToString("N0", Display.Culture);
            yield return new("received", "Received", N(m.Received));
            yield return new("acknowledged", "Acknowledged", N(m.Acknowledged));
            yield return new("within-deadline", "Acknowledged within the deadline",
                m.PercentAcknowledgedWithinDeadline is { } p ? $"{p.ToString("0.0", CultureInfo.InvariantCulture)}%" : "–",
                m.AcknowledgedLate + m.AcknowledgementOverdueNow > 0 ? Color.Warning : Color.Success);
            yield return new("late", "Acknowledged late", N(m.AcknowledgedLate), m.AcknowledgedLate > 0 ? Color.Warning : Color.Default);
            yield return new("overdue", "Acknowledgement overdue now", N(m.AcknowledgementOverdueNow), m.AcknowledgementOverdueNow > 0 ? Color.Error : Color.Default);
            yield return new("open", "Open (no outcome yet)", N(m.Open));
            yield return new("outcome-overdue", "Past the outcome target", N(m.OutcomeOverdueNow), m.OutcomeOverdueNow > 0 ? Color.Warning : Color.Default);
            yield return new("median", "Median days to outcome", m.MedianDaysToOutcome is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "–");
            yield return new("escalated", "Taken to the regulator", N(m.Escalated));
            yield return new("without-deadline", "Received before the duty", N(m.ReceivedWithoutDeadline));
        }
    }

    private async Task OpenAsync(Complaint complaint)
    {
        if (await Dialogs.ShowComplaintAsync(complaint, _canManage) is { } changed)
        {
            Snackbar.Add($"Complaint {changed.Id} updated.", Severity.Success);
            await AfterChangeAsync();
        }
    }

    private async Task RecordAsync()
    {
        if (await Dialogs.RecordComplaintAsync(_jurisdictions) is { } recorded)
        {
            Snackbar.Add($"Complaint {recorded.Id} recorded" + (recorded.AcknowledgementDue is { } due ? $", acknowledge by {Display.Date(due)}." : "."), Severity.Success);
            await AfterChangeAsync();
        }
    }

    private Task AfterChangeAsync()
    {
        Refresh();
        return Task.CompletedTask;
    }
}
