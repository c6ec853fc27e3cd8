using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// Complaints (s.164A DPA 2018) over HTTP: the API for pipelines (API key) and the UI's upload and export (session
/// cookie). Uploads take the same path as objections: buffered to a temporary file within the endpoint's limit, then
/// imported whole or not at all.
/// </summary>
public static class ComplaintEndpoints
{
    public const string MaxUploadSetting = "ComplianceDashboard:Complaints:MaxUploadBytes";
    public const long DefaultMaxUploadBytes = ObjectionEndpoints.DefaultMaxUploadBytes;
    public const string UploadPath = "/complaints/upload";
    public const string ExportPath = "/complaints/export.csv";
    public static readonly RequestBodyLimit UploadLimit = new(MaxUploadSetting, DefaultMaxUploadBytes, RequestBodyLimit.MultipartFraming);

    public static void MapComplaintEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/complaints");
        api.MapPost("", (HttpContext http, ComplaintService complaints, IConfiguration config, CancellationToken cancel) =>
                ImportAsync(http, complaints, config, "API upload", cancel))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .WithSummary("Imports a complaints CSV (text/csv body or a multipart file) whole or not at all.");
        api.MapGet("/metrics", (HttpRequest request, ComplaintService complaints) =>
                ParseFilter(request.Query, out var filter, out var problem) ? Results.Ok(complaints.Metrics(filter)) : problem)
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("Every complaint figure for the filter (jurisdiction, from, to, category, channel; received dates, UTC days).");
        api.MapGet("/export.csv", (HttpContext http, ComplaintService complaints, TimeProvider clock) => Export(http, complaints, clock))
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("The complaints matching the filter as CSV, safe to open in a spreadsheet.");
        api.MapGet("/{complaintId}", (string complaintId, HttpContext http, ComplaintService complaints) =>
                complaints.Find(http.User.ToActor(), complaintId) is { } c
                    ? Results.Ok(ComplaintDto.From(c))
                    : Results.Problem($"There is no complaint {complaintId}.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("One complaint with its acknowledgement deadline and outcome target.");

        app.MapPost(UploadPath, async (HttpContext http, ComplaintService complaints, IConfiguration config, IAntiforgery antiforgery, CancellationToken cancel) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.Problem("The antiforgery token is missing or invalid. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
                return await ImportAsync(http, complaints, config, "upload in the dashboard", cancel);
            })
            .RequireAuthorization(Policies.For(Permission.ManageComplaints))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit);
        app.MapGet(ExportPath, (HttpContext http, ComplaintService complaints, TimeProvider clock) => Export(http, complaints, clock))
            .RequireAuthorization(Policies.For(Permission.ExportComplaints));
    }

    private static IResult Export(HttpContext http, ComplaintService complaints, TimeProvider clock)
    {
        if (!ParseFilter(http.Request.Query, out var filter, out var problem)) return problem;
        var selected = complaints.Export(http.User.ToActor(), filter);
        if (!selected.Succeeded) return Problem(selected.Failure!);
        var name = $"complaints-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        return Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            await ComplaintCsvExport.WriteAsync(selected.Value, writer, includeSummary: true, http.RequestAborted);
        }, "text/csv; charset=utf-8", name);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ComplaintService complaints, IConfiguration config, string source, CancellationToken cancel)
    {
        var limit = UploadLimit.FileBytes(config);
        var (upload, problem) = await CsvUpload.ReceiveAsync(http, limit, multipartOnly: false, cancel);
        if (upload is null) return problem!;
        await using (upload)
        {
            var name = upload.FileName is { } file ? $"{file} ({source})" : source;
            // The import is synchronous (one writer, one transaction); run it off the request thread.
            var result = await Task.Run(() => complaints.Import(http.User.ToActor(), upload.Content, name), cancel);
            if (!result.Succeeded) return Problem(result.Failure!);
            var report = result.Value;
            if (!report.Accepted)
                return Results.Problem(
                    title: "The file was rejected; nothing was imported.",
                    detail: $"{report.Errors.Count} error(s). Fix them and send the whole file again.",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?>
                    {
                        ["errors"] = report.Errors.Select(e => new { line = e.Line, column = e.Column, message = e.Message }).ToList(),
                    });
            return Results.Ok(new { inserted = report.Inserted, updated = report.Updated, unchanged = report.Unchanged, batchId = report.BatchId });
        }
    }

    private static IResult Problem(Failure failure) => Results.Problem(failure.Message, statusCode: failure.Kind switch
    {
        FailureKind.Validation => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status403Forbidden,
    });

    /// <summary>Reads jurisdiction, from and to (yyyy-MM-dd, received dates), category and channel from a query string.</summary>
    public static bool ParseFilter(IQueryCollection query, out ComplaintFilter filter, out IResult problem)
    {
        var errors = new List<string>();
        string? Text(string name) => query[name].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
        T? Token<T>(string name, IReadOnlyDictionary<string, T> tokens) where T : struct
        {
            if (Text(name) is not { } v) return null;
            if (tokens.TryGetValue(v.ToLowerInvariant(), out var t)) return t;
            errors.Add($"Unknown {name} '{v}'. Use one of: {string.Join(", ", tokens.Keys)}.");
            return null;
        }
        DateOnly? Day(string name)
        {
            if (Text(name) is not { } v) return null;
            if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add($"{name} must be a date as yyyy-MM-dd, not '{v}'.");
            return null;
        }
        filter = new ComplaintFilter(Text("jurisdiction")?.ToUpperInvariant(), Day("from"), Day("to"),
            Token("category", ComplaintTokens.Categories), Token("channel", ComplaintTokens.Channels));
        if (filter is { From: { } f, To: { } t } && f > t) errors.Add("from must not be after to.");
        problem = errors.Count == 0 ? Results.Empty : Results.Problem(string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);
        return errors.Count == 0;
    }

    /// <summary>A complaint as the API returns it, with the CSV's tokens.</summary>
    public sealed record ComplaintDto(
        string ComplaintId, string SubjectRef, string Jurisdiction, string Channel, DateTime ReceivedAt, string Category,
        IReadOnlyList<string> LinkedObjectionIds, DateTime? AcknowledgedAt, DateTime? ProgressUpdatedAt, DateTime? OutcomeAt,
        string? Outcome, string? OutcomeSummary, DateTime? EscalatedAt, string? RegulatorReference,
        DateOnly? AcknowledgementDue, bool AcknowledgementStatutory, bool? AcknowledgedOnTime, DateOnly OutcomeTarget,
        string Redaction, int Version)
    {
        public static ComplaintDto From(Complaint c) => new(
            c.Id, c.SubjectRef, c.Jurisdiction, c.Channel.Token(), c.ReceivedAt, c.Category.Token(), c.LinkedObjectionIds,
            c.AcknowledgedAt, c.ProgressUpdatedAt, c.OutcomeAt, c.Outcome?.Token(), c.OutcomeSummary, c.EscalatedAt, c.RegulatorReference,
            c.AcknowledgementDue, c.AcknowledgementStatutory, c.AcknowledgedOnTime, c.OutcomeTarget, c.Redaction.ToString().ToLowerInvariant(), c.Version);
    }
}
