using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Web.Auth;

namespace ComplianceDashboard.Web.Api;

/// <summary>The compliance checks of one jurisdiction as of a moment, for API keys with the read scope.</summary>
public static partial class ComplianceEndpoints
{
    public static void MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/compliance").RequireAuthorization(Policies.ApiRead);

        api.MapGet("/checks", (HttpContext http, string? jurisdiction, string? asOf, ComplianceService compliance) =>
        {
            if (string.IsNullOrWhiteSpace(jurisdiction))
                return Results.Problem("Give the jurisdiction, e.g. ?jurisdiction=UK.", statusCode: StatusCodes.Status400BadRequest);
            if (ParseAsOf(asOf) is not { } at)
                return Results.Problem("Give asOf as an ISO 8601 time with an offset, e.g. asOf=2026-01-01T00:00:00Z.", statusCode: StatusCodes.Status400BadRequest);
            var result = compliance.Evaluate(http.User.ToActor(), jurisdiction, at);
            if (result.Succeeded)
                return Results.Ok(new ChecksDto(jurisdiction.Trim().ToUpperInvariant(), at, result.Value.Select(CheckDto.From).ToArray()));
            return result.Failure!.Kind switch
            {
                FailureKind.NotFound => Results.Problem(result.Failure.Message, statusCode: StatusCodes.Status404NotFound),
                FailureKind.Forbidden => Results.Problem(result.Failure.Message, statusCode: StatusCodes.Status403Forbidden),
                _ => Results.Problem(result.Failure.Message, statusCode: StatusCodes.Status400BadRequest),
            };
        }).WithSummary("Every compliance check of a jurisdiction evaluated as of a moment (only events dated up to it count).");
    }

    /// <summary>An ISO 8601 time that states its offset (Z or ±hh:mm), as UTC; null when missing, unparseable or without offset.</summary>
    public static DateTime? ParseAsOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !ExplicitOffset().IsMatch(value.Trim())) return null;
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.UtcDateTime
            : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();

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
