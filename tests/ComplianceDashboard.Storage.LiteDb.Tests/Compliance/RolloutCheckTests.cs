using ComplianceDashboard.Core.Compliance;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class RolloutCheckTests(StoreProvider provider) : IDisposable
{
    private static readonly DateOnly Start = new(2026, 2, 1);
    private static readonly DateOnly Training = new(2026, 3, 20);
    private readonly CheckFixture _f = new(plannedStart: Training, provider: provider);

    public void Dispose() => _f.Dispose();

    private static DateTime At(DateOnly day) => day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

    [Fact]
    public void Coverage_PassesWhenTheTargetWasReachedExactlyOnADayBeforeTheStart()
    {
        _f.Campaign("C1", Start, Start, null, target: 0.9m);
        _f.Row("C1", Start, 100, 50);
        _f.Row("C1", Start.AddDays(1), 100, 40); // 90 of 100: exactly the target
        var result = _f.Evaluate(CheckCatalogue.CoverageTargetReached, Noon);
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Contains("90.0 % on 2 Feb 2026", result.Measured);
    }

    [Fact]
    public void Coverage_WarnsBeforeTheStartWhileBelowTarget_AndFailsOnceTrainingStartedWithoutIt()
    {
        _f.Campaign("C1", Start, Start, null, target: 0.9m);
        _f.Row("C1", Start, 100, 89);
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.CoverageTargetReached, At(Training.AddDays(-1))).Outcome);
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.CoverageTargetReached, At(Training)).Outcome);
    }

    [Fact]
    public void Coverage_IgnoresDeliveryRowsDatedAfterT()
    {
        _f.Campaign("C1", Start, Start, null, target: 0.9m);
        _f.Row("C1", Start, 100, 50);
        _f.Row("C1", Start.AddDays(5), 100, 45);
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.CoverageTargetReached, At(Start.AddDays(4))).Outcome);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.CoverageTargetReached, At(Start.AddDays(5))).Outcome);
    }

    [Fact]
    public void Coverage_WarnsWithoutATrainingStartDate_AndFailsWithoutACampaign()
    {
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.CoverageTargetReached, Noon).Outcome);
        _f.SetTrainingStart(null, null);
        _f.Campaign("C1", Start, Start, null);
        _f.Row("C1", Start, 100, 100);
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.CoverageTargetReached, Noon).Outcome);
    }

    [Theory]
    [InlineData(30, CheckOutcome.Pass)]
    [InlineData(29, CheckOutcome.Fail)]
    public void Windows_CompareDaysFromFirstDisplayToTheStartWithTheMinimum(int days, CheckOutcome expected)
    {
        _f.Campaign("C1", Start, Start, null, minimumWindow: 30);
        _f.Row("C1", Training.AddDays(-days), 100, 10);
        var result = _f.Evaluate(CheckCatalogue.ObjectionWindowsLongEnough, At(Training));
        Assert.Equal(expected, result.Outcome);
        Assert.Contains($"Shortest {days} days", result.Measured);
    }

    [Fact]
    public void Windows_WarnsForACohortNotYetShownWhileAFullWindowIsStillPossible_AndFailsWhenItIsNot()
    {
        _f.Campaign("C1", Start, Start, null, 0.9m, 30, "wave-1", "wave-2");
        _f.Row("C1", Start, 100, 10);
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.ObjectionWindowsLongEnough, At(Training.AddDays(-30))).Outcome);
        var late = _f.Evaluate(CheckCatalogue.ObjectionWindowsLongEnough, At(Training.AddDays(-29)));
        Assert.Equal(CheckOutcome.Fail, late.Outcome);
        Assert.Contains("C1/wave-2", late.Explanation);
    }

    [Fact]
    public void PriorObjectors_PassesAtZero_AndFailsFromTheDayOneWasContacted()
    {
        _f.Campaign("C1", Start, Start, null);
        _f.Row("C1", Start, 100, 10);
        _f.Row("C1", Start.AddDays(1), 100, 10, priorContacted: 2);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.NoPriorObjectorsContacted, At(Start)).Outcome);
        var after = _f.Evaluate(CheckCatalogue.NoPriorObjectorsContacted, At(Start.AddDays(1)));
        Assert.Equal(CheckOutcome.Fail, after.Outcome);
        Assert.Equal("2", after.Measured);
    }

    [Fact]
    public void DeliveryComplete_PassesWhenEveryDayUpToYesterdayHasRows()
    {
        _f.Campaign("C1", Start, Start, null);
        for (var d = Start; d < Start.AddDays(5); d = d.AddDays(1)) _f.Row("C1", d, 100, 1);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.DeliveryDataComplete, At(Start.AddDays(5))).Outcome);
    }

    [Fact]
    public void DeliveryComplete_FailsNamingTheMissingDay_OnceThatDayIsOver()
    {
        _f.Campaign("C1", Start, Start, Start.AddDays(10));
        _f.Row("C1", Start, 100, 1);
        _f.Row("C1", Start.AddDays(2), 100, 1);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.DeliveryDataComplete, At(Start.AddDays(1))).Outcome);
        var result = _f.Evaluate(CheckCatalogue.DeliveryDataComplete, At(Start.AddDays(3)));
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("C1 2 Feb 2026", result.Explanation);
    }

    [Fact]
    public void DeliveryComplete_StopsAtTheCampaignsLastDay_AndWarnsWhenNothingStartedSending()
    {
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.DeliveryDataComplete, Noon).Outcome);
        _f.Campaign("C1", Start, Start, Start.AddDays(1));
        _f.Row("C1", Start, 100, 1);
        _f.Row("C1", Start.AddDays(1), 100, 1);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.DeliveryDataComplete, Noon).Outcome);
    }

    public sealed class OnLiteDb() : RolloutCheckTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : RolloutCheckTests(StoreProvider.Postgres);
}
