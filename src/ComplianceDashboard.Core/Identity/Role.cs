namespace ComplianceDashboard.Core.Identity;

/// <summary>The five roles of the privacy team (DESIGN.md, "Roles and what they may do").</summary>
public enum Role
{
    Admin,
    ComplianceOfficer,
    LegalReviewer,
    Dpo,
    Auditor,
}

/// <summary>Everything a caller may be allowed to do; roles and API-key scopes grant sets of these.</summary>
public enum Permission
{
    ViewProgramme,
    ViewAuditLog,
    EditJurisdictions,
    ChangeJurisdictionState,
    ViewAssessments,
    DraftAssessments,
    CommentOnAssessments,
    RequestAssessmentChanges,
    ApproveAssessments,
    RecordDpoAdvice,
    ManageRollout,
    ManageObjections,
    RunComplianceChecks,
    RequestTrainingStart,
    OverrideTrainingGate,
    GenerateEvidencePacks,
    ApprovePackRelease,
    RecordPackSubmission,
    DownloadEvidencePacks,
    ManageUsers,
    ManageApiKeys,
    TakeBackups,
    /// <summary>Import, record and move complaints forward (s.164A DPA 2018), and apply their retention.</summary>
    ManageComplaints,
    /// <summary>Download complaints as CSV, including the free-text outcome summaries.</summary>
    ExportComplaints,
}

/// <summary>The roles table: exactly which permissions each role holds.</summary>
public static class RolePermissions
{
    private static readonly Permission[] Everyone = [Permission.ViewProgramme, Permission.ViewAuditLog, Permission.ViewAssessments];

    private static readonly IReadOnlyDictionary<Role, IReadOnlySet<Permission>> Table = new Dictionary<Role, IReadOnlySet<Permission>>
    {
        [Role.Admin] = Set(Permission.EditJurisdictions, Permission.ManageUsers, Permission.ManageApiKeys, Permission.TakeBackups),
        [Role.ComplianceOfficer] = Set(
            Permission.ChangeJurisdictionState, Permission.DraftAssessments, Permission.ManageRollout,
            Permission.ManageObjections, Permission.RunComplianceChecks, Permission.RequestTrainingStart,
            Permission.GenerateEvidencePacks, Permission.RecordPackSubmission, Permission.DownloadEvidencePacks,
            Permission.ManageComplaints, Permission.ExportComplaints),
        [Role.LegalReviewer] = Set(
            Permission.CommentOnAssessments, Permission.RequestAssessmentChanges, Permission.ApproveAssessments,
            Permission.RunComplianceChecks, Permission.OverrideTrainingGate, Permission.GenerateEvidencePacks,
            Permission.ApprovePackRelease, Permission.DownloadEvidencePacks),
        [Role.Dpo] = Set(
            Permission.CommentOnAssessments, Permission.RecordDpoAdvice, Permission.RunComplianceChecks,
            Permission.GenerateEvidencePacks, Permission.DownloadEvidencePacks, Permission.ExportComplaints),
        [Role.Auditor] = Set(Permission.DownloadEvidencePacks),
    };

    public static IReadOnlySet<Permission> Of(Role role) => Table[role];

    public static bool Has(Role role, Permission permission) => Table[role].Contains(permission);

    public static IEnumerable<Role> Holding(Permission permission) => Enum.GetValues<Role>().Where(r => Has(r, permission));

    public static string DisplayName(this Role role) => role switch
    {
        Role.Admin => "Admin",
        Role.ComplianceOfficer => "Compliance officer",
        Role.LegalReviewer => "Legal reviewer",
        Role.Dpo => "DPO",
        Role.Auditor => "Auditor",
        _ => role.ToString(),
    };

    private static IReadOnlySet<Permission> Set(params Permission[] permissions) => Everyone.Concat(permissions).ToHashSet();
}
