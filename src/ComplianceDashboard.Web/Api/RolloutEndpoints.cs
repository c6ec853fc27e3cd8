using System.Globalization;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace ComplianceDashboard.Web.Api;

/// <summary>Delivery-stats imports for pipelines (API key) and the UI (cookie + antiforgery), and the rollout report.</summary>
public static class RolloutEndpoints
{
    public const string UploadPath = "/rollout/delivery-stats/upload";
    public const string MaxUploadBytesSetting = "ComplianceDashboard:Rollout:MaxUploadBytes";
    public const long DefaultMaxUploadBytes = 50L * 1024 * 1024;
    private const int CheckpointAfterRows = 10_000;
    public static readonly RequestBodyLimit UploadLimit = new(MaxUploadBytesSetting, DefaultMaxUploadBytes, RequestBodyLimit.MultipartFraming);

    public static void MapRolloutEndpoints(this IEndpointRouteBuilder app)
    {
        var limit = UploadLimit.FileBytes(app.ServiceProvider.GetRequiredService<IConfiguration>());

        app.MapPost("/api/v1/rollout/delivery-stats", (HttpContext http, DeliveryImportService import) => ImportAsync(http, import, limit, checkAntiforgery: false))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Imports daily delivery figures from a CSV body (text/csv) or a multipart file; all or nothing, idempotent per key.");

        // The UI's upload: the same import over HTTP (never the circuit), for a signed-in compliance officer.
        app.MapPost(UploadPath, (HttpContext http, DeliveryImportService import) => ImportAsync(http, import, limit, checkAntiforgery: true))
            .RequireAuthorization(Policies.For(Permission.ManageRollout))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .ExcludeFromDescription();

        app.MapGet("/api/v1/rollout/report", (HttpContext http, RolloutQueryService rollout,
                string? jurisdiction, string? campaign, string? platform, string? channel, DateOnly? from, DateOnly? to) =>
            {
                Platform? p = null;
                NoticeChannel? c = null;
                if (platform is not null)
                {
                    if (!DeliveryTokens.TryParsePlatform(platform, out var parsed))
                        return Results.Problem($"Unknown platform '{platform}'; use facebook or instagram.", statusCode: 400);
                    p = parsed;
                }
                if (channel is not null)
                {
                    if (!DeliveryTokens.TryParseChannel(channel, out var parsed))
                        return Results.Problem($"Unknown channel '{channel}'; use in_app or email.", statusCode: 400);
                    c = parsed;
                }
                var result = rollout.Report(http.User.ToActor(), new RolloutFilter(jurisdiction?.ToUpperInvariant(), campaign?.ToUpperInvariant(), p, c, from, to));
                return result.Succeeded ? Results.Ok(ReportResponse.From(result.Value)) : Results.Problem(result.Failure!.Message, statusCode: 403);
            })
            .RequireAuthorization(Policies.ApiRead)
            .Produces<ReportResponse>()
            .WithSummary("The delivery funnel, coverage over time, target-crossed date, objection windows per cohort and totals by platform and channel.");
    }

    private static async Task<IResult> ImportAsync(HttpContext http, DeliveryImportService import, long limit, bool checkAntiforgery)
    {
        if (checkAntiforgery && http.Request.HasFormContentType)
        {
            // The token is a form field: validating it reads the form, so keep the body to read the file afterwards
            // (RequestBodyLimits has already refused a declared length over the limit).
            http.Request.EnableBuffering(limit + RequestBodyLimit.MultipartFraming);
            try
            {
                if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                    return Results.Problem("The form expired; reload the page and upload again.", statusCode: 400, title: "Antiforgery token missing or invalid");
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return RequestBodyLimits.TooLarge(limit);
            }
            http.Request.Body.Position = 0;
        }
        var (upload, problem) = await CsvUpload.ReceiveAsync(http, limit, multipartOnly: checkAntiforgery, http.RequestAborted);
        if (upload is null) return problem!;
        byte[] content;
        await using (upload)
        {
            using var buffer = new MemoryStream();
            await upload.Content.CopyToAsync(buffer, http.RequestAborted);
            content = buffer.ToArray();
        }
        var source = upload.FileName ?? "API request body";

        var result = import.Import(http.User.ToActor(), content, source);
        if (!result.Succeeded)
            return Results.Problem(result.Failure!.Message, statusCode: result.Failure.Kind == FailureKind.Forbidden ? 403 : 400);
        var outcome = result.Value;
        if (!outcome.Accepted)
            return Problem400($"The file was rejected and nothing was imported: {outcome.Errors.Count} error(s).", outcome.Errors);
        var s = outcome.Summary!;
        // Fold a large import's log into the data file so the log does not grow without bound (DESIGN, LiteDB rules).
        if (s.Inserted + s.Replaced >= CheckpointAfterRows)
            http.RequestServices.GetRequiredService<Core.Objections.IStoreMaintenance>().Checkpoint();
        return Results.Ok(new ImportResponse(s.Inserted, s.Replaced, s.Unchanged, s.Rows));
    }

    private static IResult Problem400(string detail, IReadOnlyList<ImportError> errors) => Results.Problem(
        detail, statusCode: 400, title: "The delivery file was rejected",
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new ErrorResponse(e.Line, e.Column, e.Message)).ToList() });

    public sealed record ImportResponse(int Inserted, int Replaced, int Unchanged, int Rows);

    public sealed record ErrorResponse(int Line, string? Column, string Message);

    public sealed record ReportResponse(
        FunnelTotals Funnel, decimal CoverageTarget, DateOnly? TargetCrossedOn, double? LatestCoverage,
        IReadOnlyList<CoverageResponse> Coverage, IReadOnlyList<CohortResponse> Cohorts, IReadOnlyList<ChannelResponse> ByPlatformAndChannel)
    {
        public static ReportResponse From(RolloutReport r) => new(
            r.Funnel, r.CoverageTarget, r.TargetCrossedOn, r.LatestCoverage,
            r.Coverage.Select(p => new CoverageResponse(p.Date, p.DisplayedToDate, p.Eligible, p.Coverage)).ToList(),
            r.Cohorts.Select(c => new CohortResponse(c.CampaignId, c.CohortCode, c.CohortName, c.FirstDisplayed, c.TrainingStart, c.WindowDays,
                c.MinimumWindowDays, c.BelowMinimum, c.Eligible, c.Displayed, c.PriorObjectorsContacted)).ToList(),
            r.ByPlatformAndChannel.Select(t => new ChannelResponse(DeliveryTokens.Format(t.Platform), DeliveryTokens.Format(t.Channel),
                t.Sent, t.Delivered, t.Displayed, t.FormOpened, t.ObjectionsSubmitted, t.PriorObjectorsContacted)).ToList());
    }

    public sealed record CoverageResponse(DateOnly Date, long DisplayedToDate, long Eligible, double Coverage);

    public sealed record CohortResponse(string Campaign, string Cohort, string Name, DateOnly? FirstDisplayed, DateOnly? TrainingStart,
        int? ObjectionWindowDays, int MinimumWindowDays, bool BelowMinimum, long Eligible, long Displayed, long PriorObjectorsContacted);

    public sealed record ChannelResponse(string Platform, string Channel, long Sent, long Delivered, long Displayed, long FormOpened,
        long ObjectionsSubmitted, long PriorObjectorsContacted);
}
