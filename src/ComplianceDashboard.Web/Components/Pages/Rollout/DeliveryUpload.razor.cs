using System.Text.Json;
using ComplianceDashboard.Web.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace ComplianceDashboard.Web.Components.Pages.Rollout;

/// <summary>Uploads a delivery file to the cookie-authenticated endpoint with progress, and shows the outcome or every error.</summary>
public partial class DeliveryUpload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private AntiforgeryStateProvider Antiforgery { get; set; } = default!;
    [Inject] private IConfiguration Configuration { get; set; } = default!;
    [Parameter] public EventCallback OnImported { get; set; }

    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<DeliveryUpload>? _self;
    private bool _uploading;
    private int _progress;
    private string? _summary;
    private string? _message;
    private IReadOnlyList<ApiProblems.LineError> _errors = [];

    [JSInvokable]
    public Task OnProgress(int percent)
    {
        _progress = percent;
        return InvokeAsync(StateHasChanged);
    }

    private async Task UploadAsync()
    {
        _summary = _message = null;
        _errors = [];
        var token = Antiforgery.GetAntiforgeryToken();
        if (token is null)
        {
            _message = "The page has no upload token; reload it and try again.";
            return;
        }
        _uploading = true;
        _progress = 0;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "/js/upload.js");
        _self ??= DotNetObjectReference.Create(this);
        var response = await _module.InvokeAsync<UploadResponse>("uploadForm", _input, RolloutEndpoints.UploadPath, token.FormFieldName, token.Value, _self,
            RolloutEndpoints.UploadLimit.FileBytes(Configuration));
        _uploading = false;
        await ShowAsync(response);
    }

    private async Task ShowAsync(UploadResponse response)
    {
        switch (response.Status)
        {
            case 0:
                _message = "Choose a CSV file first (or the connection failed).";
                return;
            case 200:
                var ok = JsonSerializer.Deserialize<RolloutEndpoints.ImportResponse>(response.Body, Json)!;
                _summary = $"Imported {ok.Rows} rows: {ok.Inserted} inserted, {ok.Replaced} replaced, {ok.Unchanged} unchanged.";
                if (_module is not null) await _module.InvokeVoidAsync("clear", _input);
                await OnImported.InvokeAsync();
                return;
            default:
                var problem = TryParse(response.Body);
                _message = problem?.Detail ?? $"The upload failed ({response.Status}).";
                _errors = problem?.Errors ?? [];
                return;
        }
    }

    private static Problem? TryParse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<Problem>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _self?.Dispose();
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); }
            catch (JSDisconnectedException) { }
        }
    }

    private sealed record UploadResponse(int Status, string Body);

    private sealed record Problem(string? Detail, List<ApiProblems.LineError>? Errors);
}
