using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using OtpNet;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

/// <summary>Authenticator apps (TOTP) and recovery codes at sign-in and at sign-off, on a real store with a fixed clock.</summary>
public abstract class MfaTests : IDisposable
{
    private const string Email = "lena@example.org";
    private const string Password = "a long enough password";
    private const string Client = "192.0.2.20";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private readonly TestStore _store;

    protected MfaTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        _store.Get<UserService>().Add(Actor.System, Email, "Lena Legal", Role.LegalReviewer, Password);
    }

    public void Dispose() => _store.Dispose();

    private SignInService SignIns => _store.Get<SignInService>();
    private User Stored => _store.Get<IUserRepository>().Find(Email)!;
    private IReadOnlyList<AuditEntry> AuditLog => _store.Get<IAuditLog>().ReadAll().ToList();

    /// <summary>Signs in with the password (starting the enrolment) and returns the key the person types into their app.</summary>
    private string StartEnrolment()
    {
        var accepted = SignIns.SignIn(Email, Password, Client);
        Assert.Equal(NextSignInStep.Enrol, accepted.Value.Next);
        return SignIns.PendingEnrolment(Email, Stored.SecurityStamp)!.Value.Key;
    }

    private string CodeAt(string key, TimeSpan offset) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp((_store.Clock.Now + offset).UtcDateTime);

    /// <summary>An enrolled user: returns the key and the recovery codes; the clock is moved past the enrolling code's step.</summary>
    private (string Key, IReadOnlyList<string> RecoveryCodes) Enrolled()
    {
        var key = StartEnrolment();
        var enrolled = SignIns.SignInByEnrolling(Email, Stored.SecurityStamp, CodeAt(key, TimeSpan.Zero), Client);
        _store.Clock.Advance(Step);
        return (key, enrolled.Value.RecoveryCodes);
    }

    [Fact]
    public void ALegalReviewerOnARealStore_MustEnrol_AndGetsNoSessionUntilTheFirstCodeConfirms()
    {
        var key = StartEnrolment();

        Assert.False(Stored.UsesMfa());
        Assert.Null(Stored.Totp!.ConfirmedAt);
        Assert.Equal("mfa.enrolment-started", AuditLog[^1].Action);
        Assert.DoesNotContain(AuditLog, e => e.Action == "signin.succeeded");
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.StartsWith($"otpauth://totp/ComplianceDashboard%3A{Uri.EscapeDataString(Email)}?secret={key}&issuer=ComplianceDashboard", SignIns.PendingEnrolment(Email, Stored.SecurityStamp)!.Value.KeyUri);
    }

    [Fact]
    public void Enrolling_WithTheRightCode_ConfirmsTheAppAndIssuesTenDifferentRecoveryCodesStoredOnlyAsHashes()
    {
        var key = StartEnrolment();

        var enrolled = SignIns.SignInByEnrolling(Email, Stored.SecurityStamp, CodeAt(key, TimeSpan.Zero), Client);

        Assert.True(enrolled.Succeeded);
        Assert.True(Stored.UsesMfa());
        Assert.Equal(10, enrolled.Value.RecoveryCodes.Distinct().Count());
        Assert.All(enrolled.Value.RecoveryCodes, c => Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", c));
        Assert.Equal(10, Stored.Totp!.RecoveryCodeHashes.Length);
        Assert.DoesNotContain(Stored.Totp.RecoveryCodeHashes, h => enrolled.Value.RecoveryCodes.Any(c => h.Contains(c.Replace("-", ""), StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(key, Stored.Totp.ProtectedSecret);
        Assert.Equal(["mfa.enrolled", "signin.succeeded"], AuditLog.TakeLast(2).Select(e => e.Action));
    }

    [Fact]
    public void AWrongCode_IsRefused_CountedTowardLockout_AndAudited()
    {
        var (key, _) = Enrolled();
        Assert.Equal(NextSignInStep.Code, SignIns.SignIn(Email, Password, Client).Value.Next);
        var right = CodeAt(key, TimeSpan.Zero);
        var wrong = right == "000000" ? "000001" : "000000";

        var result = SignIns.SignInWithCode(Email, Stored.SecurityStamp, wrong, Client);

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal(SignInService.CodeFailure, result.Failure.Message);
        Assert.Equal(1, SignIns.RecentFailures(Email));
        Assert.Equal("signin.failed", AuditLog[^1].Action);
        Assert.Equal("Wrong or reused authenticator or recovery code (1 of 5)", AuditLog[^1].Summary);
    }

    [Fact]
    public void ACodeAlreadyAccepted_IsRefusedTheSecondTime_EvenWithinItsThirtySeconds()
    {
        var (key, _) = Enrolled();
        var code = CodeAt(key, TimeSpan.Zero);

        var first = SignIns.SignInWithCode(Email, Stored.SecurityStamp, code, Client);
        var replayed = SignIns.SignInWithCode(Email, Stored.SecurityStamp, code, Client);

        Assert.True(first.Succeeded);
        Assert.Equal(FailureKind.Unauthorized, replayed.Failure!.Kind);
        Assert.Equal("Signed in from 192.0.2.20 with a password and an authenticator code", AuditLog.Last(e => e.Action == "signin.succeeded").Summary);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void ACodeOneTimeStepEarlyOrLate_IsAccepted(int steps)
    {
        var (key, _) = Enrolled();
        _store.Clock.Advance(Step * 2); // beyond the enrolling code's step, so only drift is tested

        Assert.True(SignIns.SignInWithCode(Email, Stored.SecurityStamp, CodeAt(key, Step * steps), Client).Succeeded);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void ACodeTwoTimeStepsEarlyOrLate_IsRefused(int steps)
    {
        var (key, _) = Enrolled();
        _store.Clock.Advance(Step * 3);

        Assert.Equal(FailureKind.Unauthorized, SignIns.SignInWithCode(Email, Stored.SecurityStamp, CodeAt(key, Step * steps), Client).Failure!.Kind);
    }

    [Fact]
    public void ARecoveryCode_SignsInOnce_AndIsRefusedTheSecondTime()
    {
        var (_, recovery) = Enrolled();

        var first = SignIns.SignInWithCode(Email, Stored.SecurityStamp, recovery[3].ToLowerInvariant().Replace("-", " "), Client);
        var second = SignIns.SignInWithCode(Email, Stored.SecurityStamp, recovery[3], Client);

        Assert.True(first.Succeeded);
        Assert.Equal(FailureKind.Unauthorized, second.Failure!.Kind);
        Assert.Equal(9, Stored.Totp!.RecoveryCodeHashes.Length);
        Assert.Contains(AuditLog, e => e.Summary == "Signed in from 192.0.2.20 with a password and a recovery code (9 left)");
    }

    [Fact]
    public void FiveWrongCodes_LockTheAccount_AndTheRightCodeIsRefusedWhileLocked()
    {
        var (key, _) = Enrolled();
        for (var i = 0; i < SignInService.MaxFailures; i++)
            Assert.False(SignIns.SignInWithCode(Email, Stored.SecurityStamp, "not-a-code", Client).Succeeded);

        var whileLocked = SignIns.SignInWithCode(Email, Stored.SecurityStamp, CodeAt(key, TimeSpan.Zero), Client);
        var passwordWhileLocked = SignIns.SignIn(Email, Password, Client);

        Assert.Equal(_store.Clock.Now.UtcDateTime + SignInService.FailureWindow, SignIns.LockedUntil(Email));
        Assert.Equal(FailureKind.Unauthorized, whileLocked.Failure!.Kind);
        Assert.Equal(FailureKind.Unauthorized, passwordWhileLocked.Failure!.Kind);
        Assert.Contains(AuditLog, e => e.Summary == "Wrong or reused authenticator or recovery code; account locked for 15 minutes after 5 failures");
    }

    [Fact]
    public void ARightPassword_DoesNotResetTheCountOfWrongCodes()
    {
        Enrolled();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(SignIns.SignIn(Email, Password, Client).Succeeded);
            Assert.False(SignIns.SignInWithCode(Email, Stored.SecurityStamp, "123", Client).Succeeded);
        }

        Assert.Equal(3, SignIns.RecentFailures(Email));
    }

    [Fact]
    public void AWrongCodeWhileEnrolling_IsCountedTowardLockout_AndAudited()
    {
        StartEnrolment();

        var result = SignIns.SignInByEnrolling(Email, Stored.SecurityStamp, "not-a-code", Client);

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal(1, SignIns.RecentFailures(Email));
        Assert.Equal("mfa.enrolment-failed", AuditLog[^1].Action);
        Assert.Equal("Wrong code from the new authenticator app (1 of 5)", AuditLog[^1].Summary);
    }

    [Fact]
    public void TheRightCodeAfterWrongOnes_ResetsTheCount()
    {
        var (key, _) = Enrolled();
        Assert.True(SignIns.SignIn(Email, Password, Client).Succeeded);
        for (var i = 0; i < 3; i++)
            Assert.False(SignIns.SignInWithCode(Email, Stored.SecurityStamp, "123", Client).Succeeded);
        Assert.Equal(3, SignIns.RecentFailures(Email));

        Assert.True(SignIns.SignInWithCode(Email, Stored.SecurityStamp, CodeAt(key, TimeSpan.Zero), Client).Succeeded);

        Assert.Equal(0, SignIns.RecentFailures(Email));
        Assert.Null(SignIns.LockedUntil(Email));
    }

    [Fact]
    public void ACodeStep_IsRefused_WhenTheUsersAccessChangedAfterThePassword()
    {
        var (key, _) = Enrolled();
        var stamp = Stored.SecurityStamp;
        _store.Get<UserService>().EndSessions(Actor.System, Email);

        Assert.Equal(FailureKind.Unauthorized, SignIns.SignInWithCode(Email, stamp, CodeAt(key, TimeSpan.Zero), Client).Failure!.Kind);
        Assert.Equal("Access changed between the password and the code", AuditLog[^1].Summary);
    }

    [Fact]
    public void ResetMfa_RemovesTheApp_EndsSessions_IsAudited_AndTheNextSignInEnrolsAgain()
    {
        Enrolled();
        var stamp = Stored.SecurityStamp;

        var reset = _store.Get<UserService>().ResetMfa(Actor.System, Email);

        Assert.True(reset.Succeeded);
        Assert.Null(Stored.Totp);
        Assert.Null(SignIns.ActiveUser(Email, stamp));
        Assert.Equal("user.mfa-reset", AuditLog[^1].Action);
        Assert.Equal(NextSignInStep.Enrol, SignIns.SignIn(Email, Password, Client).Value.Next);
    }

    [Fact]
    public void ResetMfa_LiftsTheSignInLock_SoAPersonLockedOutByWrongCodesCanEnrolAgainAtOnce()
    {
        Enrolled();
        Assert.True(SignIns.SignIn(Email, Password, Client).Succeeded);
        for (var i = 0; i < SignInService.MaxFailures; i++)
            Assert.False(SignIns.SignInWithCode(Email, Stored.SecurityStamp, "not-a-code", Client).Succeeded);
        Assert.NotNull(SignIns.LockedUntil(Email));

        var reset = _store.Get<UserService>().ResetMfa(Actor.System, Email);

        Assert.True(reset.Succeeded);
        Assert.Null(SignIns.LockedUntil(Email));
        Assert.Equal(0, SignIns.RecentFailures(Email));
        Assert.Contains("any sign-in lock lifted", AuditLog[^1].Summary);
        Assert.Equal(NextSignInStep.Enrol, SignIns.SignIn(Email, Password, Client).Value.Next);
    }

    [Fact]
    public void ResetMfa_IsRefused_ToSomeoneWhoMayNotManageUsers()
    {
        Enrolled();

        var refused = _store.Get<UserService>().ResetMfa(Actor.User("o@example.org", "O", Role.ComplianceOfficer), Email);

        Assert.Equal(FailureKind.Forbidden, refused.Failure!.Kind);
        Assert.True(Stored.UsesMfa());
    }

    [Fact]
    public void EndSessions_ChangesTheStamp_AndIsAudited()
    {
        var stamp = Stored.SecurityStamp;

        Assert.True(_store.Get<UserService>().EndSessions(Actor.System, Email).Succeeded);

        Assert.Null(SignIns.ActiveUser(Email, stamp));
        Assert.Equal("user.sessions-ended", AuditLog[^1].Action);
    }

    [Fact]
    public void ARoleOutsideThePolicy_SignsInWithThePasswordAlone()
    {
        _store.Get<UserService>().Add(Actor.System, "olivia@example.org", "Olivia", Role.ComplianceOfficer, Password);

        var result = SignIns.SignIn("olivia@example.org", Password, Client);

        Assert.Equal(NextSignInStep.Done, result.Value.Next);
        Assert.Equal("Signed in from 192.0.2.20 with a password; no MFA", AuditLog[^1].Summary);
    }

    [Fact]
    public void StepUp_ForAUserWithMfa_NeedsThePasswordAndAFreshCode()
    {
        var (key, recovery) = Enrolled();
        var stepUp = _store.Get<StepUp>();
        var code = CodeAt(key, TimeSpan.Zero);

        Result<CheckedReauthentication> Check(string password, string? code) =>
            stepUp.Check(Stored, SignOffProof.Local(password, code), SignOffAction.ApproveAssessment, "lia-1");

        var passwordOnly = Check(Password, null);
        var wrongPassword = Check("wrong", code);
        var both = Check(Password, code);
        var replayed = Check(Password, code);
        var failuresAfterTheReplay = SignIns.RecentFailures(Email);
        var withRecovery = Check(Password, recovery[0]);

        Assert.Equal(StepUp.CodeMissing, passwordOnly.Failure!.Message);
        Assert.Equal(StepUp.WrongPassword, wrongPassword.Failure!.Message);
        Assert.Equal(ReauthenticationMethod.PasswordAndAuthenticatorCode, both.Value.Local!.Method);
        Assert.Equal(SignInService.StepUpCodeFailure, replayed.Failure!.Message);
        Assert.Equal(ReauthenticationMethod.PasswordAndRecoveryCode, withRecovery.Value.Local!.Method);
        Assert.Contains(AuditLog, e => e is { Action: "stepup.failed", EntityType: "Assessment", EntityId: "lia-1" });
        Assert.Equal(1, failuresAfterTheReplay);
        Assert.Equal(0, SignIns.RecentFailures(Email));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : MfaTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : MfaTests(StoreProvider.Postgres);
}

/// <summary>MFA is never required on a demo store, so the demo accounts sign in with their password.</summary>
public sealed class DemoStoreMfaTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create(StoreProvider.LiteDb, demoMode: true);

    public void Dispose() => _store.Dispose();

    [Fact]
    public void ADemoLegalReviewer_SignsInWithThePasswordAlone()
    {
        _store.Get<UserService>().Add(Actor.System, "lena@example.org", "Lena", Role.LegalReviewer, "a long enough password");

        var result = _store.Get<SignInService>().SignIn("lena@example.org", "a long enough password", "192.0.2.1");

        Assert.Equal(NextSignInStep.Done, result.Value.Next);
    }
}
