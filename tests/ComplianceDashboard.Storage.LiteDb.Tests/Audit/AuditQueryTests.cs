using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Audit;

public abstract class AuditQueryTests : IDisposable
{
    private static readonly Actor Alice = Actor.User("alice@example.org", "Alice Adams", Role.Admin);
    private static readonly Actor Bob = Actor.User("bob@example.org", "Bob Brown", Role.ComplianceOfficer);

    private readonly TestStore _store;
    private readonly DateTime _start;

    protected AuditQueryTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider);
        _start = _store.Clock.UtcDateTime;
        // One entry an hour: 1 at _start, 2 at _start + 1h, ...
        Append(Alice, "user.created", "User");
        Append(Bob, "jurisdiction.created", "Jurisdiction");
        Append(Alice, "jurisdiction.updated", "Jurisdiction");
        Append(Bob, "apikey.created", "ApiKey");
        Append(Alice, "jurisdiction.state-changed", "Jurisdiction");
    }

    public void Dispose() => _store.Dispose();

    private void Append(Actor actor, string action, string entityType)
    {
        _store.Get<IUnitOfWork>().Write(() => Result<AuditEntry>.Ok(_store.Get<IAuditLog>().Append(actor, action, entityType, "id", $"{action} by {actor.DisplayName}")));
        _store.Clock.Advance(TimeSpan.FromHours(1));
    }

    private AuditPage Query(AuditFilter filter, int skip = 0, int take = 50) =>
        _store.Get<AuditService>().Query(Actor.System, filter, skip, take).Value;

    private static long[] Sequences(AuditPage page) => page.Entries.Select(e => e.Sequence).ToArray();

    [Fact]
    public void Query_WithoutFilters_ReturnsEverythingNewestFirst()
    {
        var page = Query(new AuditFilter());

        Assert.Equal([5L, 4, 3, 2, 1], Sequences(page));
        Assert.Equal(5, page.TotalCount);
    }

    [Fact]
    public void Query_ByActor_MatchesTheActorIdOrName()
    {
        Assert.Equal([5L, 3, 1], Sequences(Query(new AuditFilter(Actor: "alice@example.org"))));
        Assert.Equal([4L, 2], Sequences(Query(new AuditFilter(Actor: "Bob Brown"))));
        Assert.Equal(3, Query(new AuditFilter(Actor: "alice")).TotalCount);
    }

    [Fact]
    public void Query_ByEntityType_MatchesThatTypeOnly()
    {
        var page = Query(new AuditFilter(EntityType: "Jurisdiction"));

        Assert.Equal([5L, 3, 2], Sequences(page));
        Assert.Equal(3, page.TotalCount);
    }

    [Fact]
    public void Query_ByAction_MatchesActionsContainingTheText()
    {
        Assert.Equal([4L, 2, 1], Sequences(Query(new AuditFilter(Action: "created"))));
        Assert.Equal([5L], Sequences(Query(new AuditFilter(Action: "jurisdiction.state-changed"))));
    }

    [Fact]
    public void Query_ByDateRange_IncludesTheStartAndExcludesTheEnd()
    {
        var page = Query(new AuditFilter(FromUtc: _start.AddHours(1), ToUtc: _start.AddHours(3)));

        Assert.Equal([3L, 2], Sequences(page));
        Assert.Equal(2, page.TotalCount);
    }

    [Fact]
    public void Query_WithSeveralFilters_MatchesEntriesThatMeetThemAll()
    {
        var page = Query(new AuditFilter(Actor: "alice", EntityType: "Jurisdiction", FromUtc: _start.AddHours(3)));

        Assert.Equal([5L], Sequences(page));
    }

    [Fact]
    public void Query_PagesNewestFirst_WithTheTotalOfAllMatches()
    {
        for (var i = 0; i < 7; i++) Append(Bob, "objection.recorded", "Objection");

        var first = Query(new AuditFilter(), skip: 0, take: 5);
        var second = Query(new AuditFilter(), skip: 5, take: 5);
        var last = Query(new AuditFilter(), skip: 10, take: 5);

        Assert.Equal([12L, 11, 10, 9, 8], Sequences(first));
        Assert.Equal([7L, 6, 5, 4, 3], Sequences(second));
        Assert.Equal([2L, 1], Sequences(last));
        Assert.All([first, second, last], p => Assert.Equal(12, p.TotalCount));
    }

    [Fact]
    public void Query_PagesAFilteredResult()
    {
        var page = Query(new AuditFilter(EntityType: "Jurisdiction"), skip: 1, take: 1);

        Assert.Equal([3L], Sequences(page));
        Assert.Equal(3, page.TotalCount);
    }

    [Fact]
    public void Query_IsRefused_ToAnActorWhoMayNotViewTheAuditLog()
    {
        var result = _store.Get<AuditService>().Query(Actor.Anonymous("10.0.0.1"), new AuditFilter(), 0, 10);

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
    }

    [Fact]
    public void EntityTypes_ListsEachTypeOnceInOrder()
    {
        Assert.Equal(["ApiKey", "Jurisdiction", "User"], _store.Get<AuditService>().EntityTypes());
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : AuditQueryTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : AuditQueryTests(StoreProvider.Postgres);
}
