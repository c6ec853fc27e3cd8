using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>Checks credentials, counts failures and locks an account after too many.</summary>
public sealed class SignInService(IUserRepository users, IAuditLog audit, IUnitOfWork store, PasswordPolicy passwords, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public const string GenericFailure = "Sign-in failed: the e-mail address or password is wrong, or the account is locked or disabled.";

    /// <summary>The user when the credentials are right and the account may sign in; a generic failure otherwise.</summary>
    public Result<User> SignIn(string email, string password, string client)
    {
        var normalised = User.Normalise(email);
        var user = users.Find(normalised);
        var now = clock.UtcNowMs();
        // Verify even for unknown users so timing does not reveal which addresses exist.
        var passwordOk = passwords.Verify(user?.PasswordHash ?? DummyHash.Value, password);

        // A refused sign-in must still commit its audit entry and failure count, so the transaction succeeds
        // with the refusal as its value; returning a failure from Write would roll both back.
        var outcome = store.Write<Result<User>>(() =>
        {
            var current = users.Find(normalised);
            var actor = Actor.Anonymous(client);
            if (current is null)
            {
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised, "Unknown e-mail address");
                return Refused();
            }
            if (current.Disabled)
            {
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised, "Account disabled");
                return Refused();
            }
            if (current.LockedUntil > now)
            {
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised, $"Account locked until {CanonicalJson.Time(current.LockedUntil.Value)}");
                return Refused();
            }
            if (!passwordOk)
            {
                var failures = current.RecentFailures.Where(t => now - t < FailureWindow).Append(now).ToArray();
                var locked = failures.Length >= MaxFailures;
                var saved = users.Save(current with { RecentFailures = locked ? [] : failures, LockedUntil = locked ? now + FailureWindow : current.LockedUntil });
                if (!saved.Succeeded) return saved.Failure!;
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised,
                    locked ? $"Wrong password; account locked for {FailureWindow.TotalMinutes:0} minutes after {MaxFailures} failures" : $"Wrong password ({failures.Length} of {MaxFailures})");
                return Refused();
            }
            var signedIn = current.RecentFailures.Length > 0 || current.LockedUntil is not null
                ? users.Save(current with { RecentFailures = [], LockedUntil = null })
                : current;
            if (!signedIn.Succeeded) return signedIn.Failure!;
            audit.Append(Actor.User(current.Email, current.DisplayName, current.Role), "signin.succeeded", UserService.EntityType, normalised, $"Signed in from {client}");
            return signedIn;
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;

        static Result<Result<User>> Refused() => Result<Result<User>>.Ok(Failure.Unauthorized(GenericFailure));
    }

    public void RecordSignOut(User user)
    {
        store.Write(() =>
        {
            audit.Append(Actor.User(user.Email, user.DisplayName, user.Role), "signout", UserService.EntityType, user.Email, "Signed out");
            return Result<Done>.Ok(Done.Value);
        });
    }

    /// <summary>Whether a session started with <paramref name="stamp"/> may go on.</summary>
    public User? ActiveUser(string email, string stamp)
    {
        var user = users.Find(User.Normalise(email));
        return user is { Disabled: false, AwaitingRole: false } && user.SecurityStamp == stamp ? user : null;
    }

    private sealed class DummyHash
    {
        public static readonly string Value = new PasswordPolicy().Hash(Guid.NewGuid().ToString());
    }
}
