using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

/// <summary>Single sign-on rules on a real store: linking once, provisioning, roles from the provider's groups, auditing.</summary>
public abstract class SingleSignOnTests : IDisposable
{
    private const string Issuer = "https://idp.example.org/";
    private const string Client = "192.0.2.20";
    private const string Email = "lena@example.org";

    private static readonly SingleSignOnPolicy AdminOwnsRoles = new(Issuer, "Example IdP", AccountMatching.VerifiedEmail, new Dictionary<string, Role>());

    private static readonly SingleSignOnPolicy GroupsDecide = new(Issuer, "Example IdP", AccountMatching.VerifiedEmail, new Dictionary<string, Role>
    {
        ["cd-legal"] = Role.LegalReviewer,
        ["cd-dpo"] = Role.Dpo,
        ["cd-officers"] = Role.ComplianceOfficer,
    });

    private readonly TestStore _store;

    protected SingleSignOnTests(StoreProvider provider) => _store = TestStore.Create(provider, demoMode: false);

    public void Dispose() => _store.Dispose();

    private SingleSignOnService Sso => _store.Get<SingleSignOnService>();
    private IUserRepository Users => _store.Get<IUserRepository>();
    private AuditEntry LastAudit => _store.Get<IAuditLog>().ReadAll().Last();

    private static ExternalSignIn Lena(string subject = "sub-lena", string? email = Email, bool verified = true, params string[] groups) =>
        new(Issuer, subject, email, verified, "Lena Legal", groups);

    private User PreCreate(string email = Email, Role role = Role.LegalReviewer) =>
        _store.Get<UserService>().Add(Actor.System, email, "Lena Legal", role, "a long enough password").Value;

    [Fact]
    public void FirstSignOn_LinksAPreCreatedUser_ByVerifiedEmail_AndBindsIssuerAndSubject()
    {
        PreCreate();

        var outcome = Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        Assert.True(outcome.SessionAllowed);
        var bound = Users.Find(Email)!.External!;
        Assert.Equal((Issuer, "sub-lena"), (bound.Issuer, bound.Subject));
        Assert.Contains(_store.Get<IAuditLog>().ReadAll(), e => e.Action == "user.linked" && e.EntityId == Email);
        Assert.Equal("signin.succeeded", LastAudit.Action);
        Assert.Contains("single sign-on at Example IdP", LastAudit.Summary);
    }

    [Fact]
    public void ASignOn_InARoleThatRequiresMfa_IsNotAskedToEnrolAnAuthenticatorApp_TheProviderDoesMfa()
    {
        PreCreate(role: Role.LegalReviewer);
        Assert.True(_store.Get<MfaPolicy>().Requires(Role.LegalReviewer, StoreMode.Real));

        var outcome = Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        Assert.True(outcome.SessionAllowed);
        Assert.Null(Users.Find(Email)!.Totp);
        Assert.DoesNotContain(_store.Get<IAuditLog>().ReadAll(), e => e.Action.StartsWith("mfa.", StringComparison.Ordinal));
    }

    [Fact]
    public void FirstSignOn_IsRefused_WhenTheEmailIsNotVerified()
    {
        PreCreate();

        var outcome = Sso.SignOn(Lena(verified: false), AdminOwnsRoles, Client);

        Assert.Equal(SignOnRefusal.AccountNotLinkable, outcome.Refusal);
        Assert.Null(Users.Find(Email)!.External);
        Assert.Equal("signin.failed", LastAudit.Action);
    }

    [Fact]
    public void ABoundAccount_CannotBeTakenOver_ByAnotherSubjectClaimingItsEmail()
    {
        PreCreate();
        Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        var outcome = Sso.SignOn(Lena(subject: "sub-intruder"), AdminOwnsRoles, Client);

        Assert.Equal(SignOnRefusal.AccountNotLinkable, outcome.Refusal);
        Assert.Equal("sub-lena", Users.Find(Email)!.External!.Subject);
    }

    [Fact]
    public void ABoundAccount_StillSignsIn_AfterItsEmailChangesAtTheProvider()
    {
        PreCreate();
        Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        var outcome = Sso.SignOn(Lena(email: "lena.new@example.org"), AdminOwnsRoles, Client);

        Assert.True(outcome.SessionAllowed);
        Assert.Equal(Email, outcome.User!.Email);
    }

    [Fact]
    public void SignOn_IsRefused_FromAnotherIssuer()
    {
        PreCreate();

        var outcome = Sso.SignOn(Lena() with { Issuer = "https://evil.example.org/" }, AdminOwnsRoles, Client);

        Assert.Equal(SignOnRefusal.WrongIssuer, outcome.Refusal);
        Assert.Null(Users.Find(Email)!.External);
    }

