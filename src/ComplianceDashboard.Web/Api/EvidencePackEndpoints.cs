using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace ComplianceDashboard.Web.Api;

/// <summary>Generating, reading, downloading and verifying evidence packs over HTTP.</summary>
public static class EvidencePackEndpoints
{
    public const string UiVerifyPath = "/evidence-packs/verify-upload";
    /// <summary>The largest PDF the verify endpoints accept (ComplianceDashboard:EvidencePacks:MaxVerifyBytes, default 64 MB).</summary>
    public static readonly RequestBodyLimit VerifyLimit =
        new("ComplianceDashboard:EvidencePacks:MaxVerifyBytes", 64L * 1024 * 1024, RequestBodyLimit.MultipartFraming);

    public static void MapEvidencePackEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/evidence-packs");

        api.MapPost("", (HttpContext http, PackRequest request, EvidencePackService packs, EvidencePackQueue queue, TimeProvider clock) =>
            {
                var actor = http.User.ToActor();
                if (request.ToParameters(clock) is not { } parameters)
                    return Results.Problem("Give jurisdiction, periodFrom, periodTo (yyyy-MM-dd), audience (regulator or internal) and classification; asOf is optional (default now).", statusCode: 400, title: "Bad parameters");
                var prepared = packs.Prepare(actor, parameters);
                if (!prepared.Succeeded) return Problem(prepared.Failure!);
                if (prepared.Value.Existing is { } existing) return Results.Ok(PackResponse.From(existing, null));
                var job = queue.Enqueue(actor, prepared.Value);
                return Results.Accepted($"/api/v1/evidence-packs/{job.PackId}", new QueuedResponse(job.PackId, Describe(job.State), $"/api/v1/evidence-packs/{job.PackId}"));
            })
            .RequireAuthorization(Policies.ApiReports)
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimit.Json)
            .Produces<QueuedResponse>(StatusCodes.Status202Accepted)
            .Produces<PackResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Generates the pack for {jurisdiction, periodFrom, periodTo, asOf, audience, classification} in the background (202 with a status URL), or returns the stored pack (200).");

        api.MapGet("/{id}", (string id, EvidencePackService packs, EvidencePackQueue queue) =>
                packs.Find(id) is { } pack ? Results.Ok(PackResponse.From(pack, null))
                : queue.Find(id) is { } job ? Results.Ok(new QueuedResponse(job.PackId, Describe(job.State), $"/api/v1/evidence-packs/{job.PackId}", job.Error))
                : Results.NotFound())
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("A pack's parameters, status, hashes and release trail; while it is generating, its queue state (queued, running, failed).");

        api.MapGet("/{id}/pdf", (string id, EvidencePackService packs) =>
                packs.Find(id) is { } pack && packs.Pdf(id) is { } pdf ? Results.File(pdf, "application/pdf", $"{pack.Id}.pdf") : Results.NotFound())
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("The pack's PDF, byte for byte as generated.");

        api.MapGet("/{id}/signed-pdf", (string id, EvidencePackService packs) =>
                packs.Find(id) is { } pack && packs.SignedPdf(id) is { } pdf ? Results.File(pdf, "application/pdf", $"{pack.Id}-signed.pdf") : Results.NotFound())
            .RequireAuthorization(Policies.ApiRead)
            .WithSummary("The pack's signed copy (made when a signing certificate is configured; 404 without one). The unsigned PDF stays the reproducible one.");

        api.MapPost("/verify", async (HttpContext http, EvidencePackService packs) =>
                await VerifyAsync(http, packs, checkAntiforgery: false))
            .RequireAuthorization(Policies.ApiRead)
            .DisableAntiforgery()
            .WithBodyLimit(VerifyLimit)
            .Accepts<byte[]>("application/pdf")
            .Produces<VerifyResponse>()
            .WithSummary("Checks whether the PDF in the body (application/pdf) is a pack this system generated, unaltered; answers its parameters and release status when it is.");

        // The list's download link, for signed-in users who may download packs.
        app.MapGet("/evidence-packs/{id}/pdf", (string id, EvidencePackService packs) =>
                packs.Find(id) is { } pack && packs.Pdf(id) is { } pdf ? Results.File(pdf, "application/pdf", $"{pack.Id}.pdf") : Results.NotFound())
            .RequireAuthorization(Policies.For(Permission.DownloadEvidencePacks))
            .ExcludeFromDescription();

        app.MapGet("/evidence-packs/{id}/signed-pdf", (string id, EvidencePackService packs) =>
                packs.Find(id) is { } pack && packs.SignedPdf(id) is { } pdf ? Results.File(pdf, "application/pdf", $"{pack.Id}-signed.pdf") : Results.NotFound())
            .RequireAuthorization(Policies.For(Permission.DownloadEvidencePacks))
            .ExcludeFromDescription();

        // The Verify page's upload: over HTTP (never the circuit), for any signed-in user.
        app.MapPost(UiVerifyPath, async (HttpContext http, EvidencePackService packs) => await VerifyAsync(http, packs, checkAntiforgery: true))
            .RequireAuthorization(Policies.For(Permission.ViewProgramme))
            .DisableAntiforgery()
            .WithBodyLimit(VerifyLimit)
            .ExcludeFromDescription();
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, EvidencePackService packs, bool checkAntiforgery)
    {
        // The body limit (VerifyLimit) is held by RequestBodyLimits: a larger file is answered 413 before anything is read or recorded.
        byte[] content;
        if (http.Request.HasFormContentType)
        {
            if (checkAntiforgery && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return Results.Problem("The form expired; reload the page and upload again.", statusCode: 400);
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form.Files.Count == 0) return Results.Problem("Choose a PDF file.", statusCode: 400);
            using var buffer = new MemoryStream();
            await form.Files[0].CopyToAsync(buffer, http.RequestAborted);
            content = buffer.ToArray();
        }
        else if (checkAntiforgery)
            return Results.Problem("Upload the PDF as a form file.", statusCode: 400);
        else
        {
            if (http.Request.ContentType is not { } type || !type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase))
                return Results.Problem("Send the PDF as the body with Content-Type: application/pdf.", statusCode: 415);
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            content = buffer.ToArray();
        }
        if (content.Length == 0) return Results.Problem("The file is empty.", statusCode: 400);
        // The body limit leaves room for form framing; the file itself is held to the limit exactly.
        var limit = VerifyLimit.FileBytes(http.RequestServices.GetRequiredService<IConfiguration>());
        if (content.Length > limit) return RequestBodyLimits.TooLarge(limit);
        var result = packs.Verify(http.User.ToActor(), content);
        if (!result.Succeeded) return Problem(result.Failure!);
        var v = result.Value;
        return Results.Ok(new VerifyResponse(v.Verified, v.Sha256, v.Pack is { } p ? PackResponse.From(p, null) : null,
            v.Verified
                ? v.SignedCopy
                    ? "This PDF is the signed copy of an evidence pack generated by this system and has not been altered."
                    : "This PDF is an evidence pack generated by this system and has not been altered."
                : "This PDF is not a pack this system generated, or it was altered."));
    }

    private static IResult Problem(Failure failure) => Results.Problem(failure.Message, statusCode: failure.Kind switch
    {
        FailureKind.Forbidden => 403,
        FailureKind.NotFound => 404,
        FailureKind.Conflict => 409,
        FailureKind.Unauthorized => 401,
        _ => 400,
    });

    private static string Describe(GenerationState state) => state.ToString().ToLowerInvariant();

    /// <summary>The body of POST /api/v1/evidence-packs.</summary>
    public sealed record PackRequest(string? Jurisdiction, DateOnly? PeriodFrom, DateOnly? PeriodTo, DateTime? AsOf, string? Audience, string? Classification)
    {
        public PackParameters? ToParameters(TimeProvider clock)
        {
            if (Jurisdiction is null || PeriodFrom is null || PeriodTo is null || Classification is null) return null;
            if (!Enum.TryParse<PackAudience>(Audience ?? "", ignoreCase: true, out var audience) || !Enum.IsDefined(audience)) return null;
            var asOf = AsOf is { } given ? given.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(given, DateTimeKind.Utc) : given.ToUniversalTime() : clock.UtcNowMs();
            return new PackParameters { Jurisdiction = Jurisdiction, PeriodFrom = PeriodFrom.Value, PeriodTo = PeriodTo.Value, AsOf = asOf, Audience = audience, Classification = Classification };
        }
    }

    public sealed record QueuedResponse(string Id, string Status, string StatusUrl, string? Error = null);

    public sealed record ApprovalResponse(string By, string Role, DateTime At);

    public sealed record SubmissionResponse(string Recipient, DateOnly Date, string Channel, string Reference, string RecordedBy, DateTime RecordedAt);

    public sealed record PackResponse(
        string Id, string Status, string Jurisdiction, DateOnly PeriodFrom, DateOnly PeriodTo, DateTime AsOf, string Audience, string Classification,
        string GeneratedBy, DateTime GeneratedAt, int PageCount, long PdfSize, string PdfSha256, string SnapshotSha256, long ChainHeadCount, string ChainHeadHash,
        bool Demo, string AppVersion, ApprovalResponse? Approval, SubmissionResponse? Submission, string PdfUrl, SignedCopyResponse? SignedCopy)
    {
        public static PackResponse From(EvidencePack p, string? _) => new(
            p.Id, p.Status.ToString(), p.Parameters.Jurisdiction, p.Parameters.PeriodFrom, p.Parameters.PeriodTo, p.Parameters.AsOf,
            p.Parameters.Audience.ToString().ToLowerInvariant(), p.Parameters.Classification, p.GeneratedByName, p.GeneratedAt, p.PageCount, p.PdfSize,
            p.PdfSha256, p.SnapshotSha256, p.ChainHeadCount, p.ChainHeadHash, p.IsDemo, p.AppVersion,
            p.Approval is { } a ? new ApprovalResponse(a.ByName, a.Role, a.At) : null,
            p.Submission is { } s ? new SubmissionResponse(s.Recipient, s.Date, s.Channel, s.Reference, s.RecordedByName, s.RecordedAt) : null,
            $"/api/v1/evidence-packs/{p.Id}/pdf",
            p.SignedPdfSha256.Length > 0 ? new SignedCopyResponse(p.SignedWith, p.SignedPdfSha256, p.SignedPdfSize, $"/api/v1/evidence-packs/{p.Id}/signed-pdf") : null);
    }

    public sealed record SignedCopyResponse(string Certificate, string Sha256, long Size, string Url);

    public sealed record VerifyResponse(bool Verified, string Sha256, PackResponse? Pack, string Message);
}
