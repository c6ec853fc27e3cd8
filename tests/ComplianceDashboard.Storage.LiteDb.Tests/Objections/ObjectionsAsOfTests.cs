using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

public sealed class ObjectionsAsOfTests : IDisposable
{
    private static readonly DateTime Received = new(2026, 2, 3, 10, 0, 0, DateTimeKind.Utc);
    private readonly CheckFixture _f = new();

    public void Dispose() => _f.Dispose();

    private IObjectionRepository Repository => _f.Get<IObjectionRepository>();

    [Fact]
    public void OpenAt_IncludesAnOpenObjectionFromItsReceivedMillisecond_EvenOnItsReceivedDay()
    {
        var open = _f.Objection(Received);
        Assert.Empty(Repository.OpenAt(CheckFixture.Code, Received.AddMilliseconds(-1)));
        Assert.Equal(open.Id, Assert.Single(Repository.OpenAt(CheckFixture.Code, Received)).Id);
        Assert.Empty(Repository.OpenAt("EU", Received));
    }

    [Fact]
    public void OpenAt_IncludesAnObjectionResolvedLater_UntilTheMomentItWasResolved()
    {
        var resolvedAt = Received.AddDays(2);
        var honoured = _f.Objection(Received, honouredAt: resolvedAt);
        var before = Assert.Single(Repository.OpenAt(CheckFixture.Code, resolvedAt.AddMilliseconds(-1)));
        Assert.Equal(honoured.Id, before.Id);
        Assert.Equal(honoured.DueDate, before.DueDate);
        Assert.Empty(Repository.OpenAt(CheckFixture.Code, resolvedAt));
    }

    [Fact]
    public void OpenCountAt_CountsFromTheRollups_AndTheMillisecondsOfItsOwnDay()
    {
        _f.Objection(Received.AddDays(-5), honouredAt: Received.AddDays(-4));
        _f.Objection(Received.AddDays(-3), honouredAt: Received.AddHours(2));
        _f.Objection(Received);
        Assert.Equal(1, Repository.OpenCountAt(CheckFixture.Code, Received.AddMilliseconds(-1)));
        Assert.Equal(2, Repository.OpenCountAt(CheckFixture.Code, Received));
        Assert.Equal(1, Repository.OpenCountAt(CheckFixture.Code, Received.AddHours(2)));
        Assert.Equal(1, Repository.OpenCountAt(CheckFixture.Code, Received.AddDays(30)));
        Assert.Equal(0, Repository.OpenCountAt("EU", Received));
    }

    [Fact]
    public void OverdueAt_FindsAnObjectionAnsweredLateAsOverdueBeforeItWasAnswered_AndAnOpenOneFromTheDayAfterItsDueDate()
    {
        var late = _f.Objection(Received, honouredAt: Received.AddDays(40));
        var open = _f.Objection(Received.AddDays(1));
        Assert.Empty(Repository.OverdueAt(CheckFixture.Code, late.DueDate.ToDateTime(new TimeOnly(23, 0), DateTimeKind.Utc)));
        var afterDue = late.DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.Equal([late.Id], Repository.OverdueAt(CheckFixture.Code, afterDue).Select(o => o.Id));
        var bothDue = open.DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.Equal([late.Id, open.Id], Repository.OverdueAt(CheckFixture.Code, bothDue).Select(o => o.Id).Order());
        Assert.Equal([open.Id], Repository.OverdueAt(CheckFixture.Code, Received.AddDays(41)).Select(o => o.Id));
    }

    [Fact]
    public void RefusedBy_ReturnsTheJurisdictionsRefusalsResolvedByT()
    {
        var refusedAt = Received.AddDays(1);
        _f.RawObjection(new Objection { Id = "R-1", SubjectRef = "s", Jurisdiction = CheckFixture.Code, ReceivedAt = Received, Status = ObjectionStatus.Refused, ResolvedAt = refusedAt, RefusalGrounds = "g" });
        _f.Objection(Received, honouredAt: Received.AddHours(1));
        Assert.Empty(Repository.RefusedBy(CheckFixture.Code, refusedAt.AddMilliseconds(-1)));
        Assert.Equal("R-1", Assert.Single(Repository.RefusedBy(CheckFixture.Code, refusedAt)).Id);
    }

    [Fact]
    public void AStoreWrittenBeforeTheOutcomesCollection_IsBackfilledOnOpen_AndDropsTheLowCardinalityIndexes()
    {
        var refusedAt = Received.AddDays(1);
        _f.RawObjection(new Objection { Id = "R-1", SubjectRef = "s", Jurisdiction = CheckFixture.Code, ReceivedAt = Received, Status = ObjectionStatus.Refused, ResolvedAt = refusedAt, RefusalGrounds = "g" });
        var late = _f.Objection(Received, honouredAt: Received.AddDays(40));
        _f.Objection(Received, honouredAt: Received.AddHours(1));
        _f.Store.TamperWithFile(db =>
        {
            db.DropCollection(Storage.LiteDb.Objections.LiteDbObjectionRepository.OutcomeCollection);
            db.GetCollection("store").DeleteMany("$._id != 'store'");
            db.GetCollection(Storage.LiteDb.Objections.LiteDbObjectionRepository.Collection).EnsureIndex("Status", "$.Status");
            db.GetCollection(Storage.LiteDb.Objections.LiteDbObjectionRepository.Collection).EnsureIndex("WithinLegalLimit", "$.WithinLegalLimit");
        });

        Assert.Equal("R-1", Assert.Single(Repository.RefusedBy(CheckFixture.Code, refusedAt)).Id);
        Assert.Equal([late.Id], Repository.OverdueAt(CheckFixture.Code, late.DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Select(o => o.Id));
        var indexes = _f.Get<Storage.LiteDb.Common.LiteDbStore>().Database.GetCollection("$indexes")
            .Find($"$.collection = '{Storage.LiteDb.Objections.LiteDbObjectionRepository.Collection}'").Select(i => i["name"].AsString).ToList();
        Assert.DoesNotContain("Status", indexes);
        Assert.DoesNotContain("WithinLegalLimit", indexes);
        Assert.Contains("ResolvedAt", indexes);
    }
}
