using System.Text.Json;
using ComplianceDashboard.Web.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace ComplianceDashboard.Web.Components.Pages.Evidence;

/// <summary>Uploads a PDF to the cookie-authenticated verify endpoint (never over the circuit) and shows the answer.</summary>
public partial class VerifyPackPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private AntiforgeryStateProvider Antiforgery { get; set; } = default!;
    [Inject] private IConfiguration Configuration { get; set; } = default!;

    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<VerifyPackPage>? _self;
    private bool _busy;
    private int _progress;
    private string? _message;
    private EvidencePackEndpoints.VerifyResponse? _answer;

    [JSInvokable]
    public Task OnProgress(int percent)
    {
        _progress = percent;
        return InvokeAsync(StateHasChanged);
    }

    private async Task VerifyAsync()
    {
        _message = null;
        _answer = null;
        if (Antiforgery.GetAntiforgeryToken() is not { } token)
        {
            _message = "The page has no upload token; reload it and try again.";
            return;
        }
        _busy = true;
        _progress = 0;
        // The shared uploader posts any chosen file with the antiforgery token and reports progress.
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "/js/upload.js");
        _self ??= DotNetObjectReference.Create(this);
        var response = await _module.InvokeAsync<UploadResponse>("uploadForm", _input, EvidencePackEndpoints.UiVerifyPath, token.FormFieldName, token.Value, _self,
            EvidencePackEndpoints.VerifyLimit.FileBytes(Configuration));
        _busy = false;
        if (response.Status == 200) _answer = JsonSerializer.Deserialize<EvidencePackEndpoints.VerifyResponse>(response.Body, Json);
        else if (response.Status == 0) _message = "Choose a PDF file first (or the connection failed).";
        else if (response.Status == 413) _message = ProblemDetail(response.Body) ?? "The file is larger than the verification limit.";
        else _message = $"The file could not be verified ({response.Status}).";
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string? ProblemDetail(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ProblemBody>(body, Json)?.Detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ProblemBody(string? Detail);

    private sealed record UploadResponse(int Status, string Body);
}
