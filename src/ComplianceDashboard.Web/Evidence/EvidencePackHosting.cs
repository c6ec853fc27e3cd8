using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Reports.Signing;

namespace ComplianceDashboard.Web.Evidence;

/// <summary>Registers the pack renderer, the controller name and the signing certificate from configuration, and the background generation (its jobs in the store's queue, so any instance may generate them).</summary>
public static class EvidencePackHosting
{
    public static IServiceCollection AddEvidencePackGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEvidencePackRendering(configuration);
        // Loaded at start-up, so a wrong path or password stops the app with a clear message instead of failing later.
        if (configuration.GetValue<string>("ComplianceDashboard:Signing:CertificatePath") is { Length: > 0 } certificate)
            services.AddSingleton<IEvidencePackSigner>(PdfPackSigner.FromFile(
                certificate, configuration.GetValue<string>("ComplianceDashboard:Signing:Password"), TimeProvider.System));
        services.Configure<EvidencePackQueueOptions>(configuration.GetSection(EvidencePackQueueOptions.Section));
        services.AddSingleton<EvidencePackQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<EvidencePackQueue>());
        return services;
    }

    /// <summary>The renderer and the controller name: what the app and the CLI both need to render the same bytes.</summary>
    public static IServiceCollection AddEvidencePackRendering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new EvidencePackOptions(configuration.GetValue<string>("ComplianceDashboard:Controller") is { Length: > 0 } controller
            ? controller
            : "Example Social Platform Ltd (set ComplianceDashboard:Controller)"));
        services.AddSingleton<IEvidencePackRenderer, EvidencePackDocument>();
        return services;
    }
}
