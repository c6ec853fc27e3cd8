using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Core.Evidence;

public static class EvidenceRegistration
{
    /// <summary>The evidence-pack services; the host registers an <see cref="IEvidencePackRenderer"/> and may replace <see cref="EvidencePackOptions"/>.</summary>
    public static IServiceCollection AddEvidencePacks(this IServiceCollection services)
    {
        services.AddSingleton<EvidenceSnapshotBuilder>().AddSingleton<EvidencePackService>();
        if (services.All(s => s.ServiceType != typeof(EvidencePackOptions)))
            services.AddSingleton(new EvidencePackOptions());
        return services;
    }
}
