using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

public abstract class ObjectionsAsOfTests(StoreProvider provider) : IDisposable
{
    private static readonly DateTime Received = new(2026, 2, 3, 10, 0, 0, DateTimeKind.Utc);
    private readonly CheckFixture _f = new(provider: provider);

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

    private static Objection Crafted(string id, string jurisdiction, DateTime? refusedAt = null, DateTime? extendedAt = null) => new()
    {
        Id = id, SubjectRef = "subj-" + id, Jurisdiction = jurisdiction, Platform = Platform.Facebook, Channel = ObjectionChannel.WebForm,
        ReceivedAt = Received.AddDays(-10),
        Status = refusedAt is null ? ObjectionStatus.Received : ObjectionStatus.Refused, ResolvedAt = refusedAt, RefusalGrounds = refusedAt is null ? null : "grounds " + id,
        ExtensionNotifiedAt = extendedAt, ExtensionReason = extendedAt is null ? null : "reason " + id,
    };

    [Fact]
    public void RefusedOnDays_AndExtendedOnDays_TakeWholeUtcDays_OfOneJurisdiction_InTimeOrder()
    {
        var day = DateOnly.FromDateTime(Received);
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _f.RawObjection(Crafted("r-late", CheckFixture.Code, refusedAt: midnight.AddDays(1).AddMilliseconds(-1)));
        _f.RawObjection(Crafted("r-first", CheckFixture.Code, refusedAt: midnight));
        _f.RawObjection(Crafted("r-before", CheckFixture.Code, refusedAt: midnight.AddMilliseconds(-1)));
        _f.RawObjection(Crafted("r-after", CheckFixture.Code, refusedAt: midnight.AddDays(1)));
        _f.RawObjection(Crafted("r-eu", "EU", refusedAt: midnight.AddHours(3)));
        _f.RawObjection(Crafted("e-late", CheckFixture.Code, extendedAt: midnight.AddDays(1).AddMilliseconds(-1)));
        _f.RawObjection(Crafted("e-first", CheckFixture.Code, extendedAt: midnight));
        _f.RawObjection(Crafted("e-before", CheckFixture.Code, extendedAt: midnight.AddMilliseconds(-1)));
        _f.RawObjection(Crafted("e-eu", "EU", extendedAt: midnight.AddHours(3)));

        Assert.Equal(["r-first", "r-late"], Repository.RefusedOnDays(CheckFixture.Code, day, day).Select(o => o.Id));
        Assert.Equal(["e-first", "e-late"], Repository.ExtendedOnDays(CheckFixture.Code, day, day).Select(o => o.Id));
        Assert.Equal(["r-before", "r-first", "r-late", "r-after"], Repository.RefusedOnDays(CheckFixture.Code, day.AddDays(-1), day.AddDays(1)).Select(o => o.Id));
        Assert.Equal(["e-before", "e-first", "e-late"], Repository.ExtendedOnDays(CheckFixture.Code, day.AddDays(-1), day.AddDays(1)).Select(o => o.Id));
    }

    /// <summary>The contract on LiteDB, and the upgrade of a LiteDB file made before the outcomes collection.</summary>
    public sealed class OnLiteDb() : ObjectionsAsOfTests(StoreProvider.LiteDb)
    {
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

    public sealed class OnPostgres() : ObjectionsAsOfTests(StoreProvider.Postgres);
}
