using ComplianceDashboard.Core.Compliance;

namespace ComplianceDashboard.Core.Tests.Compliance;

public sealed class TrainingRunRegistrationTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    private static TrainingRunRegistration Valid() =>
        new("UK", "run-1", "snap-1", Now.AddDays(-2), Now.AddDays(-1), new string('0', 64), 10, 0);

    [Fact]
    public void AValidRegistration_HasNoProblems() => Assert.Empty(Valid().Problems(Now));

    [Fact]
    public void CutOffsExactlyNow_AreAccepted_AndOneMillisecondLaterIsInTheFuture()
    {
        Assert.Empty((Valid() with { DataCutoffAt = Now, ObjectionCutoffAt = Now }).Problems(Now));

        var problems = (Valid() with { DataCutoffAt = Now, ObjectionCutoffAt = Now.AddMilliseconds(1) }).Problems(Now);

        Assert.StartsWith("objectionCutoffAt is in the future", Assert.Single(problems));
    }

    [Fact]
    public void TheObjectionCutOffMayEqualTheDataCutOff_ButNotPrecedeIt()
    {
        Assert.Empty((Valid() with { ObjectionCutoffAt = Now.AddDays(-2) }).Problems(Now));

        var problems = (Valid() with { ObjectionCutoffAt = Now.AddDays(-2).AddMilliseconds(-1) }).Problems(Now);

        Assert.StartsWith("objectionCutoffAt must not be before dataCutoffAt", Assert.Single(problems));
    }

    [Theory]
    [InlineData(63, false)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void TheSuppressionListHash_IsExactly64HexCharacters(int length, bool valid)
    {
        var problems = (Valid() with { SuppressionListSha256 = new string('F', length) }).Problems(Now);

        Assert.Equal(valid, problems.Count == 0);
    }

    [Fact]
    public void AHashWithANonHexCharacter_IsRefused() =>
        Assert.Single((Valid() with { SuppressionListSha256 = new string('0', 63) + "g" }).Problems(Now));

    [Theory]
    [InlineData(0L, true)]
    [InlineData(-1L, false)]
    public void CountsMustBeZeroOrMore(long value, bool valid)
    {
        Assert.Equal(valid, (Valid() with { SuppressionListSize = value }).Problems(Now).Count == 0);
        Assert.Equal(valid, (Valid() with { ObjectorsFoundAfterExclusion = value }).Problems(Now).Count == 0);
    }

    [Fact]
    public void ARunIdLongerThanTheLimit_OrWithControlCharacters_IsRefused()
    {
        Assert.Empty((Valid() with { RunId = new string('r', TrainingRunRegistration.MaxIdLength) }).Problems(Now));
        Assert.Single((Valid() with { RunId = new string('r', TrainingRunRegistration.MaxIdLength + 1) }).Problems(Now));
        Assert.Single((Valid() with { RunId = "run\n1" }).Problems(Now));
    }

    [Fact]
    public void EveryMissingFieldIsNamed()
    {
        var problems = new TrainingRunRegistration(null, null, null, null, null, null, null, null).Problems(Now);

        Assert.Equal(
            ["jurisdiction", "runId", "datasetSnapshotId", "dataCutoffAt", "objectionCutoffAt", "suppressionListSha256", "suppressionListSize", "objectorsFoundAfterExclusion"],
            problems.Select(p => p.Split(' ')[0]));
        Assert.All(problems, p => Assert.EndsWith("is required.", p));
    }
}
