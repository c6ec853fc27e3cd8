using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ComplianceDashboard.Testing;

/// <summary>A person at the test provider, and how the provider misbehaves for them (to prove the app refuses it).</summary>
public sealed record TestAccount(string Username, string Email, params string[] Groups)
{
    public string Subject { get; init; } = "sub-" + Username;
    public string Name { get; init; } = Username;
    public bool EmailVerified { get; init; } = true;
    public string[] Amr { get; init; } = ["pwd", "mfa"];

    /// <summary>How long ago the provider claims the person signed in (a provider ignoring prompt=login says "long ago").</summary>
    public TimeSpan AuthTimeAge { get; init; } = TimeSpan.Zero;

    /// <summary>Issue the ID token for this audience instead of the client's.</summary>
    public string? WrongAudience { get; init; }

    /// <summary>Issue an ID token that expired an hour ago.</summary>
    public bool Expired { get; init; }
}

/// <summary>One authorization request as the provider received it.</summary>
public sealed record AuthorizationRequestSeen(string? Prompt, string? MaxAge, string? CodeChallengeMethod, string? ResponseMode);

/// <summary>
/// A real OpenID Connect provider in the test process: OpenIddict 7's server on Kestrel on a free port, issuing RS256-signed
/// ID tokens over HTTP through the authorization code flow with PKCE. Its sign-in page is a form asking for a username; it
/// keeps no session of its own, so every authorization request (prompt=login or not) asks again.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "compliance-dashboard";
    public const string ClientSecret = "test-client-secret-that-is-long-enough";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TestAccount> _accounts = new(StringComparer.Ordinal);

    private TestIdentityProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    /// <summary>"http://localhost:{port}/": another site than an app on 127.0.0.1, so the return is cross-site as in production.</summary>
    public Uri Issuer { get; }

    /// <summary>The redirect URIs registered for the client (exact match, as providers require).</summary>
    public ConcurrentBag<string> RedirectUris { get; } = [];

    public ConcurrentQueue<AuthorizationRequestSeen> AuthorizationRequests { get; } = new();

    public void Add(TestAccount account) => _accounts[account.Username] = account;

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var port = FreePort();
        var issuer = new Uri($"http://localhost:{port}/");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestIdentityProvider).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        TestIdentityProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(issuer);
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.DisableAccessTokenEncryption();
            // No application store: the one client is checked by the handlers below.
            server.EnableDegradedMode();
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();

            server.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (!self!.RedirectUris.Contains(context.RedirectUri ?? ""))
                    context.Reject(Errors.InvalidRequest, $"Unregistered redirect_uri {context.RedirectUri}.");
                return default;
            }));
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
            server.AddEventHandler<OpenIddictServerEvents.ProcessSignInContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    if (context.IdentityTokenPrincipal is not { } principal) return default;
                    var account = self!._accounts.Values.FirstOrDefault(a => a.Subject == principal.GetClaim(Claims.Subject));
                    if (account?.WrongAudience is { } audience) principal.SetAudiences(audience);
                    if (account?.Expired == true)
                        principal.SetCreationDate(DateTimeOffset.UtcNow.AddHours(-2)).SetExpirationDate(DateTimeOffset.UtcNow.AddHours(-1));
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1));
        });
        var app = builder.Build();
        self = new TestIdentityProvider(app, issuer);
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Delegate)self.Authorize);
        await app.StartAsync();
        return self;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var username = (string?)request["username"];
        if (username is null)
        {
            AuthorizationRequests.Enqueue(new(request.Prompt, request.MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture), request.CodeChallengeMethod, request.ResponseMode));
            return Results.Content(LoginPage(request, error: null), "text/html; charset=utf-8");
        }
        if (!_accounts.TryGetValue(username, out var account))
            return Results.Content(LoginPage(request, $"No account {username}."), "text/html; charset=utf-8", statusCode: 200);

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Subject)
            .SetClaim(Claims.Email, account.Email)
            .SetClaim(Claims.Name, account.Name)
            .SetClaim(Claims.AuthenticationTime, DateTimeOffset.UtcNow.Subtract(account.AuthTimeAge).ToUnixTimeSeconds());
        identity.AddClaim(new Claim(Claims.EmailVerified, account.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        identity.SetClaims("groups", [.. account.Groups]);
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. account.Amr]);
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The provider's own sign-in page: the request's parameters carried in hidden fields, and a username.</summary>
    private static string LoginPage(OpenIddictRequest request, string? error)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><title>Test identity provider</title></head><body><main>");
        html.Append("<h1>Test identity provider</h1>");
        if (error is not null) html.Append("<p role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
            if (name != "username")
                html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"")
                    .Append(WebUtility.HtmlEncode((string?)value)).Append("\">");
        html.Append("<label for=\"username\">Username</label><input id=\"username\" name=\"username\" autocomplete=\"username\">");
        html.Append("<button type=\"submit\">Sign in at the provider</button></form></main></body></html>");
        return html.ToString();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
