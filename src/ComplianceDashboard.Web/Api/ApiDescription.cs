using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// Describes, for the OpenAPI document, the answers every <c>/api/v1</c> endpoint can give because of how it is set up
/// rather than what it does: 401 and 403 when it requires authorisation, 429 when an API key authenticates it, 413 when it
/// has a body limit, 415 when it accepts a body, and 500. Endpoints declare their own answers (200, 400, 404, 409) themselves.
/// </summary>
public static class ApiDescription
{
    public const string Prefix = "/api/v1";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Applied to a group that maps endpoint files; it acts on the <c>/api/v1</c> endpoints among them.</summary>
    public static TBuilder DescribeSetupAnswers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route || route.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) != true)
                return;
            var metadata = endpoint.Metadata;
            var authorization = metadata.OfType<IAuthorizeData>().ToList();
            if (authorization.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
            {
                Add(metadata, StatusCodes.Status401Unauthorized, typeof(ApiProblems.AccessProblem));
                Add(metadata, StatusCodes.Status403Forbidden, typeof(ApiProblems.AccessProblem));
            }
            if (authorization.Any(a => Policies.IsApiScope(a.Policy)))
                Add(metadata, StatusCodes.Status429TooManyRequests, typeof(ApiProblems.AccessProblem));
            if (metadata.OfType<RequestBodyLimit>().Any())
                Add(metadata, StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
            if (metadata.OfType<IAcceptsMetadata>().Any())
                Add(metadata, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
            Add(metadata, StatusCodes.Status500InternalServerError, typeof(ApiProblems.ServerProblem));
        });
        return builder;
    }

    /// <summary>Declares problem-details answers an endpoint gives itself (for example 404 and 409).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>Declares the 400 answer for bad parameters or fields, errors keyed by field.</summary>
    public static RouteHandlerBuilder ProducesFieldProblem(this RouteHandlerBuilder builder) =>
        builder.Produces<ApiProblems.FieldProblem>(StatusCodes.Status400BadRequest, ProblemContentType);

    /// <summary>Declares the 400 answer for a rejected file, errors by line and column.</summary>
    public static RouteHandlerBuilder ProducesFileProblem(this RouteHandlerBuilder builder) =>
        builder.Produces<ApiProblems.FileProblem>(StatusCodes.Status400BadRequest, ProblemContentType);

    private static void Add(IList<object> metadata, int status, Type body)
    {
        if (metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == status)) return;
        metadata.Add(new ProducesResponseTypeMetadata(status, body, [ProblemContentType]));
    }
}
