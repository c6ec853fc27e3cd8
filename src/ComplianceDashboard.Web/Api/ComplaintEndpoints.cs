using System.ComponentModel;
using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

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
        var api = app.MapGroup("/api/v1/complaints").WithTags(ApiDescription.Tags.Complaints);
        api.MapPost("", (HttpContext http, ComplaintService complaints, IConfiguration config, CancellationToken cancel) =>
                ImportAsync(http, complaints, config, "API upload", cancel))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .Accepts<string>(CsvUpload.ContentTypes[0], CsvUpload.ContentTypes[1..])
            .ProducesFileProblem()
            .WithName("ImportComplaints")
            .WithSummary("Imports a complaints CSV (text/csv body or a multipart file) whole or not at all.");
        api.MapGet("/metrics", Metrics)
            .WithName("GetComplaintMetrics")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesFieldProblem()
            .WithSummary("Every complaint figure for the filter (jurisdiction, from, to, category, channel; received dates, UTC days).");
        api.MapGet("/export.csv", (HttpContext http, ComplaintService complaints, TimeProvider clock) => Export(http, complaints, clock))
            .WithName("ExportComplaints")
            .RequireAuthorization(Policies.ApiRead)
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv")
            .ProducesFieldProblem()
            .WithSummary("The complaints matching the filter as CSV, safe to open in a spreadsheet.");
        api.MapGet("/{complaintId}", Complaint)
            .WithName("GetComplaint")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One complaint with its acknowledgement deadline and outcome target.");

        app.MapPost(UploadPath, async Task<Results<Ok<ComplaintImportResponse>, ProblemHttpResult>> (
                HttpContext http, ComplaintService complaints, IConfiguration config, IAntiforgery antiforgery, CancellationToken cancel) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return ApiProblems.Status(StatusCodes.Status400BadRequest, "The antiforgery token is missing or invalid. Reload the page and try again.");
                return await ImportAsync(http, complaints, config, "upload in the dashboard", cancel);
            })
            .RequireAuthorization(Policies.For(Permission.ManageComplaints))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .ExcludeFromDescription();
        app.MapGet(ExportPath, (HttpContext http, ComplaintService complaints, TimeProvider clock) => Export(http, complaints, clock))
            .RequireAuthorization(Policies.For(Permission.ExportComplaints))
            .ExcludeFromDescription();
    }

    private static Results<Ok<ComplaintMetrics>, ProblemHttpResult> Metrics(ComplaintService complaints,
        [Description("A jurisdiction's code, e.g. UK.")] string? jurisdiction = null,
        [Description("First UTC day of receipt, yyyy-MM-dd.")] string? from = null,
        [Description("Last UTC day of receipt, yyyy-MM-dd.")] string? to = null,
        [Description("objection_not_honoured, notified_after_objecting, notice_unclear, training_on_my_data, children or other.")] string? category = null,
        [Description("in_app_form, web_form, email, social_media, post, phone or other.")] string? channel = null) =>
        ParseFilter(jurisdiction, from, to, category, channel, out var problem) is { } filter ? TypedResults.Ok(complaints.Metrics(filter)) : problem!;

    private static Results<Ok<ComplaintDto>, ProblemHttpResult> Complaint(string complaintId, HttpContext http, ComplaintService complaints) =>
        complaints.Find(http.User.ToActor(), complaintId) is { } c
            ? TypedResults.Ok(ComplaintDto.From(c))
            : ApiProblems.For(Failure.NotFound($"There is no complaint {complaintId}."));

    private static IResult Export(HttpContext http, ComplaintService complaints, TimeProvider clock)
    {
        if (ParseFilter(http.Request.Query, out var problem) is not { } filter) return problem!;
        var selected = complaints.Export(http.User.ToActor(), filter);
        if (!selected.Succeeded) return ApiProblems.For(selected.Failure!);
        var name = $"complaints-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        return Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            await ComplaintCsvExport.WriteAsync(selected.Value, writer, includeSummary: true, http.RequestAborted);
        }, "text/csv; charset=utf-8", name);
    }

    private static Task<Results<Ok<ComplaintImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext http, ComplaintService complaints, IConfiguration config, string source, CancellationToken cancel) =>
        CsvUpload.ImportAsync(http, UploadLimit.FileBytes(config), source, (content, name) => complaints.Import(http.User.ToActor(), content, name),
            report => new ComplaintImportResponse(report.Inserted, report.Updated, report.Unchanged, report.BatchId), cancel);

    /// <summary>Reads jurisdiction, from and to (yyyy-MM-dd, received dates), category and channel from a query string; null with a 400 answer when any is bad.</summary>
    public static ComplaintFilter? ParseFilter(IQueryCollection query, out ProblemHttpResult? problem)
    {
        string? Value(string name) => query[name].FirstOrDefault();
        return ParseFilter(Value("jurisdiction"), Value("from"), Value("to"), Value("category"), Value("channel"), out problem);
    }

    private static ComplaintFilter? ParseFilter(string? jurisdiction, string? from, string? to, string? category, string? channel, out ProblemHttpResult? problem)
    {
        var fields = new ApiTime.FieldReader();
        var filter = new ComplaintFilter(ApiTime.FieldReader.Text(jurisdiction)?.ToUpperInvariant(), fields.Date(nameof(from), from), fields.Date(nameof(to), to),
            fields.Token(nameof(category), category, ComplaintTokens.Categories), fields.Token(nameof(channel), channel, ComplaintTokens.Channels));
        if (filter is { From: { } f, To: { } t } && f > t) fields.Add(nameof(from), "from must not be after to.");
        problem = fields.Valid ? null : ApiProblems.Invalid(fields.Errors);
        return fields.Valid ? filter : null;
    }

    /// <summary>An accepted complaints file: what the batch changed, and its id (the audit entry's entity id).</summary>
    public sealed record ComplaintImportResponse(int Inserted, int Updated, int Unchanged, string BatchId);

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
