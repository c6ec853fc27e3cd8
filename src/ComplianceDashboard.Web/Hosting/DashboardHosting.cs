using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Auth.SingleSignOn;
using ComplianceDashboard.Web.Components;
using ComplianceDashboard.Web.Evidence;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>Service registrations and the request pipeline of the web app.</summary>
public static class DashboardHosting
{
    public static WebApplicationBuilder AddComplianceDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        services.AddComplianceCore();
        services.AddSingleton(builder.Configuration.GetSection("ComplianceDashboard:Complaints").Get<Core.Complaints.ComplaintOptions>() ?? new Core.Complaints.ComplaintOptions());
        var budget = builder.Configuration.GetSection(RequestBudget.Section).Get<RequestBudget>() ?? RequestBudget.Defaults;
        services.AddSingleton(budget);
        // One nesting bound for every JSON body the framework binds (evidence-pack requests); the training-run reader uses the same budget.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.MaxDepth = budget.MaxJsonDepth);
        // A body the framework cannot bind is thrown (in every environment, not only Development) so UseApiErrorHandling
        // answers it with the same 400 keyed by "body", saying where the reader stopped.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddSingleton(new Core.Demo.DemoSize(builder.Configuration.GetValue("ComplianceDashboard:Demo:Objections", Core.Demo.DemoSize.DefaultObjections)));
        var anonymityDays = builder.Configuration.GetValue("ComplianceDashboard:Compliance:AnonymityEvidenceDays", Core.Compliance.AnonymityEvidencePolicy.DefaultDays);
        if (anonymityDays is < 1 or > 3650)
            throw new InvalidOperationException($"ComplianceDashboard:Compliance:AnonymityEvidenceDays must be 1 to 3650 days; it is {anonymityDays}.");
        services.AddSingleton(new Core.Compliance.AnonymityEvidencePolicy(anonymityDays));
        services.AddDashboardStore(builder.Configuration,
            sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value.ResolveDataDirectory(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath),
            sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value.DemoMode);
        services.AddReverseProxySupport(builder.Configuration);
        services.AddDashboardAuthentication(builder.Configuration);
        // Session cookies stay valid across restarts and instances: the keys that protect them live in the store (AddDashboardStore).
        services.AddDashboardDataProtection(builder.Configuration, builder.Environment);
        services.AddHostedService<ApiKeyUsageFlusher>();
        services.AddComplianceSchedule(builder.Configuration);
        services.AddEvidencePackGeneration(builder.Configuration);

        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddMudServices();
        services.AddOpenApi(ApiDescription.Configure);
        return builder;
    }

    /// <summary>Opens the store before serving anything (a clear error beats a half-started app) and seeds a demo store.</summary>
    public static void OpenStore(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IStoreInfo>();
        var selected = app.Services.GetRequiredService<SelectedStore>();
        if (store.Info.Mode == StoreMode.Demo)
        {
            // A new demo store takes a while to seed (200,000 objections by default): say so before the silence.
            if (app.Services.GetRequiredService<Core.Jurisdictions.IJurisdictionRepository>().All().Count == 0)
                app.Logger.LogInformation("Seeding the demo programme into this new demo store ({Objections:N0} objections) in {Store}; the first start takes a minute or so",
                    app.Services.GetRequiredService<DemoSize>().Objections, selected.Describe(app.Services));
            var seeded = app.Services.GetRequiredService<DemoProgramme>().Seed();
            if (seeded is { Succeeded: true, Value: > 0 })
                app.Logger.LogInformation("Seeded {Count} demo records", seeded.Value);
        }
        app.Logger.LogInformation("Store opened in {Mode} mode in {Store}", store.Info.Mode, selected.Describe(app.Services));
        var keys = app.Services.GetRequiredService<KeyProtectionMode>();
        if (!keys.Warn) app.Logger.LogInformation("Data-protection keys are {Protection}", keys.Description);
        else app.Logger.LogWarning("Data-protection keys are {Protection}", keys.Description);
    }

    public static WebApplication UseComplianceDashboard(this WebApplication app)
    {
        app.UseReverseProxySupport();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Inside the developer exception page and the error page: the API answers problem details in every environment.
        app.UseApiErrorHandling();
        app.UseSecurityHeaders();
        // Unknown page addresses get a friendly page; under /api a bare error status gets a problem-details body.
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            if (ApiErrorHandling.IsApi(http))
                return http.Response.StatusCode >= 400 ? ApiErrorHandling.DescribeBareStatus(http) : Task.CompletedTask;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound)
                http.Response.Redirect("/not-found");
            return Task.CompletedTask;
        });
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseApiRoutingRefusals();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapSingleSignOnEndpoints();
        // Every endpoint file maps through this group, so each /api/v1 endpoint's document lists the answers its setup gives.
        var endpoints = app.MapGroup("").DescribeSetupAnswers();
        endpoints.MapApiEndpoints();
        endpoints.MapRolloutEndpoints();
        endpoints.MapObjectionEndpoints();
        endpoints.MapComplaintEndpoints();
        endpoints.MapAssessmentEndpoints();
        endpoints.MapBackupEndpoints();
        endpoints.MapComplianceEndpoints();
        endpoints.MapTrainingGateEndpoints();
        endpoints.MapEvidencePackEndpoints();
        // SecurityHeaders already forbids framing; Blazor's own frame-ancestors header would be a second policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
