using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceDashboard.Core;

public static class DependencyInjection
{
    public static IServiceCollection AddComplianceCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PasswordPolicy>();
        services.TryAddSingleton(new MfaPolicy());
        // The web app replaces this with ASP.NET Core data protection; without it, MFA cannot be enrolled or checked.
        services.TryAddSingleton<ISecretProtector, NoSecretProtector>();
        services.AddSingleton<Authenticator>().AddSingleton<StepUp>();
        services.AddSingleton<UserService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<SingleSignOnService>().AddSingleton<StepUpService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<JurisdictionService>();
        services.AddSingleton<DemoProgramme>().AddSingleton<DemoRollout>();
        services.AddSingleton<CampaignService>().AddSingleton<DeliveryImportService>().AddSingleton<RolloutQueryService>().AddSingleton<RegulatorLogService>();
        services.AddSingleton<Objections.ObjectionService>();
        services.TryAddSingleton(new Complaints.ComplaintOptions());
        services.TryAddSingleton(Common.RequestBudget.Defaults);
        services.AddSingleton<Complaints.ComplaintService>();
        services.AddSingleton<AssessmentService>();
        services.AddSingleton<Operations.BackupService>();
        services.AddSingleton<DemoAssessments>();
        services.AddSingleton<DemoProgramme>();
        services.AddSingleton<DemoObjections>().AddSingleton<DemoComplaints>().AddSingleton(new DemoSize());
        services.TryAddSingleton(new Compliance.AnonymityEvidencePolicy());
        services.AddSingleton<Compliance.IComplianceEvaluator, Compliance.ComplianceEvaluator>().AddSingleton<Compliance.ComplianceService>();
        services.AddSingleton<Compliance.TrainingGate>().AddSingleton<Compliance.GateOverrideService>().AddSingleton<Compliance.TrainingRunService>();
        Evidence.EvidenceRegistration.AddEvidencePacks(services);
        return services;
    }
}
