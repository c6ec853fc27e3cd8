using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

/// <summary>SSO step-up for sign-offs on a real store: the pending sign-off, the freshness rules, the single-use ticket.</summary>
public abstract class StepUpTests : IDisposable
{
    private const string Issuer = "https://idp.example.org/";
    private const string Email = "lena@example.org";
    private const string Hash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private readonly TestStore _store;
    private readonly Actor _lena;

    protected StepUpTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        var user = _store.Get<UserService>().Add(Actor.System, Email, "Lena Legal", Role.LegalReviewer, "a long enough password").Value;
        var policy = new SingleSignOnPolicy(Issuer, "Example IdP", AccountMatching.VerifiedEmail, new Dictionary<string, Role>());
        Assert.True(_store.Get<SingleSignOnService>().SignOn(new ExternalSignIn(Issuer, "sub-lena", Email, true, "Lena Legal", []), policy, "client").SessionAllowed);
        _lena = Actor.User(user.Email, user.DisplayName, user.Role);
    }

    public void Dispose() => _store.Dispose();

    private StepUpService StepUps => _store.Get<StepUpService>();
    private AuditEntry LastAudit => _store.Get<IAuditLog>().ReadAll().Last();

    private PendingSignOff Begin() =>
        StepUps.Begin(_lena, new PendingSignOff { Action = SignOffAction.ReleaseEvidencePack, TargetId = "pack-1", ContentHash = Hash, ReturnUrl = "/evidence-packs" }).Value;

    private SsoReauthentication Proof(TimeSpan age, params string[] amr) =>
        new(Issuer, "sub-lena", _store.Clock.GetUtcNow().UtcDateTime - age, amr, null);

    private Result<string> Redeem(SignOffTicket ticket, string hash = Hash) =>
        _store.Get<IUnitOfWork>().Write(() => StepUps.Redeem(_lena, ticket, SignOffAction.ReleaseEvidencePack, "pack-1", hash));

    [Fact]
    public void AFreshReauthentication_IssuesATicket_ThatIsSpentOnce()
    {
        var pending = Begin();

        var ticket = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.FromSeconds(20), "pwd", "mfa"), StepUpPolicy.Default, "Example IdP").Value;
        var first = Redeem(ticket);
        var second = Redeem(ticket);

        Assert.True(first.Succeeded);
        Assert.Contains("prompt=login", first.Value);
        Assert.Contains("amr pwd+mfa", first.Value);
        Assert.Equal(FailureKind.Unauthorized, second.Failure!.Kind);
        Assert.Equal(PendingSignOffStatus.Used, StepUps.Find(pending.Id)!.Status);
    }

    [Fact]
    public void TheTicket_IsRefused_WhenTheContentChangedSince()
    {
        var pending = Begin();
        var ticket = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.Zero), StepUpPolicy.Default, "Example IdP").Value;

        var result = Redeem(ticket, hash: new string('b', 64));

        Assert.Equal(FailureKind.Conflict, result.Failure!.Kind);
        Assert.Equal(PendingSignOffStatus.Reauthenticated, StepUps.Find(pending.Id)!.Status);
    }

    [Fact]
    public void AForgedTicket_IsRefused()
    {
        var pending = Begin();
        StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.Zero), StepUpPolicy.Default, "Example IdP");

        Assert.Equal(FailureKind.Unauthorized, Redeem(new SignOffTicket($"{pending.Id}.{new string('0', 64)}")).Failure!.Kind);
    }

    [Fact]
    public void AStaleAuthTime_RefusesTheSignOff_AndIsAudited()
    {
        var pending = Begin();

        var result = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.FromMinutes(6)), StepUpPolicy.Default, "Example IdP");

        Assert.Equal(FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Contains("6 minutes old", result.Failure.Message);
        Assert.Equal(PendingSignOffStatus.Refused, StepUps.Find(pending.Id)!.Status);
        Assert.Equal("signoff.step-up-refused", LastAudit.Action);
    }

    [Fact]
    public void AMissingAuthTime_RefusesTheSignOff()
    {
        var pending = Begin();

        var result = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.Zero) with { AuthTime = null }, StepUpPolicy.Default, "Example IdP");

        Assert.Contains("no auth_time", result.Failure!.Message);
    }

    [Fact]
    public void AReauthenticationWithoutMfa_IsRefused_WhenTheProviderReportsItsMethods()
    {
        var pending = Begin();

        var result = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.Zero, "pwd"), StepUpPolicy.Default, "Example IdP");

        Assert.Contains("no multi-factor", result.Failure!.Message);
    }

    [Fact]
    public void AReauthenticationOfAnotherAccount_IsRefused()
    {
        var pending = Begin();

        var result = StepUps.Reauthenticated(pending.Id, Email, Proof(TimeSpan.Zero) with { Subject = "sub-someone-else" }, StepUpPolicy.Default, "Example IdP");

        Assert.Contains("different account", result.Failure!.Message);
    }

    [Fact]
    public void ThePendingSignOff_SurvivesARestart()
    {
        var pending = Begin();

        _store.Reopen(demoMode: false);

        var stored = StepUps.Find(pending.Id)!;
        Assert.Equal((SignOffAction.ReleaseEvidencePack, "pack-1", Hash, PendingSignOffStatus.AwaitingReauthentication),
            (stored.Action, stored.TargetId, stored.ContentHash, stored.Status));
    }

    [Fact]
    public void OnlyAUserBoundToTheProvider_StepsUpThisWay()
    {
        var local = _store.Get<UserService>().Add(Actor.System, "liam@example.org", "Liam Legal", Role.LegalReviewer, "a long enough password").Value;

        var result = StepUps.Begin(Actor.User(local.Email, local.DisplayName, local.Role),
            new PendingSignOff { Action = SignOffAction.ReleaseEvidencePack, TargetId = "pack-1", ContentHash = Hash });

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : StepUpTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : StepUpTests(StoreProvider.Postgres);
}
