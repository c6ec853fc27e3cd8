using System.ComponentModel;
using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

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
        var api = app.MapGroup("/api/v1/objections").WithTags(ApiDescription.Tags.Objections);
        api.MapPost("", (HttpContext http, ObjectionService objections, IConfiguration config, CancellationToken cancel) =>
                ImportAsync(http, objections, config, "API upload", cancel))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .Accepts<string>(CsvUpload.ContentTypes[0], CsvUpload.ContentTypes[1..])
            .ProducesFileProblem()
            .WithName("ImportObjections")
            .WithSummary("Imports an objections CSV (text/csv body or a multipart file) whole or not at all.");
        api.MapGet("/metrics", Metrics)
            .WithName("GetObjectionMetrics")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesFieldProblem()
            .WithSummary("Every objection figure for the filter (jurisdiction, platform, channel, from, to).");
        api.MapGet("/{objectionId}", Objection)
            .WithName("GetObjection")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One objection with its due date and status history.");

        app.MapPost(UploadPath, async Task<Results<Ok<ObjectionImportResponse>, ProblemHttpResult>> (
                HttpContext http, ObjectionService objections, IConfiguration config, IAntiforgery antiforgery, CancellationToken cancel) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return ApiProblems.Status(StatusCodes.Status400BadRequest, "The antiforgery token is missing or invalid. Reload the page and try again.");
                return await ImportAsync(http, objections, config, "upload in the dashboard", cancel);
            })
            .RequireAuthorization(Policies.For(Permission.ManageObjections))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .ExcludeFromDescription();
        app.MapGet(ExportPath, (HttpContext http, ObjectionService objections, TimeProvider clock) =>
            {
                if (ParseFilter(http.Request.Query, out var problem) is not { } filter) return (IResult)problem!;
                var query = new ObjectionQuery(filter, Search: http.Request.Query["search"].FirstOrDefault(), Take: int.MaxValue);
                var name = $"objections-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
                return Results.Stream(async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    await ObjectionCsvExport.WriteAsync(objections.Stream(query), writer, http.RequestAborted);
                }, "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization(Policies.For(Permission.ViewProgramme))
            .ExcludeFromDescription();
    }

    private static Results<Ok<ObjectionMetrics>, ProblemHttpResult> Metrics(ObjectionService objections,
        [Description("A jurisdiction's code, e.g. UK.")] string? jurisdiction = null,
        [Description("facebook or instagram.")] string? platform = null,
        [Description("in_app_form, web_form, email, verbal or other.")] string? channel = null,
        [Description("First UTC day, yyyy-MM-dd.")] string? from = null,
        [Description("Last UTC day, yyyy-MM-dd.")] string? to = null) =>
        ParseFilter(jurisdiction, platform, channel, from, to, out var problem) is { } filter ? TypedResults.Ok(objections.Metrics(filter)) : problem!;

    private static Results<Ok<ObjectionDto>, ProblemHttpResult> Objection(string objectionId, HttpContext http, ObjectionService objections) =>
        objections.Find(http.User.ToActor(), objectionId) is { } o
            ? TypedResults.Ok(ObjectionDto.From(o))
            : ApiProblems.For(Failure.NotFound($"There is no objection {objectionId}."));

    private static Task<Results<Ok<ObjectionImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext http, ObjectionService objections, IConfiguration config, string source, CancellationToken cancel) =>
        CsvUpload.ImportAsync(http, UploadLimit.FileBytes(config), source, (content, name) => objections.Import(http.User.ToActor(), content, name),
            report => new ObjectionImportResponse(report.Inserted, report.Updated, report.Unchanged, report.BatchId), cancel);

    /// <summary>Reads jurisdiction, platform, channel, from and to (yyyy-MM-dd) from a query string; null with a 400 answer when any is bad.</summary>
    public static ObjectionFilter? ParseFilter(IQueryCollection query, out ProblemHttpResult? problem)
    {
        string? Value(string name) => query[name].FirstOrDefault();
        return ParseFilter(Value("jurisdiction"), Value("platform"), Value("channel"), Value("from"), Value("to"), out problem);
    }

    private static ObjectionFilter? ParseFilter(string? jurisdiction, string? platform, string? channel, string? from, string? to, out ProblemHttpResult? problem)
    {
        var fields = new ApiTime.FieldReader();
        var filter = new ObjectionFilter(ApiTime.FieldReader.Text(jurisdiction)?.ToUpperInvariant(),
            fields.Token(nameof(platform), platform, ObjectionTokens.Platforms), fields.Token(nameof(channel), channel, ObjectionTokens.Channels),
            fields.Date(nameof(from), from), fields.Date(nameof(to), to));
        problem = fields.Valid ? null : ApiProblems.Invalid(fields.Errors);
        return fields.Valid ? filter : null;
    }

    /// <summary>An accepted objections file: what the batch changed, and its id (the audit entry's entity id).</summary>
    public sealed record ObjectionImportResponse(int Inserted, int Updated, int Unchanged, string BatchId);

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
