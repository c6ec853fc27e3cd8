using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Assessments;
using ComplianceDashboard.Storage.Postgres.Audit;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Storage.Postgres.Complaints;
using ComplianceDashboard.Storage.Postgres.Compliance;
using ComplianceDashboard.Storage.Postgres.Evidence;
using ComplianceDashboard.Storage.Postgres.Identity;
using ComplianceDashboard.Storage.Postgres.Jurisdictions;
using ComplianceDashboard.Storage.Postgres.Objections;
using ComplianceDashboard.Storage.Postgres.Rollout;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.Postgres;

public static class DependencyInjection
{
    /// <summary>Registers an already opened store and the repositories over it; the caller disposes the store.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, PostgresStore store) =>
        services.AddSingleton(store).AddRepositories();

    /// <summary>Registers a store opened on first use from <paramref name="options"/> and disposed with the container.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Func<IServiceProvider, PostgresOptions> options) =>
        services.AddSingleton(sp => PostgresStore.Open(options(sp), sp.GetRequiredService<TimeProvider>())).AddRepositories();

    private static IServiceCollection AddRepositories(this IServiceCollection services)
    {
        services.AddSingleton<IUnitOfWork>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IStoreInfo>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IStoreBackup>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IStoreMaintenance>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IStoreCopyTarget, PostgresStoreCopyTarget>();
        services.AddSingleton<IAuditLog, PostgresAuditLog>();
        services.AddSingleton<IUserRepository, PostgresUserRepository>();
        services.AddSingleton<IApiKeyRepository, PostgresApiKeyRepository>();
        services.AddSingleton<ISingleSignOnSettingsRepository, PostgresSingleSignOnSettingsRepository>().AddSingleton<IPendingSignOffRepository, PostgresPendingSignOffRepository>();
        services.AddSingleton<ISecurityCounters, PostgresSecurityCounters>();
        services.AddSingleton<IJurisdictionRepository, PostgresJurisdictionRepository>();
        services.AddSingleton<ICampaignRepository, PostgresCampaignRepository>().AddSingleton<IDeliveryStatsRepository, PostgresDeliveryStatsRepository>().AddSingleton<IRegulatorLogRepository, PostgresRegulatorLogRepository>();
        services.AddObjections();
        services.AddSingleton<IComplaintRepository, PostgresComplaintRepository>();
        services.AddSingleton<IAssessmentRepository, PostgresAssessmentRepository>();
        services.AddSingleton<IComplianceRunRepository, PostgresComplianceRunRepository>().AddSingleton<ITrainingRunRepository, PostgresTrainingRunRepository>();
        services.AddSingleton<IGateOverrideRepository, PostgresGateOverrideRepository>();
        // Several instances share the database: the pack queue is a table, exclusive work an advisory lock.
        services.AddSingleton<IPackGenerationQueue, PostgresPackGenerationQueue>();
        services.AddSingleton<IExclusiveWork, PostgresExclusiveWork>();
        services.AddSingleton<PostgresEvidencePackRepository>().AddSingleton<IEvidencePackRepository>(sp => sp.GetRequiredService<PostgresEvidencePackRepository>()).AddSingleton<IRecordedChainHeads>(sp => sp.GetRequiredService<PostgresEvidencePackRepository>());
        return services;
    }

    /// <summary>Objections on PostgreSQL: COPY-based import, rollup tables, a cached metrics copy every instance can invalidate.</summary>
    private static IServiceCollection AddObjections(this IServiceCollection services) =>
        services.AddSingleton<IObjectionRepository, PostgresObjectionRepository>();

}
