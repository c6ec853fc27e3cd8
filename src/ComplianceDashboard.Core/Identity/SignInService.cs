using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>
/// Checks credentials, counts failures and locks an account after too many. Failures and locks are stored counters
/// (<see cref="ISecurityCounters"/>), not fields of the user, so failures on several instances at once all count and
/// never conflict with each other or with an administrator's change to the user.
/// </summary>
public sealed class SignInService(IUserRepository users, IAuditLog audit, IUnitOfWork store, PasswordPolicy passwords, ISecurityCounters counters, TimeProvider clock)
{
    public const int MaxFailures = 5;

    /// <summary>The window failures are counted in (from the first failure), and how long a lock lasts.</summary>
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
            if (LockedUntil(normalised, now) is { } lockedUntil)
            {
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised, $"Account locked until {CanonicalJson.Time(lockedUntil)}");
                return Refused();
            }
            if (!passwordOk)
            {
                var failures = counters.Increment(FailuresKey(normalised), now, FailureWindow).Count;
                var locked = failures >= MaxFailures;
                if (locked)
                {
                    counters.Increment(LockKey(normalised), now, FailureWindow);
                    counters.Reset(FailuresKey(normalised));
                }
                audit.Append(actor, "signin.failed", UserService.EntityType, normalised,
                    locked ? $"Wrong password; account locked for {FailureWindow.TotalMinutes:0} minutes after {MaxFailures} failures" : $"Wrong password ({failures} of {MaxFailures})");
                return Refused();
            }
            counters.Reset(FailuresKey(normalised));
            audit.Append(Actor.User(current.Email, current.DisplayName, current.Role), "signin.succeeded", UserService.EntityType, normalised, $"Signed in from {client}");
            return Result<Result<User>>.Ok(current);
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;

        static Result<Result<User>> Refused() => Result<Result<User>>.Ok(Failure.Unauthorized(GenericFailure));
    }

    /// <summary>When the account's lock ends, or null when it is not locked.</summary>
    public DateTime? LockedUntil(string email) => LockedUntil(User.Normalise(email), clock.UtcNowMs());

    /// <summary>The failed sign-ins counted in the account's current window.</summary>
    public int RecentFailures(string email) => counters.Current(FailuresKey(User.Normalise(email)), clock.UtcNowMs())?.Count ?? 0;

    /// <summary>Lifts a lock and forgets counted failures (an administrator enabled the account or reset its password); joins the caller's write.</summary>
    internal static void ClearLockout(ISecurityCounters counters, string normalisedEmail)
    {
        counters.Reset(FailuresKey(normalisedEmail));
        counters.Reset(LockKey(normalisedEmail));
    }

    private DateTime? LockedUntil(string normalised, DateTime now) => counters.Current(LockKey(normalised), now)?.Ends;

    private static string FailuresKey(string normalisedEmail) => $"signin.failures:{normalisedEmail}";
    private static string LockKey(string normalisedEmail) => $"signin.lock:{normalisedEmail}";

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
