using System.Text.Json;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Web.Components.Pages.Objections;

/// <summary>Turns the upload endpoint's answer into the message and error table the page shows.</summary>
public static class UploadResult
{
    public static (string Message, List<ImportError> Errors) Read(int status, string body)
    {
        JsonElement json = default;
        try
        {
            if (!string.IsNullOrWhiteSpace(body)) json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
        }
        long Number(string name) => json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
        string Text(string name) => json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        switch (status)
        {
            case 200:
                return ($"Imported: {Number("inserted"):N0} new, {Number("updated"):N0} updated, {Number("unchanged"):N0} unchanged (batch {Text("batchId")}).", []);
            case 400 when json.ValueKind == JsonValueKind.Object && json.TryGetProperty("errors", out var errors):
                var list = errors.EnumerateArray().Select(e => new ImportError(
                    e.GetProperty("line").GetInt32(),
                    e.GetProperty("column").ValueKind == JsonValueKind.String ? e.GetProperty("column").GetString() : null,
                    e.GetProperty("message").GetString() ?? "")).ToList();
                return ($"The file was rejected and nothing was imported: {list.Count} error(s).", list);
            case 413:
                return (Text("detail") is { Length: > 0 } tooLarge ? tooLarge : "The file is larger than the upload limit.", [new ImportError(0, null, "File too large")]);
            case 0:
                return ("Choose a CSV file first, or check the connection.", [new ImportError(0, null, "No upload")]);
            default:
                return ($"The upload failed ({status}): {Text("detail")}", [new ImportError(0, null, Text("detail"))]);
        }
    }
}