    [Fact]
    public void AnUnknownPerson_IsRefused_WhenTheStoreRequiresPreCreatedUsers()
    {
        var outcome = Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        Assert.Equal(SignOnRefusal.UnknownUser, outcome.Refusal);
        Assert.Null(Users.Find(Email));
        Assert.Equal("signin.failed", LastAudit.Action);
    }

    [Fact]
    public void AnUnknownPerson_GetsARecordWithoutRole_AndNoSession_WhenTheStoreCreatesUsers()
    {
        Assert.True(Sso.SetProvisioning(Actor.System, Provisioning.CreatedAtFirstSignIn).Succeeded);

        var outcome = Sso.SignOn(Lena(), AdminOwnsRoles, Client);

        Assert.Equal(SignOnRefusal.NoRole, outcome.Refusal);
        var created = Users.Find(Email)!;
        Assert.True(created.AwaitingRole);
        Assert.Null(_store.Get<SignInService>().ActiveUser(Email, created.SecurityStamp));

        var given = _store.Get<UserService>().ChangeRole(Actor.System, Email, Role.Auditor).Value;
        Assert.False(given.AwaitingRole);
        Assert.True(Sso.SignOn(Lena(), AdminOwnsRoles, Client).SessionAllowed);
    }

    [Fact]
    public void TheProvisioningChoice_IsStored_AndAudited()
    {
        Assert.Equal(Provisioning.PreCreated, Sso.Settings().Provisioning);

        Sso.SetProvisioning(Actor.System, Provisioning.CreatedAtFirstSignIn);
        _store.Reopen(demoMode: false);

        Assert.Equal(Provisioning.CreatedAtFirstSignIn, Sso.Settings().Provisioning);
        Assert.Equal("sso.provisioning-changed", LastAudit.Action);
    }

    [Fact]
    public void TheProvidersGroups_SetTheRole_AndTheChangeIsAudited()
    {
        PreCreate(role: Role.Auditor);

        var outcome = Sso.SignOn(Lena(groups: ["cd-legal", "unrelated"]), GroupsDecide, Client);

        Assert.True(outcome.SessionAllowed);
        Assert.Equal(Role.LegalReviewer, Users.Find(Email)!.Role);
        Assert.Contains(_store.Get<IAuditLog>().ReadAll(), e => e.Action == "user.role-changed" && e.Summary.Contains("Auditor → Legal reviewer from the provider's groups"));
    }

    [Fact]
    public void GroupsMappingToLegalReviewerAndDpo_AreRefused()
    {
        PreCreate();

        var outcome = Sso.SignOn(Lena(groups: ["cd-legal", "cd-dpo"]), GroupsDecide, Client);

        Assert.Equal(SignOnRefusal.ConflictingRoles, outcome.Refusal);
        Assert.Equal(Role.LegalReviewer, Users.Find(Email)!.Role);
        Assert.Contains("Legal reviewer and DPO", LastAudit.Summary);
    }

    [Fact]
    public void GroupsMappingToNoRole_GiveNoSession_AndEndExistingSessions()
    {
        var before = PreCreate();

        var outcome = Sso.SignOn(Lena(groups: ["unrelated"]), GroupsDecide, Client);

        Assert.Equal(SignOnRefusal.NoRole, outcome.Refusal);
        var after = Users.Find(Email)!;
        Assert.True(after.AwaitingRole);
        Assert.Null(_store.Get<SignInService>().ActiveUser(Email, before.SecurityStamp));
    }

    [Fact]
    public void EntraMatching_LinksByTenantAndObjectId_NotByEmail()
    {
        var tenant = Guid.NewGuid().ToString();
        var objectId = Guid.NewGuid().ToString();
        PreCreate();
        var entra = AdminOwnsRoles with { Matching = AccountMatching.EntraObjectId, TenantId = tenant };

        Assert.Equal(SignOnRefusal.UnknownUser, Sso.SignOn(Lena(verified: true), entra, Client).Refusal);
        Assert.True(Sso.ExpectEntraAccount(Actor.System, Email, tenant, objectId).Succeeded);
        var outcome = Sso.SignOn(Lena(email: null) with { TenantId = tenant, ObjectId = objectId }, entra, Client);

        Assert.True(outcome.SessionAllowed);
        Assert.Equal("sub-lena", Users.Find(Email)!.External!.Subject);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : SingleSignOnTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : SingleSignOnTests(StoreProvider.Postgres);
}
