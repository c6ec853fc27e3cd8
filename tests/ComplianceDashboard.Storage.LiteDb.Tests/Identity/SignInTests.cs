using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

public abstract class SignInTests : IDisposable
{
    private const string Email = "olivia@example.org";
    private const string Password = "a long enough password";
    private const string Client = "192.0.2.10";

    private readonly TestStore _store;
    private readonly User _user;

    protected SignInTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        _user = _store.Get<UserService>().Add(Actor.System, Email, "Olivia Officer", Role.ComplianceOfficer, Password).Value;
    }

    public void Dispose() => _store.Dispose();

    private SignInService SignIns => _store.Get<SignInService>();
    private AuditEntry LastAudit => _store.Get<IAuditLog>().ReadAll().Last();

    private void FailTimes(int count, TimeSpan apart)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(FailureKind.Unauthorized, SignIns.SignIn(Email, "the wrong password", Client).Failure!.Kind);
            _store.Clock.Advance(apart);
        }
    }

    [Fact]
    public void SignIn_Succeeds_WithTheRightPassword_AndIsAudited()
    {
        var result = SignIns.SignIn("  Olivia@Example.org ", Password, Client);

        Assert.True(result.Succeeded);
        Assert.Equal(Email, result.Value.User.Email);
        Assert.Equal(NextSignInStep.Done, result.Value.Next);
        Assert.Equal("signin.succeeded", LastAudit.Action);
        Assert.Equal($"user:{Email}", LastAudit.ActorId);
    }

    [Fact]
    public void SignIn_FailsGenerically_ForAWrongPassword_AndCountsTheFailure()
    {
        var result = SignIns.SignIn(Email, "the wrong password", Client);

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal(SignInService.GenericFailure, result.Failure.Message);
        Assert.Equal(1, SignIns.RecentFailures(Email));
        Assert.Equal("signin.failed", LastAudit.Action);
        Assert.Equal($"anonymous:{Client}", LastAudit.ActorId);
        Assert.Equal("Wrong password (1 of 5)", LastAudit.Summary);
    }

    [Fact]
    public void SignIn_FailsWithTheSameMessage_ForAnUnknownAddress()
    {
        var result = SignIns.SignIn("nobody@example.org", Password, Client);

        Assert.Equal(SignInService.GenericFailure, result.Failure!.Message);
        Assert.Equal("Unknown e-mail address", LastAudit.Summary);
    }

    [Fact]
    public void SignIn_LocksTheAccountAfterFiveFailuresWithinFifteenMinutes_AndRefusesTheRightPasswordWhileLocked()
    {
        FailTimes(5, apart: TimeSpan.FromMinutes(2));
        var lockedUntil = SignIns.LockedUntil(Email);

        _store.Clock.Advance(TimeSpan.FromMinutes(5));
        var whileLocked = SignIns.SignIn(Email, Password, Client);

        Assert.NotNull(lockedUntil);
        Assert.Equal(FailureKind.Unauthorized, whileLocked.Failure!.Kind);
        Assert.Equal(SignInService.GenericFailure, whileLocked.Failure.Message);
        Assert.StartsWith("Account locked until", LastAudit.Summary);
        Assert.Contains(_store.Get<IAuditLog>().ReadAll(), e => e.Summary == "Wrong password; account locked for 15 minutes after 5 failures");
    }

    [Fact]
    public void SignIn_AcceptsTheRightPassword_OnceTheLockoutWindowHasPassed()
    {
        FailTimes(5, apart: TimeSpan.FromMinutes(1));
        var lockedUntil = SignIns.LockedUntil(Email)!.Value;

        _store.Clock.Advance(lockedUntil - _store.Clock.UtcDateTime + TimeSpan.FromSeconds(1));
        var result = SignIns.SignIn(Email, Password, Client);

        Assert.True(result.Succeeded);
        Assert.Null(SignIns.LockedUntil(Email));
        Assert.Equal(0, SignIns.RecentFailures(Email));
    }

    [Fact]
    public void SignIn_DoesNotLock_WhenTheFifthFailureComesAfterTheWindowOpenedByTheFirstHasClosed()
    {
        // Failures at minutes 0, 1, 2 and 3, then the fifth at 15:30: the window the first opened closed at 15:00.
        FailTimes(4, apart: TimeSpan.FromMinutes(1));
        _store.Clock.Advance(TimeSpan.FromMinutes(11.5));
        FailTimes(1, apart: TimeSpan.Zero);

        Assert.Null(SignIns.LockedUntil(Email));
        Assert.Equal(1, SignIns.RecentFailures(Email));
        Assert.Equal("Wrong password (1 of 5)", LastAudit.Summary);
        Assert.True(SignIns.SignIn(Email, Password, Client).Succeeded);
    }

    [Fact]
    public void FailedSignInsAtTheSameMoment_AllCount_EachWithItsAuditEntry()
    {
        // Four failures released together, each on a thread (and so a connection and transaction) of its own, as four
        // instances would: none may be lost to a conflict on the user's version.
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            SignIns.SignIn(Email, "the wrong password", Client);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(4, SignIns.RecentFailures(Email));
        var summaries = _store.Get<IAuditLog>().ReadAll().Where(e => e.Action == "signin.failed").Select(e => e.Summary).Order(StringComparer.Ordinal);
        Assert.Equal(["Wrong password (1 of 5)", "Wrong password (2 of 5)", "Wrong password (3 of 5)", "Wrong password (4 of 5)"], summaries);
        Assert.True(AuditChain.Verify(_store.Get<IAuditLog>().ReadAll()).Intact);
    }

    [Fact]
    public void ResettingThePassword_LiftsALock()
    {
        FailTimes(5, apart: TimeSpan.Zero);
        Assert.NotNull(SignIns.LockedUntil(Email));

        _store.Get<UserService>().ResetPassword(Actor.System, Email, "another long enough password");

        Assert.Null(SignIns.LockedUntil(Email));
        Assert.True(SignIns.SignIn(Email, "another long enough password", Client).Succeeded);
    }

    [Fact]
    public void SignIn_RefusesADisabledUser_EvenWithTheRightPassword()
    {
        _store.Get<UserService>().Disable(Actor.System, Email);

        var result = SignIns.SignIn(Email, Password, Client);

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal(SignInService.GenericFailure, result.Failure.Message);
        Assert.Equal("Account disabled", LastAudit.Summary);
    }

    [Fact]
    public void ChangeRole_ChangesTheSecurityStamp_SoSessionsWithTheOldStampEnd()
    {
        Assert.NotNull(SignIns.ActiveUser(Email, _user.SecurityStamp));

        var changed = _store.Get<UserService>().ChangeRole(Actor.System, Email, Role.Auditor).Value;

        Assert.NotEqual(_user.SecurityStamp, changed.SecurityStamp);
        Assert.Null(SignIns.ActiveUser(Email, _user.SecurityStamp));
        Assert.Equal(Role.Auditor, SignIns.ActiveUser(Email, changed.SecurityStamp)!.Role);
    }

    [Fact]
    public void Disable_EndsSessions_EvenWithTheCurrentStamp()
    {
        var disabled = _store.Get<UserService>().Disable(Actor.System, Email).Value;

        Assert.Null(SignIns.ActiveUser(Email, _user.SecurityStamp));
        Assert.Null(SignIns.ActiveUser(Email, disabled.SecurityStamp));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : SignInTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : SignInTests(StoreProvider.Postgres);
}
