using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>What a right password leads to: a session at once, or first a code, or first enrolling an authenticator app.</summary>
public enum NextSignInStep
{
    Done,
    Code,
    Enrol,
}

/// <summary>The outcome of a right password: the user and what they must do before they get a session.</summary>
public sealed record PasswordAccepted(User User, NextSignInStep Next);

/// <summary>A completed enrolment at sign-in: the signed-in user and their recovery codes, shown once.</summary>
public sealed record EnrolledSignIn(User User, IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// Checks credentials (password, then an authenticator or recovery code where the user has or needs one), counts
/// failures of either and locks an account after too many. Failures and locks are stored counters
/// (<see cref="ISecurityCounters"/>), not fields of the user, so failures on several instances at once all count and
/// never conflict with each other or with an administrator's change to the user.
/// </summary>
public sealed class SignInService(
    IUserRepository users, IAuditLog audit, IUnitOfWork store, IStoreInfo storeInfo, PasswordPolicy passwords,
    Authenticator authenticator, MfaPolicy mfa, ISecurityCounters counters, TimeProvider clock)
{
    public const int MaxFailures = 5;

    /// <summary>The window failures are counted in (from the first failure), and how long a lock lasts.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public const string GenericFailure = "Sign-in failed: the e-mail address or password is wrong, or the account is locked or disabled.";
    public const string CodeFailure = "Sign-in failed: the code is wrong or was already used, or the account is locked or disabled.";

    /// <summary>
    /// The user and their next step when the password is right and the account may sign in; a generic failure
    /// otherwise. A user who must still give a code keeps their failure count until the code is right, so a known
    /// password cannot be used to reset the count between guesses of codes.
    /// </summary>
    public Result<PasswordAccepted> SignIn(string email, string password, string client)
    {
        var normalised = User.Normalise(email);
        var user = users.Find(normalised);
        var now = clock.UtcNowMs();
        // Verify even for unknown users so timing does not reveal which addresses exist.
        var passwordOk = passwords.Verify(user?.PasswordHash ?? DummyHash.Value, password);

        // A refused sign-in must still commit its audit entry and failure count, so the transaction succeeds
        // with the refusal as its value; returning a failure from Write would roll both back.
        var outcome = store.Write<Result<PasswordAccepted>>(() =>
        {
            var actor = Actor.Anonymous(client);
            if (Refusal(users.Find(normalised), normalised, actor, now) is not null) return Refused<PasswordAccepted>(GenericFailure);
            var current = users.Find(normalised)!;
            if (!passwordOk)
            {
                CountFailure(normalised, now, actor, "signin.failed", "Wrong password");
                return Refused<PasswordAccepted>(GenericFailure);
            }

            var next = current.UsesMfa() ? NextSignInStep.Code
                : mfa.Requires(current.Role, storeInfo.Info.Mode) ? NextSignInStep.Enrol
                : NextSignInStep.Done;
            if (next == NextSignInStep.Code)
                return Pass(new PasswordAccepted(current, next));
            if (next == NextSignInStep.Enrol)
            {
                if (current.Totp is not null) return Pass(new PasswordAccepted(current, next));
                var started = users.Save(current with { Totp = authenticator.Start() });
                if (!started.Succeeded) return started.Failure!;
                audit.Append(Actor.User(current.Email, current.DisplayName, current.Role), "mfa.enrolment-started", UserService.EntityType, normalised,
                    $"Password accepted; {current.Role.DisplayName()} must enrol an authenticator app before signing in");
                return Pass(new PasswordAccepted(started.Value, next));
            }
            counters.Reset(FailuresKey(normalised));
            audit.Append(ActorOf(current), "signin.succeeded", UserService.EntityType, normalised, $"Signed in from {client} with a password; no MFA");
            return Pass(new PasswordAccepted(current, NextSignInStep.Done));
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;
    }

    /// <summary>Second step for an enrolled user: an authenticator code, or one of their recovery codes (used up by this).</summary>
    public Result<User> SignInWithCode(string email, string stamp, string code, string client) =>
        Second<User>(email, stamp, client, current =>
        {
            if (!current.UsesMfa()) return Failure.Unauthorized(CodeFailure);
            if (authenticator.Accept(current.Totp!, code) is not var (accepted, used))
            {
                CountFailure(current.Email, clock.UtcNowMs(), Actor.Anonymous(client), "signin.failed", "Wrong or reused authenticator or recovery code");
                return Failure.Unauthorized(CodeFailure);
            }
            var saved = users.Save(current with { Totp = accepted });
            if (!saved.Succeeded) return saved.Failure!;
            counters.Reset(FailuresKey(current.Email));
            audit.Append(ActorOf(current), "signin.succeeded", UserService.EntityType, current.Email,
                $"Signed in from {client} with a password and {Describe(used, accepted)}");
            return saved.Value;
        });

    /// <summary>Second step for a user who must enrol: the first code from the new authenticator app confirms it.</summary>
    public Result<EnrolledSignIn> SignInByEnrolling(string email, string stamp, string code, string client) =>
        Second<EnrolledSignIn>(email, stamp, client, current =>
        {
            if (current.Totp is not { ConfirmedAt: null } pending) return Failure.Unauthorized(CodeFailure);
            if (authenticator.Accept(pending, code) is not var (accepted, _))
            {
                CountFailure(current.Email, clock.UtcNowMs(), Actor.Anonymous(client), "mfa.enrolment-failed", "Wrong code from the new authenticator app");
                return Failure.Unauthorized(CodeFailure);
            }
            var (confirmed, recoveryCodes) = authenticator.Confirm(accepted);
            var saved = users.Save(current with { Totp = confirmed });
            if (!saved.Succeeded) return saved.Failure!;
            counters.Reset(FailuresKey(current.Email));
            var actor = ActorOf(current);
            audit.Append(actor, "mfa.enrolled", UserService.EntityType, current.Email,
                $"Authenticator app enrolled; {Authenticator.RecoveryCodeCount} recovery codes issued");
            audit.Append(actor, "signin.succeeded", UserService.EntityType, current.Email, $"Signed in from {client} with a password and an authenticator code (first use)");
            return new EnrolledSignIn(saved.Value, recoveryCodes);
        });

    /// <summary>
    /// Checks a code given to re-authenticate a sign-off. A wrong code is audited and counts toward lockout like a
    /// failed sign-in, so a session alone cannot be used to guess codes.
    /// </summary>
    public Result<SecondFactor> VerifyStepUpCode(User user, string? code, string entityType, string entityId)
    {
        var outcome = store.Write<Result<SecondFactor>>(() =>
        {
            var current = users.Find(user.Email);
            if (current is not { Disabled: false } || !current.UsesMfa()) return Failure.Unauthorized("Your account cannot sign off now. Nothing was approved.");
            var actor = ActorOf(current);
            var now = clock.UtcNowMs();
            if (LockedUntil(current.Email, now) is { } lockedUntil)
            {
                audit.Append(actor, "stepup.failed", entityType, entityId, $"Account locked until {CanonicalJson.Time(lockedUntil)}; nothing was approved");
                return Refused<SecondFactor>(StepUpCodeFailure);
            }
            if (authenticator.Accept(current.Totp!, code) is not var (accepted, used))
            {
                CountFailure(current.Email, now, actor, "stepup.failed", "Wrong or reused authenticator or recovery code at sign-off", entityType, entityId);
                return Refused<SecondFactor>(StepUpCodeFailure);
            }
            var saved = users.Save(current with { Totp = accepted });
            if (!saved.Succeeded) return saved.Failure!;
            counters.Reset(FailuresKey(current.Email));
            return Result<Result<SecondFactor>>.Ok(used);
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;
    }

    public const string StepUpCodeFailure = "The code from your authenticator app (or recovery code) is wrong or was already used. Nothing was approved.";

    /// <summary>When the account's lock ends, or null when it is not locked.</summary>
    public DateTime? LockedUntil(string email) => LockedUntil(User.Normalise(email), clock.UtcNowMs());

    /// <summary>The failed sign-ins and codes counted in the account's current window.</summary>
    public int RecentFailures(string email) => counters.Current(FailuresKey(User.Normalise(email)), clock.UtcNowMs())?.Count ?? 0;

    /// <summary>Lifts a lock and forgets counted failures (an administrator enabled the account or reset its password); joins the caller's write.</summary>
    internal static void ClearLockout(ISecurityCounters counters, string normalisedEmail)
    {
        counters.Reset(FailuresKey(normalisedEmail));
        counters.Reset(LockKey(normalisedEmail));
    }

    public void RecordSignOut(User user)
    {
        store.Write(() =>
        {
            audit.Append(ActorOf(user), "signout", UserService.EntityType, user.Email, "Signed out");
            return Result<Done>.Ok(Done.Value);
        });
    }

    /// <summary>Whether a session started with <paramref name="stamp"/> may go on.</summary>
    public User? ActiveUser(string email, string stamp)
    {
        var user = users.Find(User.Normalise(email));
        return user is { Disabled: false, AwaitingRole: false } && user.SecurityStamp == stamp ? user : null;
    }

    /// <summary>The pending enrolment of a user between the password and their first code (for the QR code and key).</summary>
    public (string Key, string KeyUri)? PendingEnrolment(string email, string stamp) =>
        ActiveUser(email, stamp) is { Totp: { ConfirmedAt: null } pending } user
            ? (authenticator.Key(pending), authenticator.KeyUri(user.Email, pending))
            : null;

    private Result<T> Second<T>(string email, string stamp, string client, Func<User, Result<T>> check)
    {
        var normalised = User.Normalise(email);
        var outcome = store.Write<Result<T>>(() =>
        {
            var current = users.Find(normalised);
            var now = clock.UtcNowMs();
            if (Refusal(current, normalised, Actor.Anonymous(client), now) is not null) return Refused<T>(CodeFailure);
            if (current!.SecurityStamp != stamp)
            {
                audit.Append(Actor.Anonymous(client), "signin.failed", UserService.EntityType, normalised, "Access changed between the password and the code");
                return Refused<T>(CodeFailure);
            }
            var checkedResult = check(current);
            // A wrong code must commit its failure count and audit entry: the refusal travels as the value.
            return checkedResult.Succeeded || checkedResult.Failure!.Kind == FailureKind.Unauthorized
                ? Result<Result<T>>.Ok(checkedResult)
                : checkedResult.Failure!;
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;
    }

    /// <summary>Why an account may not sign in at all now (unknown, disabled, locked), audited; null when it may.</summary>
    private string? Refusal(User? current, string normalised, Actor actor, DateTime now)
    {
        var reason = current is null ? "Unknown e-mail address"
            : current.Disabled ? "Account disabled"
            : LockedUntil(normalised, now) is { } lockedUntil ? $"Account locked until {CanonicalJson.Time(lockedUntil)}"
            : null;
        if (reason is not null) audit.Append(actor, "signin.failed", UserService.EntityType, normalised, reason);
        return reason;
    }

    /// <summary>
    /// Counts a failed password or code in the account's window (fixed, from the first failure) and locks the account
    /// at the limit, audited. Joins the caller's write.
    /// </summary>
    private void CountFailure(string normalised, DateTime now, Actor actor, string action, string what, string entityType = UserService.EntityType, string? entityId = null)
    {
        var failures = counters.Increment(FailuresKey(normalised), now, FailureWindow).Count;
        var locked = failures >= MaxFailures;
        if (locked)
        {
            counters.Increment(LockKey(normalised), now, FailureWindow);
            counters.Reset(FailuresKey(normalised));
        }
        audit.Append(actor, action, entityType, entityId ?? normalised,
            locked ? $"{what}; account locked for {FailureWindow.TotalMinutes:0} minutes after {MaxFailures} failures" : $"{what} ({failures} of {MaxFailures})");
    }

    private DateTime? LockedUntil(string normalised, DateTime now) => counters.Current(LockKey(normalised), now)?.Ends;

    private static string FailuresKey(string normalisedEmail) => $"signin.failures:{normalisedEmail}";
    private static string LockKey(string normalisedEmail) => $"signin.lock:{normalisedEmail}";

    private static Actor ActorOf(User user) => Actor.User(user.Email, user.DisplayName, user.Role);

    private static string Describe(SecondFactor used, TotpEnrolment after) => used == SecondFactor.RecoveryCode
        ? $"a recovery code ({after.RecoveryCodeHashes.Length} left)"
        : "an authenticator code";

    /// <summary>A refusal that commits (its audit entry and failure count) and is handed to the caller as the value.</summary>
    private static Result<Result<T>> Refused<T>(string message) => Result<Result<T>>.Ok(Failure.Unauthorized(message));

    private static Result<Result<PasswordAccepted>> Pass(PasswordAccepted accepted) => Result<Result<PasswordAccepted>>.Ok(accepted);

    private sealed class DummyHash
    {
        public static readonly string Value = new PasswordPolicy().Hash(Guid.NewGuid().ToString());
    }
}
