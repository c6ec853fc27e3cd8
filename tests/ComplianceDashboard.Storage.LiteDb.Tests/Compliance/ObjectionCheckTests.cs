using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class ObjectionCheckTests(StoreProvider provider) : IDisposable
{
    private static readonly DateOnly TrainingDay = new(2026, 3, 1);
    private static readonly DateTime TrainingStart = TrainingDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    private readonly CheckFixture _f = new(actualStart: TrainingDay, provider: provider);

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData(99, CheckOutcome.Pass)]
    [InlineData(98, CheckOutcome.Fail)]
    public void WithinLimit_PassesAtExactly99PercentAnswered_WithinTheLimit(int within, CheckOutcome expected)
    {
        _f.Rollup(new DateOnly(2026, 2, 1), honoured: 90, refused: 10, withinLimit: within);
        var result = _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, Noon);
        Assert.Equal(expected, result.Outcome);
        Assert.StartsWith($"{within}.0 % within limit ({within} of 100)", result.Measured);
    }

    [Fact]
    public void WithinLimit_CountsOnlyAnswersOnDaysUpToT()
    {
        _f.Rollup(new DateOnly(2026, 2, 1), honoured: 100, refused: 0, withinLimit: 100);
        _f.Rollup(new DateOnly(2026, 2, 2), honoured: 100, refused: 0, withinLimit: 0);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, new DateTime(2026, 2, 1, 23, 59, 59, DateTimeKind.Utc)).Outcome);
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc)).Outcome);
    }

    [Fact]
    public void WithinLimit_FailsFromTheDayAfterTheDueDateOfAnOpenObjection()
    {
        var objection = _f.Objection(new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateOnly(2026, 2, 5), objection.DueDate);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, new DateTime(2026, 2, 5, 23, 0, 0, DateTimeKind.Utc)).Outcome);
        var after = _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, new DateTime(2026, 2, 6, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(CheckOutcome.Fail, after.Outcome);
        Assert.EndsWith("1 overdue", after.Measured);
    }

    [Fact]
    public void WithinLimit_AsOfAPastDay_SeesAnObjectionThatWasOverdueThenThoughItIsResolvedNow()
    {
        _f.Objection(new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc), honouredAt: new DateTime(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc));
        var then = _f.Evaluate(CheckCatalogue.ObjectionsWithinLegalLimit, new DateTime(2026, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(CheckOutcome.Fail, then.Outcome);
        Assert.Contains("None answered yet; 1 overdue", then.Measured);
    }

    [Fact]
    public void HonouredBeforeTraining_PassesWhenHonouredTheMillisecondBeforeTheStart()
    {
        _f.Objection(TrainingStart.AddDays(-3), honouredAt: TrainingStart.AddMilliseconds(-1));
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, Noon).Outcome);
    }

    [Fact]
    public void HonouredBeforeTraining_FailsWhenHonouredAtTheStart()
    {
        _f.Objection(TrainingStart.AddDays(-3), honouredAt: TrainingStart);
        var result = _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, Noon);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("1 open", result.Measured);
    }

    [Fact]
    public void HonouredBeforeTraining_NamesAnObjectionStillOpen()
    {
        var open = _f.Objection(TrainingStart.AddDays(-3));
        var result = _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, Noon);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains(open.Id, result.Explanation);
    }

    [Fact]
    public void HonouredBeforeTraining_IgnoresAnObjectionReceivedAtTheStart()
    {
        _f.Objection(TrainingStart);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, Noon).Outcome);
    }

    [Fact]
    public void HonouredBeforeTraining_BeforeTheActualStart_MeasuresAtT()
    {
        var received = TrainingStart.AddDays(-5);
        _f.Objection(received);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, received).Outcome);
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.ObjectionsHonouredBeforeTraining, received.AddMilliseconds(1)).Outcome);
    }

    [Fact]
    public void RefusalsHaveGrounds_FailsFromTheMomentOfARefusalWithoutGrounds()
    {
        var refusedAt = new DateTime(2026, 2, 3, 8, 0, 0, DateTimeKind.Utc);
        _f.RawObjection(new Objection
        {
            Id = "R-1", SubjectRef = "s", Jurisdiction = Code, ReceivedAt = refusedAt.AddDays(-2), Status = ObjectionStatus.Refused,
            ResolvedAt = refusedAt, RefusalGrounds = " ",
        });
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.RefusalsHaveGrounds, refusedAt.AddMilliseconds(-1)).Outcome);
        var result = _f.Evaluate(CheckCatalogue.RefusalsHaveGrounds, refusedAt);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("1 of 1 refusals without grounds", result.Measured);
    }

    [Fact]
    public void RefusalsHaveGrounds_PassesForARefusalWithGrounds()
    {
        var o = _f.Objection(new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc));
        Assert.True(_f.Get<ObjectionService>().Refuse(Actor.System, o.Id, o.Version, "Manifestly unfounded").Succeeded);
        var result = _f.Evaluate(CheckCatalogue.RefusalsHaveGrounds, _f.Store.Clock.UtcDateTime);
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("0 of 1 refusals without grounds", result.Measured);
    }

    public sealed class OnLiteDb() : ObjectionCheckTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ObjectionCheckTests(StoreProvider.Postgres);
}
