using System.Globalization;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Objections;

/// <summary>The Objections page: figures from the rollups for the filter, and the drill-down list.</summary>
public partial class ObjectionsPage
{
    [Inject] private ObjectionService Objections { get; set; } = default!;
    [Inject] private JurisdictionService Jurisdictions { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Opens the page searching for this objection id or subject reference (the link back from a complaint).</summary>
    [SupplyParameterFromQuery(Name = "search")] public string? SearchQuery { get; set; }

    private MudTable<Objection>? _table;
    private IReadOnlyList<string> _jurisdictions = [];
    private string? _jurisdiction;
    private Platform? _platform;
    private ObjectionChannel? _channel;
    private DateOnly? _from;
    private DateOnly? _to;
    private string? _search;
    private bool _canManage;
    private bool _showUpload;
    private ObjectionMetrics _metrics = ObjectionMetricsCalculator.Compute(ObjectionSnapshot.Empty, ObjectionFilter.All, DateOnly.MinValue);

    protected override async Task OnInitializedAsync()
    {
        _canManage = await CurrentUser.CanAsync(Permission.ManageObjections);
        _search = SearchQuery;
        _jurisdictions = Jurisdictions.All().Select(j => j.Code).Order().ToList();
        Refresh();
    }

    public ObjectionFilter Filter => new(_jurisdiction, _platform, _channel, _from, _to);

    private void Refresh() => _metrics = Objections.Metrics(Filter);

    private async Task SetFilter(Action set)
    {
        set();
        Refresh();
        if (_table is not null) await _table.ReloadServerData();
    }

    private Task ClearFilters() => SetFilter(() => (_jurisdiction, _platform, _channel, _from, _to) = (null, null, null, null, null));

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
            Add("platform", _platform?.Token());
            Add("channel", _channel?.Token());
            Add("from", _from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", _to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("search", _search);
            return ObjectionEndpoints.ExportPath + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
        }
    }

    private IEnumerable<(string, long)> BacklogBars =>
        [("On time", _metrics.Backlog.OnTime), ("Due within 7 days", _metrics.Backlog.DueSoon), ("Overdue", _metrics.Backlog.Overdue)];

    private static string PlatformName(string token) => ObjectionTokens.Platforms.TryGetValue(token, out var p) ? p.ToString() : token;

    private static string ChannelName(string token) => ObjectionTokens.Channels.TryGetValue(token, out var c) ? c.DisplayName() : token;

    private sealed record Tile(string Key, string Label, string Value, Color Colour = Color.Default);

    private IEnumerable<Tile> Tiles
    {
        get
        {
            var m = _metrics;
            string N(long n) => n.ToString("N0", Display.Culture);
            string H(double? hours) => hours is null ? "–" : hours < 48 ? $"{hours:0.#} h" : $"{hours / 24:0.#} days";
            yield return new("received", "Received", N(m.Received));
            yield return new("honoured", "Honoured", N(m.Honoured), Color.Success);
            yield return new("refused", "Refused", N(m.Refused), m.Refused > 0 ? Color.Warning : Color.Default);
            yield return new("withdrawn", "Withdrawn", N(m.Withdrawn));
            yield return new("pending", "Pending", N(m.Pending));
            yield return new("within-limit", "Answered within the legal limit", m.PercentWithinLegalLimit is { } p ? $"{p:0.00}%" : "–");
            yield return new("median", "Median time to honour", H(m.TimeToHonour.MedianHours));
            yield return new("p90", "90th percentile", H(m.TimeToHonour.P90Hours));
            yield return new("p99", "99th percentile", H(m.TimeToHonour.P99Hours));
            yield return new("max", "Longest", H(m.TimeToHonour.MaxHours));
            yield return new("overdue", "Overdue now", N(m.OverdueNow), m.OverdueNow > 0 ? Color.Error : Color.Default);
            yield return new("due-soon", "Due within 7 days", N(m.DueWithin7Days), m.DueWithin7Days > 0 ? Color.Warning : Color.Default);
            yield return new("extensions", "Extensions notified", N(m.ExtensionsNotified));
            yield return new("carried-over", "Carried-over objectors", N(m.CarriedOver));
            yield return new("objection-rate", "Objection rate", m.ObjectionRate is { } r ? ObjectionRateFormat.Percent(r) : "no rollout data");
        }
    }

    private Task<TableData<Objection>> LoadPageAsync(TableState state, CancellationToken cancellation)
    {
        var sort = Enum.TryParse<ObjectionSort>(state.SortLabel, out var s) ? s : ObjectionSort.ReceivedAt;
        var descending = state.SortDirection != SortDirection.Ascending;
        var page = Objections.Search(new ObjectionQuery(Filter, _search, null, sort, descending, state.Page * state.PageSize, state.PageSize));
        return Task.FromResult(new TableData<Objection> { Items = page.Items, TotalItems = page.TotalCount });
    }

    private async Task SearchAsync()
    {
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnSearchKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await SearchAsync();
    }

    private async Task OpenAsync(Objection objection)
    {
        if (await Dialogs.ShowObjectionAsync(objection, _canManage) is { } changed)
        {
            Snackbar.Add($"Objection {changed.Id} is now {changed.Status.Token()}.", Severity.Success);
            await AfterChangeAsync();
        }
    }

    private async Task RecordAsync()
    {
        if (await Dialogs.RecordObjectionAsync(_jurisdictions) is { } recorded)
        {
            Snackbar.Add($"Objection {recorded.Id} recorded, due {Display.Date(recorded.DueDate)}.", Severity.Success);
            await AfterChangeAsync();
        }
    }

    private async Task OnUploadedAsync()
    {
        await AfterChangeAsync();
    }

    private async Task AfterChangeAsync()
    {
        Refresh();
        if (_table is not null) await _table.ReloadServerData();
    }
}
