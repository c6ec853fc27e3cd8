using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

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

    public const string ApiKeySchemeName = "ApiKey";

    /// <summary>The document's tags: one per feature, each with a sentence saying what it covers.</summary>
    public static class Tags
    {
        public const string Jurisdictions = "Jurisdictions";
        public const string Audit = "Audit";
        public const string Assessments = "Assessments";
        public const string Rollout = "Rollout";
        public const string Objections = "Objections";
        public const string Complaints = "Complaints";
        public const string Compliance = "Compliance";
        public const string TrainingGate = "Training gate";
        public const string EvidencePacks = "Evidence packs";
        public const string Backups = "Backups";

        public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
        {
            [Jurisdictions] = "The jurisdictions of the programme, their regulators, states and training dates.",
            [Audit] = "The hash-chained audit log.",
            [Assessments] = "Legitimate interests assessments: versions, answers, sign-offs and their PDFs.",
            [Rollout] = "The notification rollout: delivery figures in, the funnel and objection windows out.",
            [Objections] = "Objections: bulk import, one objection, and every figure for a filter.",
            [Complaints] = "Data protection complaints (s.164A DPA 2018): bulk import, one complaint, figures and export.",
            [Compliance] = "The compliance checks, evaluated as of a moment.",
            [TrainingGate] = "The pre-training gate and the register of training runs.",
            [EvidencePacks] = "Evidence packs for a regulator: generation, status, PDFs and verification.",
            [Backups] = "Consistent backups of the store while the app runs.",
        };
    }

    /// <summary>
    /// The OpenAPI document's own settings: the API-key security scheme (and which operations need it, with their scope),
    /// tag descriptions, and the server written as Redocly's recommended ruleset wants it.
    /// </summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ComplianceDashboard API";
            document.Info.Description = "The machine interface of ComplianceDashboard. Errors are RFC 9457 problem details; times are ISO 8601 with an offset, dates yyyy-MM-dd. See docs/api.md.";
            // The server is the address the document was asked at (the public one behind a proxy), without a trailing slash.
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key made in Administration → API keys; each operation says which scope it needs.",
            };
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && Tags.Descriptions.TryGetValue(name, out var description))
                    tag.Description = description;
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var scopes = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
                .Select(a => a.Policy).Where(Policies.IsApiScope).Select(p => p![4..]).ToList();
            if (scopes.Count == 0) return Task.CompletedTask;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeName, context.Document)] = [] }];
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : " ")}Needs an API key with the `{string.Join("` and `", scopes)}` scope.";
            return Task.CompletedTask;
        });
    }

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
