using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;

namespace ComplianceDashboard.Web.Api;

/// <summary>The /api/v1 surface for pipelines, authenticated by API key.</summary>
public static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.ApiRead);

        api.MapGet("/jurisdictions", (JurisdictionService jurisdictions) =>
            jurisdictions.All().Select(JurisdictionDto.From))
            .WithSummary("Every jurisdiction with its regulator, state and training dates.");

        api.MapGet("/audit/verify", (HttpContext http, AuditService audit) =>
        {
            var result = audit.Verify(http.User.ToActor());
            return result.Succeeded
                ? Results.Ok(new { intact = result.Value.Intact, count = result.Value.Count, head = result.Value.HeadHash, firstBroken = result.Value.FirstBrokenSequence, problem = result.Value.Problem })
                : Results.Problem(result.Failure!.Message, statusCode: StatusCodes.Status403Forbidden);
        }).WithSummary("Walks the audit chain and reports whether it is intact.");
    }

    public sealed record JurisdictionDto(
        string Code, string Name, string Regulator, string RegulatorShortName, string LegalBasis, string State,
        DateOnly? PlannedTrainingStart, DateOnly? ActualTrainingStart, DateTime? StateSince, int Version)
    {
        public static JurisdictionDto From(Jurisdiction j) => new(
            j.Code, j.Name, j.Regulator.Name, j.Regulator.ShortName, j.LegalBasisArticle, j.State.ToString(),
            j.PlannedTrainingStart, j.ActualTrainingStart, j.StateSince, j.Version);
    }
}
