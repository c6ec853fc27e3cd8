using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public abstract class OptimisticConcurrencyTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private Result<User> Save(User user) => _store.Get<IUnitOfWork>().Write(() => _store.Get<IUserRepository>().Save(user));

    private static User NewUser(string name) => new() { Id = "u@example.org", Email = "u@example.org", DisplayName = name, Role = Role.Auditor };

    [Fact]
    public void Save_IncrementsTheVersion_WhenTheCopyIsCurrent()
    {
        var first = Save(NewUser("First")).Value;

        var second = Save(first with { DisplayName = "Second" });

        Assert.True(second.Succeeded);
        Assert.Equal(2, second.Value.Version);
        Assert.Equal("Second", _store.Get<IUserRepository>().Find("u@example.org")!.DisplayName);
    }

    [Fact]
    public void Save_ReturnsConflict_WhenCopyIsStale()
    {
        var original = Save(NewUser("Original")).Value;
        var mine = original with { DisplayName = "Mine" };
        var theirs = original with { DisplayName = "Theirs" };
        Assert.True(Save(theirs).Succeeded);

        var result = Save(mine);

        Assert.False(result.Succeeded);
        Assert.Equal(FailureKind.Conflict, result.Failure!.Kind);
        Assert.Contains("changed by someone else", result.Failure.Message);
        var stored = _store.Get<IUserRepository>().Find("u@example.org")!;
        Assert.Equal("Theirs", stored.DisplayName);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public void Save_ReturnsConflict_WhenANewAggregateUsesAnExistingId()
    {
        Save(NewUser("Original"));

        var result = Save(NewUser("Impostor"));

        Assert.Equal(FailureKind.Conflict, result.Failure!.Kind);
        Assert.Contains("already exists", result.Failure.Message);
        var stored = _store.Get<IUserRepository>().Find("u@example.org")!;
        Assert.Equal("Original", stored.DisplayName);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public void Save_ReturnsNotFound_WhenAnExistingCopyNoLongerExists()
    {
        var result = Save(NewUser("Ghost") with { Version = 3 });

        Assert.Equal(FailureKind.NotFound, result.Failure!.Kind);
        Assert.Null(_store.Get<IUserRepository>().Find("u@example.org"));
    }

    [Fact]
    public void ServiceUpdate_ReturnsConflict_ForAStaleVersion_AndAuditsNothing()
    {
        var service = _store.Get<JurisdictionService>();
        var created = service.CreateFromPreset(Actor.System, "EU").Value;
        var details = JurisdictionDetails.From(created);
        Assert.True(service.Update(Actor.System, "EU", created.Version, details with { Name = "EU (first edit)" }).Succeeded);
        var auditCount = _store.Get<IAuditLog>().Head().Count;

        var stale = service.Update(Actor.System, "EU", created.Version, details with { Name = "EU (stale edit)" });

        Assert.Equal(FailureKind.Conflict, stale.Failure!.Kind);
        Assert.Equal("EU (first edit)", service.Find("EU")!.Name);
        Assert.Equal(auditCount, _store.Get<IAuditLog>().Head().Count);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : OptimisticConcurrencyTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : OptimisticConcurrencyTests(StoreProvider.Postgres);
}
