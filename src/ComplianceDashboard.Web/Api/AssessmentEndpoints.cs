using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Api;

/// <summary>Read-only access to legitimate interests assessments for API keys with the read scope.</summary>
public static class AssessmentEndpoints
{
    public static void MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/assessments").RequireAuthorization(Policies.ApiRead).WithTags(ApiDescription.Tags.Assessments);

        api.MapGet("", Assessments)
            .WithName("ListAssessments")
            .WithSummary("Every assessment with its versions, their statuses and review dates.");

        api.MapGet("/{id}/versions/{number:int}", Version)
            .WithName("GetAssessmentVersion")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One version: every answer by question key, the sign-offs and the SHA-256 of its canonical content.");

        api.MapGet("/{id}/versions/{number:int}/pdf", VersionPdf)
            .WithName("GetAssessmentVersionPdf")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One version as a PDF: every question and answer, the safeguards register, the decision, DPO advice and sign-offs.");

        // The version page's download link, for signed-in users who may read assessments.
        app.MapGet("/assessments/{id}/versions/{number:int}/pdf",
                (string id, int number, AssessmentService assessments) => EvidencePackEndpoints.ForBrowser(VersionPdf(id, number, assessments)))
            .RequireAuthorization(Policies.For(Permission.ViewAssessments))
            .ExcludeFromDescription();
    }

    private static Ok<AssessmentSummaryDto[]> Assessments(AssessmentService assessments, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(assessments.All().Select(a => AssessmentSummaryDto.From(a, today)).ToArray());
    }

    private static Results<Ok<VersionDto>, ProblemHttpResult> Version(string id, int number, AssessmentService assessments) =>
        assessments.Find(id) is { } a && a.FindVersion(number) is { } v ? TypedResults.Ok(VersionDto.From(a, v)) : NoSuchVersion(id, number);

    private static Results<FileContentHttpResult, ProblemHttpResult> VersionPdf(string id, int number, AssessmentService assessments) =>
        assessments.Find(id) is { } a && a.FindVersion(number) is { } v
            ? TypedResults.File(AssessmentDocument.Render(a, v).Pdf, "application/pdf", $"{a.Id}-v{v.Number}.pdf")
            : NoSuchVersion(id, number);

    private static ProblemHttpResult NoSuchVersion(string id, int number) =>
        ApiProblems.For(Failure.NotFound($"There is no version {number} of assessment {id}."));

    public sealed record VersionSummaryDto(int Number, string Status, DateTime CreatedAt, DateTime? ApprovedAt, string? ContentHash, DateOnly? NextReviewDate, TemplateDto Template);

    public sealed record TemplateDto(string Id, string Name, int Version)
    {
        public static TemplateDto Of(AssessmentVersion v) => new(v.Template().Id, v.Template().Name, v.Template().Version);
    }

    public sealed record AssessmentSummaryDto(
        string Id, string Title, string[] Jurisdictions, string Owner, DateTime UpdatedAt, int LatestVersion, string LatestStatus,
        int? VersionInForce, string ReviewState, bool Demo, VersionSummaryDto[] Versions, TemplateDto Template)
    {
        public static AssessmentSummaryDto From(Assessment a, DateOnly today)
        {
            var latest = a.Latest();
            return new(a.Id, latest.Title, latest.Jurisdictions, a.OwnerName, a.UpdatedAt, latest.Number, latest.Status.ToString(),
                a.InForce()?.Number, ReviewSchedule.StateOf(a, today).ToString(), a.IsDemo,
                a.Versions.OrderBy(v => v.Number).Select(v => new VersionSummaryDto(
                    v.Number, v.Status.ToString(), v.CreatedAt, v.ApprovedAt, v.ContentHash.Length > 0 ? v.ContentHash : null, v.NextReviewDate, TemplateDto.Of(v))).ToArray(),
                TemplateDto.Of(latest));
        }
    }

    public sealed record AnswerDto(
        string Question, string Part, bool Required, string Kind, bool Complete, string Text, string Value,
        bool? YesNo, int? Rating, bool? Unconditional, string[] Items, Alternative[] Alternatives, ImpactDto[] Impacts,
        SafeguardDto? Safeguard, string? Outcome, DpiaDto? Dpia, AnonymityTestDto[] AnonymityTests);

    public sealed record AnonymityTestDto(string Kind, string RunBy, DateOnly? On, string ModelVersion, string Result, string Reference);

    public sealed record ImpactDto(string Description, string Likelihood, string Severity);

    public sealed record SafeguardDto(string Status, string EvidenceReference, DateOnly? Date, bool RequiredBeforeTraining, int? Days, bool BeyondLegalDuty, bool ReliedOnInBalancing);

    public sealed record DpiaDto(bool? Needed, string Reference, string? ResidualRisk, bool? PriorConsultationRequired);

    public sealed record SignOffDto(string By, string Role, DateTime At, string Decision, string ContentHash);

    public sealed record CommentDto(string QuestionKey, string Author, string Role, DateTime At, string Text);

    public sealed record VersionDto(
        string AssessmentId, int Number, string Status, string Title, string[] Jurisdictions, DateTime CreatedAt, DateTime? ApprovedAt,
        string ContentHash, bool ContentHashSigned, string CanonicalSchema, DateOnly? NextReviewDate, string[] ReviewTriggers,
        string? DpoAdvice, bool? DpoAdviceFollowed, string? DpoAdviceNotFollowedReason,
        IReadOnlyDictionary<string, AnswerDto> Answers, SignOffDto[] SignOffs, CommentDto[] Comments, TemplateDto Template)
    {
        public static VersionDto From(Assessment a, AssessmentVersion v) => new(
            a.Id, v.Number, v.Status.ToString(), v.Title, v.Jurisdictions, v.CreatedAt, v.ApprovedAt,
            v.ContentHash.Length > 0 ? v.ContentHash : AssessmentContent.Hash(a.Id, v), v.ContentHash.Length > 0,
            $"{AssessmentContent.Schema}/v{AssessmentContent.SchemaOf(v)}", v.NextReviewDate,
            v.ReviewTriggers.Select(t => t.ToString()).ToArray(),
            v.DpoAdvice?.Advice, v.DpoAdviceFollowed, v.DpoAdviceFollowed == false ? v.DpoAdviceNotFollowedReason : null,
            v.Template().Questions.ToDictionary(q => q.Key, q =>
            {
                var x = v.AnswerTo(q.Key);
                return new AnswerDto(q.Text, q.Part.ToString(), q.Required, q.Kind.ToString(), x.IsComplete(q), x.Text, x.DescribeValue(q),
                    x.YesNo, x.Rating, x.Unconditional, x.Items, x.Alternatives,
                    x.Impacts.Select(i => new ImpactDto(i.Description, i.Likelihood.ToString(), i.Severity.ToString())).ToArray(),
                    x.Safeguard is { } s ? new SafeguardDto(s.Status.ToString(), s.EvidenceReference, s.Date, s.RequiredBeforeTraining, s.Days, s.BeyondLegalDuty, s.ReliedOnInBalancing) : null,
                    x.Outcome?.ToString(),
                    x.Dpia is { } d ? new DpiaDto(d.Needed, d.Reference, d.ResidualRisk?.ToString(), d.PriorConsultationRequired) : null,
                    x.AnonymityTests.Select(t => new AnonymityTestDto(t.Kind.ToString(), t.RunBy, t.On, t.ModelVersion, t.Result.ToString(), t.Reference)).ToArray());
            }),
            v.SignOffs.Select(s => new SignOffDto(s.ByName, s.Role, s.At, s.Decision.ToString(), s.ContentHash)).ToArray(),
            v.Comments.Select(c => new CommentDto(c.QuestionKey, c.AuthorName, c.AuthorRole, c.At, c.Text)).ToArray(),
            TemplateDto.Of(v));
    }
}
