using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using LiteDB;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class ProgrammeCheckTests(StoreProvider provider) : IDisposable
{
    private readonly CheckFixture _f = new(provider: provider);

    public void Dispose() => _f.Dispose();

    private sealed class Heads(params ChainHead[] heads) : IRecordedChainHeads
    {
        public IReadOnlyList<RecordedChainHead> Recorded() => [.. heads.Select(h => (RecordedChainHead)h)];
    }

    private ComplianceEvaluator EvaluatorWith(IRecordedChainHeads heads) => new(
        _f.Get<IJurisdictionRepository>(), _f.Get<IAssessmentRepository>(), _f.Get<ICampaignRepository>(), _f.Get<IDeliveryStatsRepository>(),
        _f.Get<IObjectionRepository>(), _f.Get<IAuditLog>(), [heads], _f.Get<IRegulatorLogRepository>(), _f.Get<ITrainingRunRepository>(), _f.Get<IStoreInfo>(), _f.Get<Core.Complaints.IComplaintRepository>());

    [Fact]
    public void AuditChain_PassesOnAnIntactChainWithItsRecordedHeads()
    {
        _f.Objection(Noon.AddDays(-2));
        _f.Objection(Noon.AddDays(-1));
        var head = _f.Get<IAuditLog>().Head();
        var result = Assert.Single(EvaluatorWith(new Heads(head)).Evaluate(Code, Noon, [CheckCatalogue.AuditChainIntact]));
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Contains("1 recorded head", result.Measured);
    }

    [Fact]
    public void AuditChain_FailsWhenARecordedHeadIsNoLongerOnTheChain()
    {
        _f.Objection(Noon.AddDays(-1));
        var result = Assert.Single(EvaluatorWith(new Heads(new ChainHead(99, new string('f', 64)))).Evaluate(Code, Noon, [CheckCatalogue.AuditChainIntact]));
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("cut off", result.Explanation);
    }

    [Fact]
    public void AuditChain_FailsAfterAnEntryWasEdited()
    {
        _f.Objection(Noon.AddDays(-2));
        _f.Objection(Noon.AddDays(-1));
        _f.Store.Tamper(raw =>
        {
            var entries = raw.GetCollection("audit");
            var entry = entries.FindById(2L);
            entry["Summary"] = "Nothing happened";
            Assert.True(entries.Update(entry));
        }, "UPDATE audit SET summary = 'Nothing happened' WHERE sequence = 2");
        var result = _f.Evaluate(CheckCatalogue.AuditChainIntact, Noon);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("Broken at entry 2", result.Explanation);
    }

    /// <summary>Records a pack as EvidencePackService does: the chain head as of now in the pack, then the audited generation.</summary>
    private ChainHead RecordPack(string id)
    {
        ChainHead head = ChainHead.Empty;
        _f.Write(() =>
        {
            head = _f.Get<IAuditLog>().Head();
            var saved = _f.Get<Core.Evidence.IEvidencePackRepository>().Add(new Core.Evidence.EvidencePack
            {
                Id = id, Parameters = new Core.Evidence.PackParameters { Jurisdiction = Code, AsOf = _f.Store.Clock.UtcDateTime, Classification = "CONFIDENTIAL" },
                GeneratedAt = _f.Store.Clock.UtcNowMs(), PdfSha256 = "pdf-" + id, ChainHeadCount = head.Count, ChainHeadHash = head.Hash,
            }, [1, 2, 3]);
            _f.Get<IAuditLog>().Append(Actor.System, "evidence-pack.generated", "EvidencePack", id, $"chain head {head.Count}/{head.Hash}");
            return saved;
        });
        return head;
    }

    private void DeleteAuditEntriesFrom(long sequence) =>
        _f.Store.Tamper(raw => Assert.True(raw.GetCollection("audit").DeleteMany(Query.GTE("_id", sequence)) > 0), $"DELETE FROM audit WHERE sequence >= {sequence}");

    [Fact]
    public void AuditChain_FailsNamingThePack_WhenTheChainIsTruncatedBelowTheHeadAPackRecorded()
    {
        _f.Objection(Noon.AddDays(-3));
        _f.Objection(Noon.AddDays(-2));
        var head = RecordPack("EP-UK-0123456789abcdef");
        _f.Objection(Noon.AddDays(-1));
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.AuditChainIntact, Noon).Outcome);

        DeleteAuditEntriesFrom(head.Count); // the head entry and everything after it

        var result = _f.Evaluate(CheckCatalogue.AuditChainIntact, Noon);
        Assert.True(AuditChain.Verify(_f.Get<IAuditLog>().ReadAll()).Intact, "what is left links up on its own");
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains($"entries {head.Count} to {head.Count} were cut off (evidence pack EP-UK-0123456789abcdef recorded the chain head", result.Explanation);
    }

    [Fact]
    public void AuditChain_FailsNamingThePack_WhenEverythingAfterTheHeadAPackRecordedIsRemoved()
    {
        _f.Objection(Noon.AddDays(-3));
        var head = RecordPack("EP-UK-fedcba9876543210");
        _f.Objection(Noon.AddDays(-1));
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.AuditChainIntact, Noon).Outcome);

        DeleteAuditEntriesFrom(head.Count + 1); // the head stays; the pack's own generation entry and all later ones go

        var result = _f.Evaluate(CheckCatalogue.AuditChainIntact, Noon);
        Assert.Equal(head, _f.Get<IAuditLog>().Head());
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains($"entries after {head.Count} were cut off (evidence pack EP-UK-fedcba9876543210 was recorded at", result.Explanation);
    }

    [Theory]
    [InlineData(30, CheckOutcome.Pass)]
    [InlineData(31, CheckOutcome.Fail)]
    public void Commitments_AnOpenCommitmentIsOnTrackFor30Days(int daysAgo, CheckOutcome expected)
    {
        _f.Commitment(Today.AddDays(-daysAgo), CommitmentStatus.Open);
        Assert.Equal(expected, _f.Evaluate(CheckCatalogue.CommitmentsOnTrack, Noon).Outcome);
    }

    [Fact]
    public void Commitments_CountAsMetOnlyFromTheirMetDate_AndIgnoreThoseMadeAfterT()
    {
        _f.Commitment(Today.AddDays(-100), CommitmentStatus.Met, metOn: Today);
        _f.Commitment(Today.AddDays(1), CommitmentStatus.Open);
        Assert.Equal("0 met, 1 on track, 0 stalled", _f.Evaluate(CheckCatalogue.CommitmentsOnTrack, Noon.AddDays(-1)).Measured);
        var today = _f.Evaluate(CheckCatalogue.CommitmentsOnTrack, Noon);
        Assert.Equal(CheckOutcome.Pass, today.Outcome);
        Assert.Equal("1 met, 0 on track, 0 stalled", today.Measured);
    }

    [Fact]
    public void TrainingRuns_PassWithNoRunsRegistered()
    {
        var result = _f.Evaluate(CheckCatalogue.NoObjectorInTrainingData, Noon);
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("No runs registered", result.Measured);
    }

    [Theory]
    [InlineData(2, CheckOutcome.Pass)]
    [InlineData(1, CheckOutcome.Fail)]
    public void TrainingRuns_CompareTheSuppressionListWithObjectionsHonouredByTheCutoff(long suppressed, CheckOutcome expected)
    {
        _f.Objection(Noon.AddDays(-10), honouredAt: Noon.AddDays(-9));
        _f.Objection(Noon.AddDays(-8), honouredAt: Noon.AddDays(-7));
        _f.Objection(Noon.AddDays(-4), honouredAt: Noon.AddDays(-3)); // after the cut-off
        _f.TrainingRun("run-1", Noon.AddDays(-1), objectionCutoff: Noon.AddDays(-5), suppressed);
        Assert.Equal(expected, _f.Evaluate(CheckCatalogue.NoObjectorInTrainingData, Noon).Outcome);
    }

    [Fact]
    public void TrainingRuns_FailFromTheRegistrationOfARunThatFoundAnObjector()
    {
        var registered = Noon.AddDays(-1);
        _f.TrainingRun("run-1", registered, objectionCutoff: Noon.AddDays(-5), suppressed: 0, found: 1);
        Assert.Equal(CheckOutcome.Pass, _f.Evaluate(CheckCatalogue.NoObjectorInTrainingData, registered.AddMilliseconds(-1)).Outcome);
        var result = _f.Evaluate(CheckCatalogue.NoObjectorInTrainingData, registered);
        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains("run-1 found 1 objector", result.Explanation);
    }

    [Fact]
    public void RealData_WarnsInADemoStore()
    {
        Assert.Equal(CheckOutcome.Warning, _f.Evaluate(CheckCatalogue.RealData, Noon).Outcome);
        using var real = new CheckFixture(demo: false, provider: provider);
        Assert.Equal(CheckOutcome.Pass, real.Evaluate(CheckCatalogue.RealData, Noon).Outcome);
    }

    [Fact]
    public void Evaluate_ReturnsEveryCheckInCatalogueOrder_AndFailsEveryCheckOfAnUnknownJurisdiction()
    {
        var evaluator = _f.Get<IComplianceEvaluator>();
        Assert.Equal(CheckCatalogue.All.Select(c => c.Id), evaluator.Evaluate(Code, Noon).Select(r => r.CheckId));
        Assert.All(evaluator.Evaluate(Code, Noon), r => Assert.Equal(Noon, r.AsOf));
        var unknown = evaluator.Evaluate("XX", Noon, CheckCatalogue.Gate);
        Assert.Equal(CheckCatalogue.Gate.Count, unknown.Count);
        Assert.All(unknown, r => Assert.Equal(CheckOutcome.Fail, r.Outcome));
    }

    public sealed class OnLiteDb() : ProgrammeCheckTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ProgrammeCheckTests(StoreProvider.Postgres);
}
