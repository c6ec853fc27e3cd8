using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Audit;

public abstract class AuditChainStorageTests : IDisposable
{
    private static readonly Actor Officer = Actor.User("officer@example.org", "Olivia Officer", Role.ComplianceOfficer);

    private readonly TestStore _store;

    protected AuditChainStorageTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider);
        // Five entries written by the real services: three creations, a state change and an edit.
        var jurisdictions = _store.Get<JurisdictionService>();
        jurisdictions.CreateFromPreset(Actor.System, "UK");
        jurisdictions.CreateFromPreset(Actor.System, "EU");
        jurisdictions.CreateFromPreset(Actor.System, "BR");
        _store.Clock.Advance(TimeSpan.FromMinutes(5));
        jurisdictions.ChangeState(Officer, "UK", 1, ProgrammeState.Notifying, "Notices sent");
        var eu = jurisdictions.Find("EU")!;
        jurisdictions.Update(Actor.System, "EU", eu.Version, JurisdictionDetails.From(eu) with { Name = "European Union (EEA)" });
    }

    public void Dispose() => _store.Dispose();

    private ChainVerification Verify() => _store.Get<AuditService>().Verify(Actor.System).Value;

    private static ILiteCollection<BsonDocument> AuditCollection(LiteDatabase raw) => raw.GetCollection("audit");

    [Fact]
    public void AnEntryAppendedWithItsOwnTime_KeepsIt_ButIsNeverDatedBeforeTheEntryItFollows()
    {
        var audit = _store.Get<IAuditLog>();
        var last = audit.ReadAll().Last().At;
        var unitOfWork = _store.Get<IUnitOfWork>();

        var earlier = unitOfWork.Write(() => Result<AuditEntry>.Ok(audit.Append(Actor.System, "test.backdated", "Test", "x", "before the last entry", last.AddDays(-3)))).Value;
        var later = unitOfWork.Write(() => Result<AuditEntry>.Ok(audit.Append(Actor.System, "test.dated", "Test", "y", "after it", last.AddDays(2).AddTicks(12345)))).Value;

        Assert.Equal(last, earlier.At);
        Assert.Equal(TimeProviderExtensions.TruncateToMs(last.AddDays(2).AddTicks(12345)), later.At);
        Assert.Equal(later.At, audit.ReadAll().Last().At);
        Assert.True(Verify().Intact);
    }

    [Fact]
    public void Services_AppendOneEntryPerChange_NamingTheActorEntityAndTime()
    {
        var entries = _store.Get<IAuditLog>().ReadAll().ToList();

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(["jurisdiction.created", "jurisdiction.created", "jurisdiction.created", "jurisdiction.state-changed", "jurisdiction.updated"], entries.Select(e => e.Action));
        Assert.Equal(["UK", "EU", "BR", "UK", "EU"], entries.Select(e => e.EntityId));
        Assert.Equal("user:officer@example.org", entries[3].ActorId);
        Assert.Equal("Olivia Officer", entries[3].ActorName);
        Assert.Equal(_store.Clock.UtcDateTime, entries[3].At);
        Assert.All(entries, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
    }

    [Fact]
    public void Services_AppendNothing_WhenTheChangeFails()
    {
        var duplicate = _store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK");

        Assert.Equal(FailureKind.Conflict, duplicate.Failure!.Kind);
        Assert.Equal(5, _store.Get<IAuditLog>().Head().Count);
    }

    [Fact]
    public void Verify_SaysIntact_WithTheCountAndHeadOfTheStoredChain()
    {
        var verification = Verify();

        Assert.True(verification.Intact);
        Assert.Equal(5, verification.Count);
        Assert.Equal(_store.Get<IAuditLog>().Head().Hash, verification.HeadHash);
        Assert.Equal(_store.Get<IAuditLog>().ReadAll().Last().Hash, verification.HeadHash);
    }

    [Fact]
    public void Chain_ContinuesIntactAcrossARestart()
    {
        var headBefore = _store.Get<IAuditLog>().Head();
        _store.Reopen();

        var jurisdictions = _store.Get<JurisdictionService>();
        Assert.True(jurisdictions.ChangeState(Officer, "EU", jurisdictions.Find("EU")!.Version, ProgrammeState.Paused, "Regulator's request").Succeeded);

        var sixth = _store.Get<IAuditLog>().ReadAll().Last();
        Assert.Equal(6, sixth.Sequence);
        Assert.Equal(headBefore.Hash, sixth.PreviousHash);
        Assert.True(Verify().Intact);
        Assert.Equal(6, Verify().Count);
    }

    [Fact]
    public void Verify_Fails_AtAnEntryWhoseSummaryWasEditedInTheStore()
    {
        _store.Tamper(raw =>
        {
            var entry = AuditCollection(raw).FindById(3L);
            entry["Summary"] = "Created nothing at all";
            Assert.True(AuditCollection(raw).Update(entry));
        }, "UPDATE audit SET summary = 'Created nothing at all' WHERE sequence = 3");

        var verification = Verify();

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("edited", verification.Problem);
    }

    [Fact]
    public void Verify_Fails_AtAMiddleEntryDeletedFromTheStore()
    {
        _store.Tamper(raw => Assert.True(AuditCollection(raw).Delete(3L)), "DELETE FROM audit WHERE sequence = 3");

        var verification = Verify();

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(2, verification.Count);
        Assert.Contains("missing", verification.Problem);
    }

    [Fact]
    public void Verify_Fails_AtTheFirstOfTwoEntriesWhoseContentsWereSwappedInTheStore()
    {
        _store.Tamper(raw =>
        {
            var audit = AuditCollection(raw);
            var third = audit.FindById(3L);
            var fourth = audit.FindById(4L);
            Assert.True(audit.Update(WithId(fourth, 3L)));
            Assert.True(audit.Update(WithId(third, 4L)));
        }, """
            UPDATE audit a SET at = b.at, actor_id = b.actor_id, actor_name = b.actor_name, action = b.action, entity_type = b.entity_type,
                entity_id = b.entity_id, summary = b.summary, previous_hash = b.previous_hash, hash = b.hash
            FROM audit b WHERE (a.sequence = 3 AND b.sequence = 4) OR (a.sequence = 4 AND b.sequence = 3)
            """);

        var verification = Verify();

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal("jurisdiction.state-changed", _store.Get<IAuditLog>().ReadAll().ElementAt(2).Action);
    }

    [Fact]
    public void Verify_IsRefused_ToAnActorWhoMayNotViewTheAuditLog()
    {
        var result = _store.Get<AuditService>().Verify(Actor.Anonymous("10.0.0.1"));

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
    }

    private static BsonDocument WithId(BsonDocument source, long id)
    {
        var copy = new BsonDocument();
        foreach (var (key, value) in source)
            copy[key] = value;
        copy["_id"] = id;
        return copy;
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : AuditChainStorageTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : AuditChainStorageTests(StoreProvider.Postgres);
}
