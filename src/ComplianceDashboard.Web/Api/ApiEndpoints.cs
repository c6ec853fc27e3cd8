using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Api;

/// <summary>The /api/v1 surface for pipelines, authenticated by API key.</summary>
public static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.ApiRead);

        api.MapGet("/jurisdictions", Jurisdictions)
            .WithTags(ApiDescription.Tags.Jurisdictions)
            .WithName("ListJurisdictions")
            .WithSummary("Every jurisdiction with its regulator, state and training dates.");

        api.MapGet("/audit/verify", VerifyAudit)
            .WithTags(ApiDescription.Tags.Audit)
            .WithName("VerifyAuditChain")
            .WithSummary("Walks the audit chain and reports whether it is intact.");
    }

    private static Ok<JurisdictionDto[]> Jurisdictions(JurisdictionService jurisdictions) =>
        TypedResults.Ok(jurisdictions.All().Select(JurisdictionDto.From).ToArray());

    private static Results<Ok<ChainVerificationDto>, ProblemHttpResult> VerifyAudit(HttpContext http, AuditService audit)
    {
        var result = audit.Verify(http.User.ToActor());
        if (!result.Succeeded) return ApiProblems.For(result.Failure!);
        var v = result.Value;
        return TypedResults.Ok(new ChainVerificationDto(v.Intact, v.Count, v.HeadHash, v.FirstBrokenSequence, v.Problem));
    }

    /// <summary>The audit chain's state: intact or not, its length, its head hash and the first broken entry.</summary>
    public sealed record ChainVerificationDto(bool Intact, long Count, string Head, long? FirstBroken, string? Problem);

    public sealed record JurisdictionDto(
        string Code, string Name, string Regulator, string RegulatorShortName, string LegalBasis, string State,
        DateOnly? PlannedTrainingStart, DateOnly? ActualTrainingStart, DateTime? StateSince, int Version)
    {
        public static JurisdictionDto From(Jurisdiction j) => new(
            j.Code, j.Name, j.Regulator.Name, j.Regulator.ShortName, j.LegalBasisArticle, j.State.ToString(),
            j.PlannedTrainingStart, j.ActualTrainingStart, j.StateSince, j.Version);
    }
}
