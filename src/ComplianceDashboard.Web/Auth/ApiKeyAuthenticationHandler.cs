using System.Globalization;
using System.Text.Encodings.Web;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>
/// Authenticates pipelines by the X-Api-Key header. A client over its limit of failed uses gets 429 with Retry-After
/// for further bad keys, without an audit entry each (see <see cref="ApiKeyFailureLimiter"/>); a valid key still works.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys,
    ApiKeyFailureLimiter limiter)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Api-Key";
    private TimeSpan? _retryAfter;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented))
            return Task.FromResult(AuthenticateResult.NoResult());
        var client = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var overLimit = limiter.IsOverLimit(client, out var retryAfter);
        // Over the limit the key is still checked (a hash and a cached or indexed read), so a pipeline sharing an
        // address with a misbehaving client keeps working; only the failure's audit write is saved.
        var result = keys.Authenticate(presented.ToString(), client, auditFailure: !overLimit);
        if (result.Succeeded)
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(DashboardClaims.ForApiKey(result.Value), Scheme.Name)));
        if (string.IsNullOrWhiteSpace(presented.ToString()))
            return Task.FromResult(AuthenticateResult.Fail(result.Failure!.Message));
        if (overLimit)
        {
            _retryAfter = retryAfter;
            if (limiter.FirstRefusal(client, out var until))
            {
                keys.RecordThrottled(client, limiter.FailuresPerWindow, limiter.WindowLength, until);
                Logger.LogWarning("API-key failures from {Client} over the limit of {Limit}: refusing further failures until {Until:o}",
                    client, limiter.FailuresPerWindow, until);
            }
            return Task.FromResult(AuthenticateResult.Fail("Too many failed API-key uses from this address."));
        }
        limiter.RecordFailure(client);
        return Task.FromResult(AuthenticateResult.Fail(result.Failure!.Message));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_retryAfter is { } wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Refuse(StatusCodes.Status429TooManyRequests, "Too many failed API-key uses from this address. Try again after the Retry-After interval.");
            return;
        }
        await Refuse(StatusCodes.Status401Unauthorized, "A valid API key is required in the X-Api-Key header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Refuse(StatusCodes.Status403Forbidden, "This API key does not have the scope this endpoint needs.");

    /// <summary>Problem details that keep the <c>error</c> member of the answers before them.</summary>
    private Task Refuse(int status, string sentence) =>
        TypedResults.Problem(new ApiProblems.AccessProblem { Status = status, Detail = sentence, Error = sentence }).ExecuteAsync(Context);
}
