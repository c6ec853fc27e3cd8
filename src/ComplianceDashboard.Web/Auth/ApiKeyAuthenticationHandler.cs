using System.Text.Encodings.Web;
using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

/// <summary>Authenticates pipelines by the X-Api-Key header.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented))
            return Task.FromResult(AuthenticateResult.NoResult());
        var client = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = keys.Authenticate(presented.ToString(), client);
        return Task.FromResult(result.Succeeded
            ? AuthenticateResult.Success(new AuthenticationTicket(DashboardClaims.ForApiKey(result.Value), Scheme.Name))
            : AuthenticateResult.Fail(result.Failure!.Message));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(new { error = "A valid API key is required in the X-Api-Key header." });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new { error = "This API key does not have the scope this endpoint needs." });
    }
}
