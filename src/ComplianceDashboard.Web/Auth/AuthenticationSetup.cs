using ComplianceDashboard.Web.Auth.SingleSignOn;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Auth;

public static class AuthenticationSetup
{
    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(DashboardClaims.CookieScheme)
            .AddCookie(DashboardClaims.CookieScheme, options =>
            {
                options.Cookie.Name = "cd.session";
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: the identity provider sends the browser back cross-site, and Chromium withholds Strict
                // cookies for the whole redirect chain that follows (the person would land signed out). Lax still keeps
                // the cookie off cross-site POSTs, frames and subresources; every form also carries an antiforgery token.
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/forbidden";
                // The idle timeout (ExpireTimeSpan, sliding) is set from the session policy below.
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SessionRevalidation.ValidateCookie;
                options.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            })
            .AddCookie(DashboardClaims.PendingScheme, options =>
            {
                options.Cookie.Name = "cd.signin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.Path = "/";
                options.ExpireTimeSpan = PendingSignIn.Lifetime;
                options.SlidingExpiration = false;
                options.LoginPath = "/signin";
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(DashboardClaims.ApiKeyScheme, _ => { })
            .AddSingleSignOn(configuration);
        services.AddOptions<CookieAuthenticationOptions>(DashboardClaims.CookieScheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.Value.Session.IdleTimeout);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value.Mfa.ToPolicy());
        services.AddSingleton<Core.Identity.ISecretProtector, DataProtectionSecrets>();
        services.AddSingleton<RecoveryCodesNote>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitActivity>());
        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<SignOffStepUp>();
        services.AddSingleton<ApiKeyFailureLimiter>();

        services.AddSingleton<SignInRateLimit>();
        return services;
    }

    /// <summary>Pages redirect to sign-in; the API answers with a status code instead.</summary>
    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = apiStatus;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
