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
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SessionRevalidation.ValidateCookie;
                options.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(DashboardClaims.ApiKeyScheme, _ => { })
            .AddSingleSignOn(configuration);
        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<SsoStepUp>();
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
