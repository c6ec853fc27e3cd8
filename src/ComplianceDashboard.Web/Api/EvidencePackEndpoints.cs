using System.ComponentModel;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

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
        var api = app.MapGroup("/api/v1/evidence-packs").WithTags(ApiDescription.Tags.EvidencePacks);

        api.MapPost("", Generate)
            .WithName("RequestEvidencePack")
            .RequireAuthorization(Policies.ApiReports)
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimit.Json)
            .ProducesFieldProblem()
            .WithSummary("Generates the pack for {jurisdiction, periodFrom, periodTo, asOf, audience, classification} in the background (202 with a status URL), or returns the stored pack (200).");

        api.MapGet("/{id}", Pack)
            .WithName("GetEvidencePack")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("A pack's parameters, status, hashes and release trail (200); while it is queued or generating, its queue state (202); 409 when its generation failed.");

        api.MapGet("/{id}/pdf", (string id, EvidencePackService packs) => PdfOf(id, packs, signed: false))
            .RequireAuthorization(Policies.ApiRead)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("EvidencePackPdf")
            .WithSummary("The pack's PDF, byte for byte as generated.");

        api.MapGet("/{id}/signed-pdf", (string id, EvidencePackService packs) => PdfOf(id, packs, signed: true))
            .RequireAuthorization(Policies.ApiRead)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("EvidencePackSignedPdf")
            .WithSummary("The pack's signed copy (made when a signing certificate is configured; 404 without one). The unsigned PDF stays the reproducible one.");

        api.MapPost("/verify", (HttpContext http, EvidencePackService packs) => VerifyAsync(http, packs, checkAntiforgery: false))
            .RequireAuthorization(Policies.ApiRead)
            .DisableAntiforgery()
            .WithBodyLimit(VerifyLimit)
            .Accepts<Stream>("application/pdf")
            .ProducesFieldProblem()
            .WithName("VerifyEvidencePack")
            .WithSummary("Checks whether the PDF in the body (application/pdf) is a pack this system generated, unaltered; answers its parameters and release status when it is.");

        // The list's download link, for signed-in users who may download packs.
        app.MapGet("/evidence-packs/{id}/pdf", (string id, EvidencePackService packs) => ForBrowser(PdfOf(id, packs, signed: false)))
            .RequireAuthorization(Policies.For(Permission.DownloadEvidencePacks))
            .ExcludeFromDescription();

        app.MapGet("/evidence-packs/{id}/signed-pdf", (string id, EvidencePackService packs) => ForBrowser(PdfOf(id, packs, signed: true)))
            .RequireAuthorization(Policies.For(Permission.DownloadEvidencePacks))
            .ExcludeFromDescription();

        // The Verify page's upload: over HTTP (never the circuit), for any signed-in user.
        app.MapPost(UiVerifyPath, async (HttpContext http, EvidencePackService packs) => await VerifyAsync(http, packs, checkAntiforgery: true))
            .RequireAuthorization(Policies.For(Permission.ViewProgramme))
            .DisableAntiforgery()
            .WithBodyLimit(VerifyLimit)
            .ExcludeFromDescription();
    }

    private static Results<Accepted<QueuedResponse>, Ok<PackResponse>, ProblemHttpResult> Generate(
        HttpContext http, PackRequest request, EvidencePackService packs, EvidencePackQueue queue, TimeProvider clock)
    {
        var actor = http.User.ToActor();
        var fields = new ApiTime.FieldReader();
        if (request.ToParameters(fields, clock) is not { } parameters) return ApiProblems.Invalid(fields.Errors);
        var prepared = packs.Prepare(actor, parameters);
        if (!prepared.Succeeded) return ApiProblems.For(prepared.Failure!, fields: PackRequest.Fields);
        if (prepared.Value.Existing is { } existing) return TypedResults.Ok(PackResponse.From(existing));
        var job = queue.Enqueue(actor, prepared.Value);
        var statusUrl = StatusUrl(job.PackId);
        return TypedResults.Accepted(statusUrl, new QueuedResponse(job.PackId, Describe(job.State), statusUrl));
    }

    private static Results<Ok<PackResponse>, Accepted<QueuedResponse>, ProblemHttpResult> Pack(string id, EvidencePackService packs, EvidencePackQueue queue)
    {
        if (packs.Find(id) is { } pack) return TypedResults.Ok(PackResponse.From(pack));
        if (queue.Find(id) is not { } job) return ApiProblems.For(Failure.NotFound($"There is no evidence pack {id}."));
        var queued = new QueuedResponse(job.PackId, Describe(job.State), StatusUrl(job.PackId), job.Error);
        return job.State == GenerationState.Failed
            ? ApiProblems.For(Failure.Conflict($"Generating pack {job.PackId} failed: {job.Error} Ask again with POST /api/v1/evidence-packs to retry."))
            : TypedResults.Accepted(queued.StatusUrl, queued);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> PdfOf(string id, EvidencePackService packs, bool signed) =>
        packs.Find(id) is { } pack && (signed ? packs.SignedPdf(id) : packs.Pdf(id)) is { } pdf
            ? TypedResults.File(pdf, "application/pdf", signed ? $"{pack.Id}-signed.pdf" : $"{pack.Id}.pdf")
            : ApiProblems.For(Failure.NotFound(signed ? $"There is no signed copy of evidence pack {id}." : $"There is no evidence pack {id}."));

    /// <summary>A link followed in the browser: a missing PDF is a bare 404, which the app answers with its not-found page.</summary>
    /// <summary>A file for a browser's download link; a missing one leads to the not-found page, not to problem details.</summary>
    internal static IResult ForBrowser(Results<FileContentHttpResult, ProblemHttpResult> answer) =>
        answer.Result is FileContentHttpResult file ? file : Results.NotFound();

    private static string StatusUrl(string packId) => $"/api/v1/evidence-packs/{packId}";

    private static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult>> VerifyAsync(HttpContext http, EvidencePackService packs, bool checkAntiforgery)
    {
        // The body limit (VerifyLimit) is held by RequestBodyLimits: a larger file is answered 413 before anything is read or recorded.
        byte[] content;
        if (http.Request.HasFormContentType)
        {
            if (checkAntiforgery && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return ApiProblems.Status(StatusCodes.Status400BadRequest, "The form expired; reload the page and upload again.");
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form.Files.Count == 0) return ApiProblems.Invalid("file", "Choose a PDF file.");
            using var buffer = new MemoryStream();
            await form.Files[0].CopyToAsync(buffer, http.RequestAborted);
            content = buffer.ToArray();
        }
        else if (checkAntiforgery)
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Upload the PDF as a form file.");
        else
        {
            if (http.Request.ContentType is not { } type || !type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase))
                return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Send the PDF as the body with Content-Type: application/pdf.");
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            content = buffer.ToArray();
        }
        if (content.Length == 0) return ApiProblems.Invalid("file", "The file is empty.");
        // The body limit leaves room for form framing; the file itself is held to the limit exactly.
        var limit = VerifyLimit.FileBytes(http.RequestServices.GetRequiredService<IConfiguration>());
        if (content.Length > limit) return RequestBodyLimits.TooLarge(limit);
        var result = packs.Verify(http.User.ToActor(), content);
        if (!result.Succeeded) return ApiProblems.For(result.Failure!);
        var v = result.Value;
        return TypedResults.Ok(new VerifyResponse(v.Verified, v.Sha256, v.Pack is { } p ? PackResponse.From(p) : null,
            v.Verified
                ? v.SignedCopy
                    ? "This PDF is the signed copy of an evidence pack generated by this system and has not been altered."
                    : "This PDF is an evidence pack generated by this system and has not been altered."
                : "This PDF is not a pack this system generated, or it was altered."));
    }

    private static string Describe(GenerationState state) => state.ToString().ToLowerInvariant();

    /// <summary>
    /// The body of POST /api/v1/evidence-packs. Dates and times are text read by <see cref="ApiTime"/>, so a time without an
    /// offset is refused rather than guessed.
    /// </summary>
    public sealed record PackRequest(
        [property: Description("The jurisdiction's code, e.g. UK.")] string? Jurisdiction,
        [property: Description("First day of the period, yyyy-MM-dd.")] string? PeriodFrom,
        [property: Description("Last day of the period, yyyy-MM-dd.")] string? PeriodTo,
        [property: Description("ISO 8601 time with an offset, e.g. 2026-04-01T00:00:00Z; default now.")] string? AsOf,
        [property: Description("regulator or internal.")] string? Audience,
        [property: Description("The classification label printed on every page, e.g. CONFIDENTIAL.")] string? Classification)
    {
        /// <summary>The body's field names, which key its validation errors.</summary>
        public static readonly string[] Fields = ["jurisdiction", "periodFrom", "periodTo", "asOf", "audience", "classification"];

        public PackParameters? ToParameters(ApiTime.FieldReader fields, TimeProvider clock)
        {
            var jurisdiction = fields.Required("jurisdiction", Jurisdiction, "Give the jurisdiction, e.g. UK.");
            var from = ApiTime.FieldReader.Text(PeriodFrom) is null ? Missing("periodFrom") : fields.Date("periodFrom", PeriodFrom);
            var to = ApiTime.FieldReader.Text(PeriodTo) is null ? Missing("periodTo") : fields.Date("periodTo", PeriodTo);
            var asOf = fields.Instant("asOf", AsOf) ?? clock.UtcNowMs();
            PackAudience? audience = null;
            if (Enum.TryParse<PackAudience>(Audience?.Trim() ?? "", ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                && !int.TryParse(Audience, out _))
                audience = parsed;
            else
                fields.Add("audience", "audience must be regulator or internal.");
            var classification = fields.Required("classification", Classification, "Give a classification label, e.g. CONFIDENTIAL.");
            if (!fields.Valid) return null;
            return new PackParameters
            {
                Jurisdiction = jurisdiction!, PeriodFrom = from!.Value, PeriodTo = to!.Value, AsOf = asOf, Audience = audience!.Value,
                Classification = classification!,
            };

            DateOnly? Missing(string field)
            {
                fields.Add(field, $"Give {field} as a date, yyyy-MM-dd.");
                return null;
            }
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
        public static PackResponse From(EvidencePack p) => new(
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
