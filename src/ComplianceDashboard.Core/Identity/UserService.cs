using System.Net.Mail;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>Managing who may sign in and with which role.</summary>
public sealed class UserService(IUserRepository users, IAuditLog audit, IUnitOfWork store, PasswordPolicy passwords, ISecurityCounters counters, TimeProvider clock)
{
    public const string EntityType = "User";

    public IReadOnlyList<User> All() => users.All().OrderBy(u => u.Email, StringComparer.Ordinal).ToList();

    public User? Find(string email) => users.Find(User.Normalise(email));

    public Result<User> Add(Actor actor, string email, string displayName, Role role, string password)
    {
        if (actor.Require(Permission.ManageUsers) is { } denied) return denied;
        var normalised = User.Normalise(email);
        var errors = new List<string>();
        if (!MailAddress.TryCreate(normalised, out _)) errors.Add($"'{email}' is not an e-mail address.");
        if (string.IsNullOrWhiteSpace(displayName)) errors.Add("A display name is required.");
        if (PasswordPolicy.Weakness(password) is { } weak) errors.Add(weak);
        if (errors.Count > 0) return Failure.Validation("The user could not be added.", errors);

        var hash = passwords.Hash(password);
        return store.Write(() =>
        {
            if (users.Find(normalised) is not null)
                return Failure.Conflict($"A user with e-mail {normalised} already exists.");
            var user = new User
            {
                Id = normalised,
                Email = normalised,
                DisplayName = displayName.Trim(),
                Role = role,
                PasswordHash = hash,
                SecurityStamp = NewStamp(),
                CreatedAt = clock.UtcNowMs(),
            };
            var saved = users.Save(user);
            if (saved.Succeeded)
                audit.Append(actor, "user.created", EntityType, normalised, $"Added {user.DisplayName} as {role.DisplayName()}");
            return saved;
        });
    }

    public Result<User> ChangeRole(Actor actor, string email, Role role) =>
        Change(actor, email, "user.role-changed", u => u.Role == role && !u.AwaitingRole ? null
            : (u with { Role = role, AwaitingRole = false, SecurityStamp = NewStamp() }, $"Role {(u.AwaitingRole ? "none" : u.Role.DisplayName())} → {role.DisplayName()}"));

    public Result<User> Disable(Actor actor, string email) =>
        Change(actor, email, "user.disabled", u => u.Disabled ? null : (u with { Disabled = true, SecurityStamp = NewStamp() }, "Disabled; open sessions end within 15 seconds"));

    public Result<User> Enable(Actor actor, string email) =>
        Change(actor, email, "user.enabled", u => !u.Disabled ? null : (u with { Disabled = false, SecurityStamp = NewStamp() }, "Enabled"), clearsLockout: true);

    public Result<User> ResetPassword(Actor actor, string email, string password)
    {
        if (PasswordPolicy.Weakness(password) is { } weak) return Failure.Validation(weak);
        var hash = passwords.Hash(password);
        return Change(actor, email, "user.password-reset", u => (u with { PasswordHash = hash, SecurityStamp = NewStamp() }, "Password reset"), clearsLockout: true);
    }

    /// <summary>
    /// Removes a user's authenticator app and recovery codes (a lost phone); they enrol again at their next sign-in
    /// where their role requires MFA. Their open sessions end, and a sign-in lock (often the wrong codes tried before
    /// the phone was declared lost) is lifted with the counted failures, as when an admin resets a password.
    /// </summary>
    public Result<User> ResetMfa(Actor actor, string email) =>
        Change(actor, email, "user.mfa-reset", u => u.Totp is null ? null
            : (u with { Totp = null, SecurityStamp = NewStamp() },
                "Authenticator app and recovery codes removed; open sessions end; any sign-in lock lifted; enrolment at the next sign-in where the role requires MFA"),
            clearsLockout: true);

    /// <summary>Ends every open session of a user (cookie and circuits) without changing their access.</summary>
    public Result<User> EndSessions(Actor actor, string email) =>
        Change(actor, email, "user.sessions-ended", u => (u with { SecurityStamp = NewStamp() }, "All open sessions ended"));

    /// <param name="clearsLockout">True when the change also lifts a sign-in lock and forgets counted failures (enabling, a password or MFA reset).</param>
    private Result<User> Change(Actor actor, string email, string action, Func<User, (User Changed, string Summary)?> change, bool clearsLockout = false)
    {
        if (actor.Require(Permission.ManageUsers) is { } denied) return denied;
        var normalised = User.Normalise(email);
        return store.Write(() =>
        {
            var user = users.Find(normalised);
            if (user is null) return Failure.NotFound($"There is no user with e-mail {normalised}.");
            if (change(user) is not var (changed, summary)) return user;
            var saved = users.Save(changed);
            if (!saved.Succeeded) return saved;
            if (clearsLockout) SignInService.ClearLockout(counters, normalised);
            audit.Append(actor, action, EntityType, normalised, summary);
            return saved;
        });
    }

    internal static string NewStamp() => Guid.NewGuid().ToString("N");
}
