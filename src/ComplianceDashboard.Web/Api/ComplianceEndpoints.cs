using System.ComponentModel;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Api;

/// <summary>The compliance checks of one jurisdiction as of a moment, for API keys with the read scope.</summary>
public static class ComplianceEndpoints
{
    public static void MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/compliance").RequireAuthorization(Policies.ApiRead).WithTags(ApiDescription.Tags.Compliance);

        api.MapGet("/checks", Checks)
            .WithName("EvaluateComplianceChecks")
            .ProducesFieldProblem()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Every compliance check of a jurisdiction evaluated as of a moment (default now; only events dated up to it count).");
    }

    private static Results<Ok<ChecksDto>, ProblemHttpResult> Checks(HttpContext http, ComplianceService compliance, TimeProvider clock,
        [Description("The jurisdiction's code, e.g. UK (required).")] string? jurisdiction = null,
        [Description("ISO 8601 time with an offset, e.g. 2026-01-01T00:00:00Z; default now.")] string? asOf = null)
    {
        var fields = new ApiTime.FieldReader();
        var code = fields.Required(nameof(jurisdiction), jurisdiction, "Give the jurisdiction, e.g. ?jurisdiction=UK.")?.ToUpperInvariant();
        var at = fields.Instant(nameof(asOf), asOf) ?? clock.UtcNowMs();
        if (!fields.Valid) return ApiProblems.Invalid(fields.Errors);
        var result = compliance.Evaluate(http.User.ToActor(), code!, at);
        return result.Succeeded
            ? TypedResults.Ok(new ChecksDto(code!, at, result.Value.Select(CheckDto.From).ToArray()))
            : ApiProblems.For(result.Failure!);
    }

    public sealed record EvidenceDto(string Label, string Href);

    public sealed record CheckDto(
        string Id, int Number, string Title, string Reference, string Ask, string Severity, bool GatesTraining,
        string Outcome, string Measured, string Threshold, string Explanation, EvidenceDto[] Evidence)
    {
        public static CheckDto From(CheckResult r)
        {
            var d = r.Definition;
            return new(d.Id, d.Number, d.Title, d.Reference, d.Ask.ToString(), d.Severity.ToString(), d.GatesTraining,
                r.Outcome.ToString(), r.Measured, r.Threshold, r.Explanation, r.Evidence.Select(e => new EvidenceDto(e.Label, e.Href)).ToArray());
        }
    }

    public sealed record ChecksDto(string Jurisdiction, DateTime AsOf, CheckDto[] Checks);
}
