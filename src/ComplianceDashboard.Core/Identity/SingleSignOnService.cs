using System.Net.Mail;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>
/// Turns a validated sign-on at the identity provider into a dashboard user: finds the account bound to (issuer,
/// subject), or links a pre-created one once (verified e-mail, or Entra's tenant and object id), or creates one without
/// a role when the store allows; applies the role the provider's groups map to; audits every outcome.
/// </summary>
public sealed class SingleSignOnService(
    IUserRepository users, ISingleSignOnSettingsRepository settings, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string SettingsEntityType = "SingleSignOn";

    public SingleSignOnSettings Settings() => settings.Get();

    public Result<SingleSignOnSettings> SetProvisioning(Actor actor, Provisioning provisioning)
    {
        if (actor.Require(Permission.ManageUsers) is { } denied) return denied;
        return store.Write(() =>
        {
            var current = settings.Get();
            if (current.Provisioning == provisioning) return current;
            var saved = settings.Save(current with { Provisioning = provisioning, ChangedAt = clock.UtcNowMs(), ChangedBy = actor.DisplayName });
            if (saved.Succeeded)
                audit.Append(actor, "sso.provisioning-changed", SettingsEntityType, SingleSignOnSettings.SingletonId,
                    $"Single sign-on provisioning {Describe(current.Provisioning)} → {Describe(provisioning)}");
            return saved;
        });
    }

    /// <summary>Records the Entra ID account a pre-created user will sign in with (Entra sends no verified e-mail by default).</summary>
    public Result<User> ExpectEntraAccount(Actor actor, string email, string tenantId, string objectId)
    {
        if (actor.Require(Permission.ManageUsers) is { } denied) return denied;
        if (!Guid.TryParse(tenantId, out var tid) || !Guid.TryParse(objectId, out var oid))
            return Failure.Validation("The tenant id and the object id are GUIDs, as Entra ID shows them.");
        var normalised = User.Normalise(email);
        return store.Write(() =>
        {
            if (users.Find(normalised) is not { } user) return Failure.NotFound($"There is no user with e-mail {normalised}.");
            if (user.External is not null) return Failure.Conflict($"{normalised} is already bound to an identity-provider account.");
            var saved = users.Save(user with { ExpectedEntraAccount = new ExpectedEntraAccount { TenantId = tid.ToString("D"), ObjectId = oid.ToString("D") } });
            if (saved.Succeeded)
                audit.Append(actor, "user.entra-account-expected", UserService.EntityType, normalised, $"Will link to Entra ID object {oid:D} in tenant {tid:D}");
            return saved;
        });
    }

    /// <summary>The user a validated sign-on stands for, or why it gets no session. Every outcome is audited.</summary>
    public SignOnOutcome SignOn(ExternalSignIn signIn, SingleSignOnPolicy policy, string client)
    {
        var outcome = store.Write<SignOnOutcome>(() => Decide(signIn, policy, client));
        return outcome.Succeeded ? outcome.Value : new SignOnOutcome(null, SignOnRefusal.UnknownUser, outcome.Failure!.Message);
    }

    /// <summary>Audits a sign-on the protocol refused before it reached the rules (wrong audience, expired token, replayed state…).</summary>
    public void RecordProtocolFailure(string providerName, string reason, string client) =>
        store.Write(() =>
        {
            audit.Append(Actor.Anonymous(client), "signin.failed", UserService.EntityType, "sso", $"Single sign-on at {providerName} refused: {reason}");
            return Result<Done>.Ok(Done.Value);
        });

    /// <summary>Audits a password sign-in refused because local passwords are turned off for this account.</summary>
    public void RecordLocalPasswordRefused(string email, string client) =>
        store.Write(() =>
        {
            audit.Append(Actor.Anonymous(client), "signin.failed", UserService.EntityType, User.Normalise(email),
                "Password sign-in refused: local passwords are turned off except for break-glass admins; use single sign-on");
            return Result<Done>.Ok(Done.Value);
        });

    private Result<SignOnOutcome> Decide(ExternalSignIn signIn, SingleSignOnPolicy policy, string client)
    {
        var now = clock.UtcNowMs();
        var anonymous = Actor.Anonymous(client);
        var via = $"single sign-on at {policy.ProviderName}";
        if (signIn.Issuer != policy.Issuer)
            return Refuse(anonymous, signIn.Subject, SignOnRefusal.WrongIssuer, $"Issuer {signIn.Issuer} is not {policy.Issuer}");

        var all = users.All();
        var user = all.FirstOrDefault(u => u.External?.Is(signIn.Issuer, signIn.Subject) == true);
        if (user is null)
        {
            var linked = Link(signIn, policy, all, now, out var refusal);
            if (refusal is { } why)
                return Refuse(anonymous, signIn.Email ?? signIn.Subject, why.Refusal, why.Detail);
            if (linked is not null)
            {
                var saved = users.Save(linked);
                if (!saved.Succeeded) return saved.Failure!;
                user = saved.Value;
                audit.Append(Actor.User(user.Email, user.DisplayName, user.Role), "user.linked", UserService.EntityType, user.Email,
                    $"Bound to {policy.ProviderName} account {signIn.Subject} (issuer {signIn.Issuer}) by {(policy.Matching == AccountMatching.EntraObjectId ? "Entra object id" : "verified e-mail")}");
            }
            else
            {
                var created = Create(signIn, policy, all, now, out var createRefusal);
                if (createRefusal is { } no)
                    return Refuse(anonymous, signIn.Email ?? signIn.Subject, no.Refusal, no.Detail);
                var saved = users.Save(created!);
                if (!saved.Succeeded) return saved.Failure!;
                user = saved.Value;
                audit.Append(Actor.Anonymous(client), "user.created", UserService.EntityType, user.Email,
                    $"Created at first {via} (subject {signIn.Subject}) without a role; an admin must give one");
            }
        }

        if (user.Disabled)
            return Refuse(anonymous, user.Email, SignOnRefusal.Disabled, "Account disabled", user);

        if (policy.RolesFromProvider)
        {
            var mapped = signIn.Groups.Where(policy.RoleMap.ContainsKey).Select(g => policy.RoleMap[g]).Distinct().Order().ToList();
            if (mapped.Count > 1)
                return Refuse(anonymous, user.Email, SignOnRefusal.ConflictingRoles,
                    $"The provider's groups map to {string.Join(" and ", mapped.Select(r => r.DisplayName()))}; one person holds one role", user);
            var changed = mapped.Count == 0
                ? user.AwaitingRole ? null : user with { AwaitingRole = true, SecurityStamp = UserService.NewStamp() }
                : user.Role == mapped[0] && !user.AwaitingRole ? null : user with { Role = mapped[0], AwaitingRole = false, SecurityStamp = UserService.NewStamp() };
            if (changed is not null)
            {
                var saved = users.Save(changed);
                if (!saved.Succeeded) return saved.Failure!;
                audit.Append(Actor.System, "user.role-changed", UserService.EntityType, user.Email,
                    $"Role {RoleName(user)} → {RoleName(changed)} from the provider's groups at {via}");
                user = saved.Value;
            }
        }

        if (user.AwaitingRole)
            return Refuse(anonymous, user.Email, SignOnRefusal.NoRole, "The account has no role", user);

        audit.Append(Actor.User(user.Email, user.DisplayName, user.Role), "signin.succeeded", UserService.EntityType, user.Email,
            $"Signed in by {via} (issuer {signIn.Issuer}) from {client}");
        return new SignOnOutcome(user, null, "");

        Result<SignOnOutcome> Refuse(Actor actor, string entity, SignOnRefusal refusal, string detail, User? known = null)
        {
            audit.Append(actor, "signin.failed", UserService.EntityType, User.Normalise(entity), $"Single sign-on at {policy.ProviderName} refused: {detail}");
            return new SignOnOutcome(known, refusal, detail);
        }
    }

    /// <summary>The pre-created user this first sign-on belongs to, bound to (issuer, subject); null when none matches.</summary>
    private static User? Link(ExternalSignIn signIn, SingleSignOnPolicy policy, IReadOnlyList<User> all, DateTime now, out (SignOnRefusal Refusal, string Detail)? refusal)
    {
        refusal = null;
        User? candidate;
        if (policy.Matching == AccountMatching.EntraObjectId)
        {
            candidate = signIn.TenantId is { } tid && signIn.ObjectId is { } oid && (policy.TenantId is null || Same(policy.TenantId, tid))
                ? all.FirstOrDefault(u => u.ExpectedEntraAccount is { } e && Same(e.TenantId, tid) && Same(e.ObjectId, oid))
                : null;
        }
        else
        {
            candidate = signIn.Email is { } email ? all.FirstOrDefault(u => u.Email == User.Normalise(email)) : null;
            if (candidate is not null && !signIn.EmailVerified)
            {
                refusal = (SignOnRefusal.AccountNotLinkable, $"The provider has not verified {candidate.Email}; accounts are linked by verified e-mail only");
                return null;
            }
        }
        if (candidate is null) return null;
        if (candidate.External is not null)
        {
            // Linked once: a second provider account (or an e-mail changed at the provider) cannot take it over.
            refusal = (SignOnRefusal.AccountNotLinkable, $"{candidate.Email} is already bound to another identity-provider account");
            return null;
        }
        return candidate with { External = new ExternalIdentity { Issuer = signIn.Issuer, Subject = signIn.Subject, BoundAt = now } };
    }

    private User? Create(ExternalSignIn signIn, SingleSignOnPolicy policy, IReadOnlyList<User> all, DateTime now, out (SignOnRefusal Refusal, string Detail)? refusal)
    {
        refusal = null;
        if (settings.Get().Provisioning == Provisioning.PreCreated)
        {
            refusal = (SignOnRefusal.UnknownUser, $"No dashboard account for {signIn.Email ?? signIn.Subject} and the store requires users to be created first");
            return null;
        }
        if (signIn.Email is not { } email || !MailAddress.TryCreate(User.Normalise(email), out _))
        {
            refusal = (SignOnRefusal.NoEmail, "The provider sent no e-mail address to create an account with");
            return null;
        }
        var normalised = User.Normalise(email);
        if (all.Any(u => u.Email == normalised))
        {
            refusal = (SignOnRefusal.AccountNotLinkable, $"{normalised} belongs to an account that cannot be linked");
            return null;
        }
        return new User
        {
            Id = normalised,
            Email = normalised,
            DisplayName = string.IsNullOrWhiteSpace(signIn.DisplayName) ? normalised : signIn.DisplayName.Trim(),
            Role = Role.Auditor,
            AwaitingRole = true,
            SecurityStamp = UserService.NewStamp(),
            CreatedAt = now,
            External = new ExternalIdentity { Issuer = signIn.Issuer, Subject = signIn.Subject, BoundAt = now },
        };
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string RoleName(User user) => user.AwaitingRole ? "no role" : user.Role.DisplayName();

    public static string Describe(Provisioning provisioning) => provisioning switch
    {
        Provisioning.PreCreated => "users must be created first",
        Provisioning.CreatedAtFirstSignIn => "users are created at first sign-in without a role",
        _ => provisioning.ToString(),
    };
}
