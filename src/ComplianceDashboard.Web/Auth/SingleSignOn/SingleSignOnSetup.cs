using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>
/// OpenID Connect sign-in (authorization code flow with PKCE) against the provider under "ComplianceDashboard:Oidc",
/// registered only when an authority is configured. The provider answers with response_mode=query: a top-level GET
/// back to /signin-oidc, on which SameSite=Lax cookies (the correlation and nonce cookies, and the session) are sent.
/// </summary>
public static class SingleSignOnSetup
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        auth.Services.AddSingleton(oidc);
        auth.Services.AddSingleton<SignOffCompletion>();
        if (!oidc.Enabled) return auth;
        if (string.IsNullOrWhiteSpace(oidc.ClientId))
            throw new InvalidOperationException($"{OidcOptions.Section}:ClientId is required when {OidcOptions.Section}:Authority is set.");

        return auth.AddOpenIdConnect(Scheme, oidc.ProviderName, options =>
        {
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            // The handler refuses an http:// authority unless this is false (tests and local development only).
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            options.Scope.Clear();
            foreach (var scope in oidc.Scopes.Prepend("openid").Distinct())
                options.Scope.Add(scope);
            options.CallbackPath = CallbackPath;
            options.SignInScheme = DashboardClaims.CookieScheme;
            // Keep the provider's claim names (sub, email, groups, auth_time, amr); the session gets the dashboard's own claims.
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.SaveTokens = false;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events = new SingleSignOnEvents();
        });
    }
}
