using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components;
using ComplianceDashboard.Web.Evidence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
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
        services.AddSingleton(new Core.Demo.DemoSize(builder.Configuration.GetValue("ComplianceDashboard:Demo:Objections", Core.Demo.DemoSize.DefaultObjections)));
        services.AddLiteDbStorage(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DashboardOptions>>().Value;
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            return new StoreOptions(options.ResolveDataDirectory(root), options.DemoMode);
        });
        services.AddReverseProxySupport(builder.Configuration);
        services.AddDashboardAuthentication();
        // Session cookies stay valid across restarts: the keys that protect them live in the data folder.
        services.AddDataProtection().SetApplicationName("ComplianceDashboard");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<DashboardOptions>, IWebHostEnvironment, ILoggerFactory>(
            (keys, options, environment, logging) => keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(options.Value.ResolveDataDirectory(environment.ContentRootPath), "keys")), logging));
        services.AddHostedService<ApiKeyUsageFlusher>();
        services.AddComplianceSchedule(builder.Configuration);
        services.AddEvidencePackGeneration(builder.Configuration);

        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddMudServices();
        services.AddOpenApi();
        return builder;
    }

    /// <summary>Opens the store before serving anything (a clear error beats a half-started app) and seeds a demo store.</summary>
    public static void OpenStore(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<LiteDbStore>();
        if (store.Info.Mode == StoreMode.Demo)
        {
            var seeded = app.Services.GetRequiredService<DemoProgramme>().Seed();
            if (seeded is { Succeeded: true, Value: > 0 })
                app.Logger.LogInformation("Seeded {Count} demo records", seeded.Value);
        }
        app.Logger.LogInformation("Store opened in {Mode} mode at {Directory}", store.Info.Mode,
            app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.ResolveDataDirectory(app.Environment.ContentRootPath));
    }

    public static WebApplication UseComplianceDashboard(this WebApplication app)
    {
        app.UseReverseProxySupport();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        // Unknown page addresses get a friendly page; the API keeps its bare status codes.
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && !http.Request.Path.StartsWithSegments("/api"))
                http.Response.Redirect("/not-found");
            return Task.CompletedTask;
        });
        app.UseRequestBodyLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/health", (LiteDbStore store) => store.IsOpen ? Results.Ok(new { status = "ok" }) : Results.StatusCode(503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapApiEndpoints();
        app.MapRolloutEndpoints();
        app.MapObjectionEndpoints();
        app.MapComplaintEndpoints();
        app.MapAssessmentEndpoints();
        app.MapBackupEndpoints();
        app.MapComplianceEndpoints();
        app.MapTrainingGateEndpoints();
        app.MapEvidencePackEndpoints();
        // SecurityHeaders already forbids framing; Blazor's own frame-ancestors header would be a second policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
