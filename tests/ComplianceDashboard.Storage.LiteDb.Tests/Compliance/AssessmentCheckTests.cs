using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Compliance;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class AssessmentCheckTests(StoreProvider provider) : IDisposable
{
    private readonly CheckFixture _f = new(provider: provider);
    private static readonly DateTime Approved = new(2026, 2, 1, 10, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void LiaInForce_FailsWithoutAnApprovedVersion()
    {
        var result = _f.Evaluate(CheckCatalogue.ApprovedAssessmentInForce, Noon);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("No approved LIA", result.Explanation);
    }

    [Fact]
    public void LiaInForce_FailsJustBeforeApproval_AndPassesFromTheApprovalMillisecond_WithALinkToTheVersion()
    {
        _f.Lia(Approved, new DateOnly(2027, 2, 1));
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.ApprovedAssessmentInForce, Approved.AddMilliseconds(-1)).Outcome);
        var at = _f.Evaluate(CheckCatalogue.ApprovedAssessmentInForce, Approved);
        Assert.Equal(CheckOutcome.Pass, at.Outcome);
        Assert.Contains(at.Evidence, e => e.Href == "/assessments/lia-uk/versions/1");
    }

    [Fact]
    public void LiaInForce_PassesBeforeTheVersionWasSuperseded_AndFailsAfterWhenNothingReplacedIt()
    {
        var superseded = Approved.AddDays(10);
        _f.Lia(Approved, new DateOnly(2027, 2, 1), supersededAt: superseded);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.ApprovedAssessmentInForce, superseded.AddMilliseconds(-1)).Outcome);
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.ApprovedAssessmentInForce, superseded).Outcome);
    }

    [Theory]
    [InlineData(2026, 3, 9, CheckOutcome.Fail)]     // due the day before T
    [InlineData(2026, 3, 10, CheckOutcome.Warning)] // due on T's day: not overdue yet, but due soon
    [InlineData(2026, 4, 9, CheckOutcome.Warning)]  // exactly 30 days away
    [InlineData(2026, 4, 10, CheckOutcome.Pass)]    // 31 days away
    public void ReviewCurrent_ComparesTheNextReviewDateWithTsDay(int y, int m, int d, CheckOutcome expected)
    {
        _f.Lia(Approved, new DateOnly(y, m, d));
        Assert.Equal(expected, _f.Evaluate(CheckCatalogue.AssessmentReviewNotOverdue, Noon).Outcome);
    }

    [Fact]
    public void ReviewCurrent_WarnsAboutATriggerOnlyFromTheMomentItWasRecorded()
    {
        var trigger = Approved.AddDays(5);
        _f.Lia(Approved, new DateOnly(2027, 1, 1), triggeredAt: trigger);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.AssessmentReviewNotOverdue, trigger.AddMilliseconds(-1)).Outcome);
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.AssessmentReviewNotOverdue, trigger).Outcome);
    }

    [Fact]
    public void SafeguardsVerified_PassesWhenEveryRequiredSafeguardIsVerified()
    {
        _f.Lia(Approved, new DateOnly(2027, 1, 1), [(SafeguardStatus.Verified, new DateOnly(2026, 1, 20)), (SafeguardStatus.Verified, null)]);
        var result = _f.Evaluate(CheckCatalogue.SafeguardsVerified, Noon);
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("2 of 2 verified", result.Measured);
    }

    [Fact]
    public void SafeguardsVerified_FailsNamingTheSafeguardThatIsOnlyImplemented()
    {
        _f.Lia(Approved, new DateOnly(2027, 1, 1), [(SafeguardStatus.Verified, null), (SafeguardStatus.Implemented, null)]);
        var result = _f.Evaluate(CheckCatalogue.SafeguardsVerified, Noon);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("1 of 2 verified", result.Measured);
        Assert.Contains(QuestionCatalogue.In(AssessmentPart.Safeguards).ElementAt(1).Key, result.Explanation);
    }

    [Fact]
    public void SafeguardsVerified_CountsAVerificationOnlyFromItsDate()
    {
        _f.Lia(Approved, new DateOnly(2027, 1, 1), [(SafeguardStatus.Verified, Today)]);
        Assert.Equal(CheckOutcome.Fail, _f.Evaluate(CheckCatalogue.SafeguardsVerified, Noon.AddDays(-1)).Outcome);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.SafeguardsVerified, Noon).Outcome);
    }

    public sealed class OnLiteDb() : AssessmentCheckTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : AssessmentCheckTests(StoreProvider.Postgres);
}
