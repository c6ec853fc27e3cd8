using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Tests.Identity;

public sealed class RolePermissionsTests
{
    private const bool Y = true;
    private const bool N = false;

    /// <summary>
    /// DESIGN.md "Roles and what they may do", written out permission by permission. "view" on Evidence packs
    /// does not include downloading (the auditor's cell says "view, download"); roles that generate packs download them.
    /// </summary>
    private static readonly (Permission Permission, bool Admin, bool Officer, bool Legal, bool Dpo, bool Auditor)[] Matrix =
    [
        //                                     Admin Officer Legal Dpo Auditor
        (Permission.ViewProgramme,              Y,    Y,      Y,    Y,  Y),
        (Permission.ViewAuditLog,               Y,    Y,      Y,    Y,  Y),
        (Permission.EditJurisdictions,          Y,    N,      N,    N,  N),
        (Permission.ChangeJurisdictionState,    N,    Y,      N,    N,  N),
        (Permission.ViewAssessments,            Y,    Y,      Y,    Y,  Y),
        (Permission.DraftAssessments,           N,    Y,      N,    N,  N),
        (Permission.CommentOnAssessments,       N,    N,      Y,    Y,  N),
        (Permission.RequestAssessmentChanges,   N,    N,      Y,    N,  N),
        (Permission.ApproveAssessments,         N,    N,      Y,    N,  N),
        (Permission.RecordDpoAdvice,            N,    N,      N,    Y,  N),
        (Permission.ManageRollout,              N,    Y,      N,    N,  N),
        (Permission.ManageObjections,           N,    Y,      N,    N,  N),
        (Permission.RunComplianceChecks,        N,    Y,      Y,    Y,  N),
        (Permission.RequestTrainingStart,       N,    Y,      N,    N,  N),
        (Permission.OverrideTrainingGate,       N,    N,      Y,    N,  N),
        (Permission.GenerateEvidencePacks,      N,    Y,      Y,    Y,  N),
        (Permission.ApprovePackRelease,         N,    N,      Y,    N,  N),
        (Permission.RecordPackSubmission,       N,    Y,      N,    N,  N),
        (Permission.DownloadEvidencePacks,      N,    Y,      Y,    Y,  Y),
        (Permission.ManageUsers,                Y,    N,      N,    N,  N),
        (Permission.ManageApiKeys,              Y,    N,      N,    N,  N),
        (Permission.TakeBackups,                Y,    N,      N,    N,  N),
        (Permission.ManageComplaints,           N,    Y,      N,    N,  N),
        (Permission.ExportComplaints,           N,    Y,      N,    Y,  N),
    ];

    public static TheoryData<Role, Permission, bool> Table()
    {
        var data = new TheoryData<Role, Permission, bool>();
        foreach (var row in Matrix)
        {
            data.Add(Role.Admin, row.Permission, row.Admin);
            data.Add(Role.ComplianceOfficer, row.Permission, row.Officer);
            data.Add(Role.LegalReviewer, row.Permission, row.Legal);
            data.Add(Role.Dpo, row.Permission, row.Dpo);
            data.Add(Role.Auditor, row.Permission, row.Auditor);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Has_MatchesTheRolesTable(Role role, Permission permission, bool expected)
    {
        Assert.Equal(expected, RolePermissions.Has(role, permission));
        Assert.Equal(expected, RolePermissions.Of(role).Contains(permission));
        Assert.Equal(expected, Actor.User("someone@example.org", "Someone", role).Can(permission));
    }

    [Fact]
    public void Table_CoversEveryRoleAndEveryPermissionExactlyOnce()
    {
        Assert.Equal(Enum.GetValues<Permission>().Order(), Matrix.Select(r => r.Permission).Order());
        Assert.Equal(5, Enum.GetValues<Role>().Length);
        Assert.Equal(Enum.GetValues<Role>().Length * Enum.GetValues<Permission>().Length, Table().Count());
    }

    [Fact]
    public void Holding_ListsExactlyTheRolesThatHoldAPermission()
    {
        Assert.Equal([Role.LegalReviewer], RolePermissions.Holding(Permission.ApproveAssessments));
        Assert.Equal([Role.ComplianceOfficer, Role.LegalReviewer, Role.Dpo], RolePermissions.Holding(Permission.RunComplianceChecks));
        Assert.Equal([Role.Admin], RolePermissions.Holding(Permission.ManageApiKeys));
    }

    [Fact]
    public void Require_ReturnsAForbiddenFailureNamingThePermission_WhenTheActorLacksIt()
    {
        var auditor = Actor.User("auditor@example.org", "Aisha Auditor", Role.Auditor);

        var failure = auditor.Require(Permission.ManageUsers);

        Assert.NotNull(failure);
        Assert.Equal(FailureKind.Forbidden, failure.Kind);
        Assert.Contains(nameof(Permission.ManageUsers), failure.Message);
        Assert.Null(auditor.Require(Permission.ViewAuditLog));
    }

    [Fact]
    public void Anonymous_MayDoNothing()
    {
        var anonymous = Actor.Anonymous("10.0.0.1");

        Assert.All(Enum.GetValues<Permission>(), p => Assert.False(anonymous.Can(p)));
    }
}
