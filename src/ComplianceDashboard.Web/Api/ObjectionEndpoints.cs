using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// Objections over HTTP: the API for pipelines (API key) and the UI's upload and export (session cookie).
/// Uploads are buffered to a temporary file as they arrive, within a per-endpoint size limit, and then imported
/// in one transaction: the response is sent after the commit is on disk.
/// </summary>
public static class ObjectionEndpoints
{
    public const string MaxUploadSetting = "ComplianceDashboard:Objections:MaxUploadBytes";
    public const long DefaultMaxUploadBytes = 256L * 1024 * 1024;
    public const string UploadPath = "/objections/upload";
    public static readonly RequestBodyLimit UploadLimit = new(MaxUploadSetting, DefaultMaxUploadBytes, RequestBodyLimit.MultipartFraming);
    public const string ExportPath = "/objections/export.csv";

    public static void MapObjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/objections");
        api.MapPost("", (HttpContext http, ObjectionService objections, IConfiguration config, CancellationToken cancel) =>
                ImportAsync(http, objections, config, "API upload", cancel))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .WithSummary("Imports an objections CSV (text/csv body or a multipart file) whole or not at all.");
        api.MapGet("/metrics", (HttpRequest request, ObjectionService objections) =>
                ParseFilter(request.Query, out var filter, out var problem) ? Results.Ok(objections.Metrics(filter)) : problem)
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("Every objection figure for the filter (jurisdiction, platform, channel, from, to).");
        api.MapGet("/{objectionId}", (string objectionId, HttpContext http, ObjectionService objections) =>
                objections.Find(http.User.ToActor(), objectionId) is { } o
                    ? Results.Ok(ObjectionDto.From(o))
                    : Results.Problem($"There is no objection {objectionId}.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("One objection with its due date and status history.");

        app.MapPost(UploadPath, async (HttpContext http, ObjectionService objections, IConfiguration config, IAntiforgery antiforgery, CancellationToken cancel) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.Problem("The antiforgery token is missing or invalid. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
                return await ImportAsync(http, objections, config, "upload in the dashboard", cancel);
            })
            .RequireAuthorization(Policies.For(Permission.ManageObjections))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit);
        app.MapGet(ExportPath, (HttpContext http, ObjectionService objections, TimeProvider clock) =>
            {
                if (!ParseFilter(http.Request.Query, out var filter, out var problem)) return problem;
                var query = new ObjectionQuery(filter, Search: http.Request.Query["search"].FirstOrDefault(), Take: int.MaxValue);
                var name = $"objections-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
                return Results.Stream(async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    await ObjectionCsvExport.WriteAsync(objections.Stream(query), writer, http.RequestAborted);
                }, "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization(Policies.For(Permission.ViewProgramme));
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ObjectionService objections, IConfiguration config, string source, CancellationToken cancel)
    {
        var limit = UploadLimit.FileBytes(config);
        var (upload, problem) = await CsvUpload.ReceiveAsync(http, limit, multipartOnly: false, cancel);
        if (upload is null) return problem!;
        await using (upload)
        {
            var name = upload.FileName is { } file ? $"{file} ({source})" : source;
            // The import is synchronous (one writer, one transaction); run it off the request thread.
            var result = await Task.Run(() => objections.Import(http.User.ToActor(), upload.Content, name), cancel);
            if (!result.Succeeded)
                return Results.Problem(result.Failure!.Message, statusCode: StatusCodes.Status403Forbidden);
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

    /// <summary>Reads jurisdiction, platform, channel, from and to (yyyy-MM-dd) from a query string.</summary>
    public static bool ParseFilter(IQueryCollection query, out ObjectionFilter filter, out IResult problem)
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
        filter = new ObjectionFilter(Text("jurisdiction")?.ToUpperInvariant(), Token("platform", ObjectionTokens.Platforms),
            Token("channel", ObjectionTokens.Channels), Day("from"), Day("to"));
        problem = errors.Count == 0 ? Results.Empty : Results.Problem(string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);
        return errors.Count == 0;
    }

    /// <summary>An objection as the API returns it, with the CSV's tokens.</summary>
    public sealed record ObjectionDto(
        string ObjectionId, string SubjectRef, string Jurisdiction, string Platform, string Channel, DateTime ReceivedAt, string Status,
        DateTime? ResolvedAt, string? RefusalGrounds, bool PriorObjection, DateTime? ExtensionNotifiedAt, string? ExtensionReason,
        DateOnly DueDate, bool? WithinLegalLimit, double? TimeToHonourHours, int Version, IReadOnlyList<HistoryDto> History)
    {
        public static ObjectionDto From(Objection o) => new(
            o.Id, o.SubjectRef, o.Jurisdiction, o.Platform.Token(), o.Channel.Token(), o.ReceivedAt, o.Status.Token(), o.ResolvedAt,
            o.RefusalGrounds, o.CarriedOver, o.ExtensionNotifiedAt, o.ExtensionReason, o.DueDate, o.WithinLegalLimit,
            o.TimeToHonour is { } t ? Math.Round(t.TotalHours, 3) : null, o.Version,
            o.History.Select(h => new HistoryDto(h.Status.Token(), h.At, h.By, h.Note)).ToList());
    }

    public sealed record HistoryDto(string Status, DateTime At, string By, string Note);
}
