using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Assessments;
using ComplianceDashboard.Storage.LiteDb.Audit;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.LiteDb.Compliance;
using ComplianceDashboard.Storage.LiteDb.Identity;
using ComplianceDashboard.Storage.LiteDb.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Rollout;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb;

public static class DependencyInjection
{
    /// <summary>Registers an already opened store and the repositories over it; the caller disposes the store.</summary>
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services, LiteDbStore store) =>
        services.AddSingleton(store).AddRepositories();

    /// <summary>Registers a store opened on first use from <paramref name="options"/> and disposed with the container.</summary>
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services, Func<IServiceProvider, StoreOptions> options) =>
        services.AddSingleton(sp => LiteDbStore.Open(options(sp), sp.GetRequiredService<TimeProvider>())).AddRepositories();

    private static IServiceCollection AddRepositories(this IServiceCollection services)
    {
        services.AddSingleton<IUnitOfWork>(sp => sp.GetRequiredService<LiteDbStore>());
        services.AddSingleton<IStoreInfo>(sp => sp.GetRequiredService<LiteDbStore>());
        services.AddSingleton<Core.Operations.IStoreBackup>(sp => sp.GetRequiredService<LiteDbStore>());
        services.AddSingleton<IAuditLog, LiteDbAuditLog>();
        services.AddSingleton<IUserRepository, LiteDbUserRepository>();
        services.AddSingleton<IApiKeyRepository, LiteDbApiKeyRepository>();
        services.AddSingleton<ISingleSignOnSettingsRepository, LiteDbSingleSignOnSettingsRepository>().AddSingleton<IPendingSignOffRepository, LiteDbPendingSignOffRepository>();
        services.AddSingleton<ISecurityCounters, LiteDbSecurityCounters>();
        services.AddSingleton<IJurisdictionRepository, LiteDbJurisdictionRepository>();
        services.AddSingleton<ICampaignRepository, LiteDbCampaignRepository>().AddSingleton<IDeliveryStatsRepository, LiteDbDeliveryStatsRepository>().AddSingleton<IRegulatorLogRepository, LiteDbRegulatorLogRepository>();
        Objections.LiteDbObjectionRepository.Register(services);
        services.AddSingleton<Core.Complaints.IComplaintRepository, Complaints.LiteDbComplaintRepository>();
        services.AddSingleton<IAssessmentRepository, LiteDbAssessmentRepository>();
        services.AddSingleton<IComplianceRunRepository, LiteDbComplianceRunRepository>().AddSingleton<ITrainingRunRepository, LiteDbTrainingRunRepository>();
        services.AddSingleton<IGateOverrideRepository, LiteDbGateOverrideRepository>();
        // One process per data folder: the pack queue and exclusive background work live in the process.
        services.AddSingleton<Core.Evidence.IPackGenerationQueue, Evidence.InProcessPackGenerationQueue>();
        services.AddSingleton<Core.Operations.IExclusiveWork, InProcessExclusiveWork>();
        services.AddSingleton<Evidence.LiteDbEvidencePackRepository>().AddSingleton<Core.Evidence.IEvidencePackRepository>(sp => sp.GetRequiredService<Evidence.LiteDbEvidencePackRepository>()).AddSingleton<IRecordedChainHeads>(sp => sp.GetRequiredService<Evidence.LiteDbEvidencePackRepository>());
        return services;
    }
}
