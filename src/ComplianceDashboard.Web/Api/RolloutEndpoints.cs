using System.Globalization;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace ComplianceDashboard.Web.Api;

/// <summary>Delivery-stats imports for pipelines (API key) and the UI (cookie + antiforgery), and the rollout report.</summary>
public static class RolloutEndpoints
{
    public const string UploadPath = "/rollout/delivery-stats/upload";
    public const string MaxUploadBytesSetting = "ComplianceDashboard:Rollout:MaxUploadBytes";
    public const long DefaultMaxUploadBytes = 50L * 1024 * 1024;
    private const int CheckpointAfterRows = 10_000;

    public static void MapRolloutEndpoints(this IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue(MaxUploadBytesSetting, DefaultMaxUploadBytes);

        app.MapPost("/api/v1/rollout/delivery-stats", (HttpContext http, DeliveryImportService import) => ImportAsync(http, import, limit, checkAntiforgery: false))
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Imports daily delivery figures from a CSV body (text/csv) or a multipart file; all or nothing, idempotent per key.");

        // The UI's upload: the same import over HTTP (never the circuit), for a signed-in compliance officer.
        app.MapPost(UploadPath, (HttpContext http, DeliveryImportService import) => ImportAsync(http, import, limit, checkAntiforgery: true))
            .RequireAuthorization(Policies.For(Permission.ManageRollout))
            .DisableAntiforgery()
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
        var request = http.Request;
        if (request.ContentLength > limit) return TooLarge(limit);
        // Kestrel's own default (30 MB) would cut the upload short of the configured limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit + 1024 * 1024;

        byte[]? content;
        string source;
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (checkAntiforgery && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return Results.Problem("The form expired; reload the page and upload again.", statusCode: 400, title: "Antiforgery token missing or invalid");
            var form = await request.ReadFormAsync(http.RequestAborted);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
                return Problem400("Attach the CSV file as the form field 'file'.", []);
            if (file.Length > limit) return TooLarge(limit);
            await using var stream = file.OpenReadStream();
            content = await ReadBoundedAsync(stream, limit, http.RequestAborted);
            source = string.IsNullOrWhiteSpace(file.FileName) ? "upload" : Path.GetFileName(file.FileName);
        }
        else if (checkAntiforgery)
        {
            return Results.Problem("Upload the file as multipart/form-data.", statusCode: 415);
        }
        else if (IsCsv(request.ContentType))
        {
            content = await ReadBoundedAsync(request.Body, limit, http.RequestAborted);
            source = "API request body";
        }
        else
        {
            return Results.Problem($"Send the file as text/csv or as a multipart/form-data file, not '{request.ContentType ?? "no content type"}'.", statusCode: 415);
        }
        if (content is null) return TooLarge(limit);

        var result = import.Import(http.User.ToActor(), content, source);
        if (!result.Succeeded)
            return Results.Problem(result.Failure!.Message, statusCode: result.Failure.Kind == FailureKind.Forbidden ? 403 : 400);
        var outcome = result.Value;
        if (!outcome.Accepted)
            return Problem400($"The file was rejected and nothing was imported: {outcome.Errors.Count} error(s).", outcome.Errors);
        var s = outcome.Summary!;
        // Fold a large import's log into the data file so the log does not grow without bound (DESIGN, LiteDB rules).
        if (s.Inserted + s.Replaced >= CheckpointAfterRows)
            http.RequestServices.GetRequiredService<LiteDbStore>().Checkpoint();
        return Results.Ok(new ImportResponse(s.Inserted, s.Replaced, s.Unchanged, s.Rows));
    }

    private static bool IsCsv(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                                    || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when there are more (a body without Content-Length).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long limit, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult TooLarge(long limit) => Results.Problem(
        $"The file is larger than the limit of {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes. Split it into smaller files.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

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
