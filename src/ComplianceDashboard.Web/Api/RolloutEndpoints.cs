using System.ComponentModel;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

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
            .Accepts<string>(CsvUpload.ContentTypes[0], CsvUpload.ContentTypes[1..])
            .ProducesFileProblem()
            .WithTags(ApiDescription.Tags.Rollout)
            .WithName("ImportDeliveryStats")
            .WithSummary("Imports daily delivery figures from a CSV body (text/csv) or a multipart file; all or nothing, idempotent per key.");

        // The UI's upload: the same import over HTTP (never the circuit), for a signed-in compliance officer.
        app.MapPost(UploadPath, (HttpContext http, DeliveryImportService import) => ImportAsync(http, import, limit, checkAntiforgery: true))
            .RequireAuthorization(Policies.For(Permission.ManageRollout))
            .DisableAntiforgery()
            .WithBodyLimit(UploadLimit)
            .ExcludeFromDescription();

        app.MapGet("/api/v1/rollout/report", Report)
            .WithTags(ApiDescription.Tags.Rollout)
            .WithName("GetRolloutReport")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesFieldProblem()
            .WithSummary("The delivery funnel, coverage over time, target-crossed date, objection windows per cohort and totals by platform and channel.");
    }

    private static readonly IReadOnlyDictionary<string, Platform> Platforms = Enum.GetValues<Platform>().ToDictionary(DeliveryTokens.Format);
    private static readonly IReadOnlyDictionary<string, NoticeChannel> Channels = Enum.GetValues<NoticeChannel>().ToDictionary(DeliveryTokens.Format);

    private static Results<Ok<ReportResponse>, ProblemHttpResult> Report(HttpContext http, RolloutQueryService rollout,
        [Description("A jurisdiction's code, e.g. UK.")] string? jurisdiction = null,
        [Description("A campaign's id.")] string? campaign = null,
        [Description("facebook or instagram.")] string? platform = null,
        [Description("in_app or email.")] string? channel = null,
        [Description("First day, yyyy-MM-dd.")] string? from = null,
        [Description("Last day, yyyy-MM-dd.")] string? to = null)
    {
        var fields = new ApiTime.FieldReader();
        var filter = new RolloutFilter(ApiTime.FieldReader.Text(jurisdiction)?.ToUpperInvariant(), ApiTime.FieldReader.Text(campaign)?.ToUpperInvariant(),
            fields.Token(nameof(platform), platform, Platforms), fields.Token(nameof(channel), channel, Channels),
            fields.Date(nameof(from), from), fields.Date(nameof(to), to));
        if (!fields.Valid) return ApiProblems.Invalid(fields.Errors);
        var result = rollout.Report(http.User.ToActor(), filter);
        return result.Succeeded ? TypedResults.Ok(ReportResponse.From(result.Value)) : ApiProblems.For(result.Failure!);
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(HttpContext http, DeliveryImportService import, long limit, bool checkAntiforgery)
    {
        if (checkAntiforgery && http.Request.HasFormContentType)
        {
            // The token is a form field: validating it reads the form, so keep the body to read the file afterwards
            // (RequestBodyLimits has already refused a declared length over the limit).
            http.Request.EnableBuffering(limit + RequestBodyLimit.MultipartFraming);
            try
            {
                if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                    return ApiProblems.Status(StatusCodes.Status400BadRequest, "The form expired; reload the page and upload again.", title: "Antiforgery token missing or invalid");
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
        if (!result.Succeeded) return ApiProblems.For(result.Failure!);
        var outcome = result.Value;
        if (!outcome.Accepted)
            return ApiProblems.FileRejected("The delivery file was rejected", $"The file was rejected and nothing was imported: {outcome.Errors.Count} error(s).",
                outcome.Errors.Select(e => new ApiProblems.LineError(e.Line, e.Column, e.Message)));
        var s = outcome.Summary!;
        // Fold a large import's log into the data file so the log does not grow without bound (DESIGN, LiteDB rules).
        if (s.Inserted + s.Replaced >= CheckpointAfterRows)
            http.RequestServices.GetRequiredService<Core.Objections.IStoreMaintenance>().Checkpoint();
        return TypedResults.Ok(new ImportResponse(s.Inserted, s.Replaced, s.Unchanged, s.Rows));
    }

    public sealed record ImportResponse(int Inserted, int Replaced, int Unchanged, int Rows);

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
