using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>
/// Under <c>/api</c> every answer that is not a success is problem details, in every environment: an exception becomes a
/// 500 with a correlation id (also in the log line) and no internals, never the developer exception page; a request the
/// framework refuses (unreadable JSON, a wrong content type) gets its status; a bare status code gets a body.
/// </summary>
public static class ApiErrorHandling
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Place inside the developer exception page and the page error handler, so they never see an API exception.</summary>
    public static IApplicationBuilder UseApiErrorHandling(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsApi(context))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // The framework could not read the request (its JSON, its content type, its size): the client's mistake, not ours.
            context.Response.Clear();
            await (e.StatusCode == StatusCodes.Status400BadRequest ? UnreadableBody(e) : RefusedRequest(context, e.StatusCode)).ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var correlationId = context.TraceIdentifier;
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrorHandling))
                .LogError(e, "Unhandled exception answering {Method} {Endpoint}; correlation id {CorrelationId}",
                    context.Request.Method, context.GetEndpoint()?.DisplayName ?? "(no endpoint)", correlationId);
            context.Response.Clear();
            context.Response.Headers[CorrelationHeader] = correlationId;
            await ServerError(correlationId).ExecuteAsync(context);
        }
    });

    /// <summary>
    /// Answers routing's own refusals under /api to an authenticated caller: 404 for an address with no endpoint, 405 for a
    /// method the address does not serve, 415 for a content type the endpoint does not accept; anyone else is asked for an
    /// API key (401, or 429 over the failure limit). Left to the authorisation step, the fallback policy (a session cookie)
    /// would answer 401 even to a valid API key. Place between authentication and authorisation.
    /// </summary>
    public static IApplicationBuilder UseApiRoutingRefusals(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (!IsApi(context) || endpoint is RouteEndpoint)
        {
            await next(context);
            return;
        }
        var known = context.User.Identity?.IsAuthenticated == true || (await context.AuthenticateAsync(DashboardClaims.ApiKeyScheme)).Succeeded;
        if (!known)
            await context.ChallengeAsync(DashboardClaims.ApiKeyScheme);
        else if (endpoint?.RequestDelegate is { } refuse)
            await refuse(context);
        else
            context.Response.StatusCode = StatusCodes.Status404NotFound;
    });

    /// <summary>
    /// A body the framework could not bind (malformed or too deeply nested JSON, a field of the wrong type): a 400 keyed by
    /// "body" that says where the reader stopped, so it names a field like every other JSON 400.
    /// </summary>
    private static ProblemHttpResult UnreadableBody(BadHttpRequestException e)
    {
        var where = e.InnerException is System.Text.Json.JsonException { Path: { } path } json
            ? $" The reader stopped at {path} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
            : "";
        return ApiProblems.Invalid("body", "The request could not be read: check that the body is well-formed UTF-8 JSON, nested no deeper than "
            + "ComplianceDashboard:Budget:MaxJsonDepth, and that each field has the documented type." + where);
    }

    /// <summary>The 500 answer: what happened in general terms and the id to quote, nothing from the exception.</summary>
    public static ProblemHttpResult ServerError(string correlationId) => TypedResults.Problem(new ApiProblems.ServerProblem
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "Internal Server Error",
        Detail = $"The server failed to answer this request; nothing more is said here. Quote correlation id {correlationId} to the operator, whose log has the details.",
        CorrelationId = correlationId,
    });

    /// <summary>Gives a bare error status under /api (no body written) a problem-details body.</summary>
    public static async Task DescribeBareStatus(HttpContext context)
    {
        await RefusedRequest(context, context.Response.StatusCode).ExecuteAsync(context);
    }

    private static ProblemHttpResult RefusedRequest(HttpContext context, int status) => ApiProblems.Status(status, status switch
    {
        StatusCodes.Status400BadRequest => "The request could not be read: check that the body is well-formed and that each field has the documented type.",
        StatusCodes.Status401Unauthorized => "Sign in, or send a valid API key in the X-Api-Key header.",
        StatusCodes.Status403Forbidden => "You may not do this.",
        StatusCodes.Status404NotFound => "There is nothing at this address. The endpoints are listed at /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => "This address does not answer this method. The endpoints are listed at /openapi/v1.json.",
        StatusCodes.Status413PayloadTooLarge => "The request is larger than this address accepts. Nothing was saved.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"This address does not accept the content type '{context.Request.ContentType ?? "none"}'; /openapi/v1.json lists the ones it accepts.",
        _ => "The request was refused.",
    });
}
