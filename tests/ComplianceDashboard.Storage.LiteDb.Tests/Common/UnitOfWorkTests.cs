using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public abstract class UnitOfWorkTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private IUnitOfWork Writer => _store.Get<IUnitOfWork>();
    private IAuditLog Audit => _store.Get<IAuditLog>();

    private Result<Done> SaveUserJurisdictionAndAudit(Func<Result<Done>> then) => Writer.Write(() =>
    {
        _store.Get<IUserRepository>().Save(new User { Id = "x@example.org", Email = "x@example.org", DisplayName = "X" });
        _store.Get<IJurisdictionRepository>().Save(JurisdictionPresets.Find("BR")!);
        Audit.Append(Actor.System, "test.change", "Test", "1", "A change that is about to fail");
        return then();
    });

    private void AssertNothingFromTheChangeIsStored(ChainHead headBefore)
    {
        Assert.Null(_store.Get<IUserRepository>().Find("x@example.org"));
        Assert.Null(_store.Get<IJurisdictionRepository>().Find("BR"));
        Assert.Equal(headBefore, Audit.Head());
        Assert.DoesNotContain(Audit.ReadAll(), e => e.Action == "test.change");
    }

    [Fact]
    public void Write_CommitsEveryChangeAndItsAuditEntry_WhenTheChangeSucceeds()
    {
        var result = SaveUserJurisdictionAndAudit(() => Done.Value);
        _store.Reopen();

        Assert.True(result.Succeeded);
        Assert.NotNull(_store.Get<IUserRepository>().Find("x@example.org"));
        Assert.NotNull(_store.Get<IJurisdictionRepository>().Find("BR"));
        Assert.Equal("test.change", Audit.ReadAll().Single().Action);
    }

    [Fact]
    public void Write_RollsBackEverythingIncludingTheAuditEntry_WhenTheChangeFails()
    {
        _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");
        var before = Audit.Head();

        var result = SaveUserJurisdictionAndAudit(() => Failure.Validation("Something was wrong"));

        Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
        AssertNothingFromTheChangeIsStored(before);
        _store.Reopen();
        AssertNothingFromTheChangeIsStored(before);
    }

    [Fact]
    public void Write_RollsBackEverything_WhenTheChangeThrows()
    {
        _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");
        var before = Audit.Head();

        Assert.Throws<InvalidOperationException>(() => SaveUserJurisdictionAndAudit(() => throw new InvalidOperationException("A bug")));

        AssertNothingFromTheChangeIsStored(before);
        _store.Reopen();
        AssertNothingFromTheChangeIsStored(before);
    }

    [Fact]
    public void Write_StillWorksAndTheChainStaysIntact_AfterARolledBackChange()
    {
        _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");
        SaveUserJurisdictionAndAudit(() => Failure.Validation("Something was wrong"));
        Assert.Throws<InvalidOperationException>(() => SaveUserJurisdictionAndAudit(() => throw new InvalidOperationException("A bug")));

        var created = _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "EU");

        Assert.True(created.Succeeded);
        Assert.Equal(2, Audit.Head().Count);
        var verification = _store.Get<AuditService>().Verify(Actor.System).Value;
        Assert.True(verification.Intact);
        Assert.Equal(2, verification.Count);
    }

    [Fact]
    public void Write_InsideWrite_JoinsTheOuterTransaction_SoAnOuterFailureUndoesIt()
    {
        var before = Audit.Head();

        var outer = Writer.Write<Done>(() =>
        {
            var inner = Writer.Write(() => _store.Get<IUserRepository>().Save(new User { Id = "x@example.org", Email = "x@example.org" }));
            Assert.True(inner.Succeeded);
            return Failure.Conflict("The outer change failed after the inner one succeeded");
        });

        Assert.False(outer.Succeeded);
        AssertNothingFromTheChangeIsStored(before);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : UnitOfWorkTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : UnitOfWorkTests(StoreProvider.Postgres);
}
