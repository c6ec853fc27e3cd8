using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

public abstract class AsOfEvaluationTests(StoreProvider provider) : IDisposable
{
    private static readonly DateOnly Start = new(2026, 2, 1);
    private readonly CheckFixture _f = new(plannedStart: new DateOnly(2026, 4, 1), provider: provider);

    public void Dispose() => _f.Dispose();

    private static string Shown(CheckResult r) =>
        $"{r.CheckId}|{r.AsOf:O}|{r.Outcome}|{r.Measured}|{r.Threshold}|{r.Explanation}|{string.Join(",", r.Evidence.Select(e => e.Href))}";

    [Fact]
    public void EveryCheck_AsOfT_IsUnchangedByEventsDatedAfterT()
    {
        var t = new DateTime(2026, 2, 10, 12, 0, 0, DateTimeKind.Utc);
        _f.Lia(new DateTime(2026, 1, 20, 9, 0, 0, DateTimeKind.Utc), new DateOnly(2027, 1, 1), [(SafeguardStatus.Verified, new DateOnly(2026, 1, 25))]);
        _f.Campaign("C1", Start, Start, null);
        for (var d = Start; d < DateOnly.FromDateTime(t); d = d.AddDays(1)) _f.Row("C1", d, 100, 5);
        _f.Objection(t.AddDays(-3), honouredAt: t.AddDays(-2));
        _f.Objection(t.AddDays(-1));
        _f.Commitment(Start, CommitmentStatus.InProgress);
        var before = _f.Get<IComplianceEvaluator>().Evaluate(Code, t);

        // Later: the open objection is honoured, new ones arrive, a day is reported with an earlier objector contacted,
        // the LIA is superseded, a commitment goes stale-looking and a training run is registered.
        _f.Objection(t.AddHours(1), honouredAt: t.AddDays(40));
        _f.Objection(t.AddDays(2));
        _f.Row("C1", DateOnly.FromDateTime(t).AddDays(1), 100, 90, priorContacted: 3);
        _f.Lia(t.AddDays(1), new DateOnly(2026, 2, 12), [(SafeguardStatus.Planned, null)], id: "lia-uk-2");
        _f.Commitment(DateOnly.FromDateTime(t).AddDays(1), CommitmentStatus.Open);
        _f.TrainingRun("run-late", t.AddDays(3), t.AddDays(2), suppressed: 0, found: 5);
        var after = _f.Get<IComplianceEvaluator>().Evaluate(Code, t);

        Assert.Equal(before.Select(Shown), after.Select(Shown));
        Assert.Contains(after, r => r.Outcome == CheckOutcome.Pass);
    }

    [Fact]
    public void WithTheRecordedByTCut_ACampaignAndACommitmentEnteredAfterT_AreNotRead_ThoughTheirEventsAreDatedBeforeT()
    {
        var t = new DateTime(2026, 2, 10, 12, 0, 0, DateTimeKind.Utc);
        var enteredLater = t.AddDays(5);
        // A store that back-fills its history: the campaign, its cohort and a commitment are entered after T about days before it.
        _f.Write(() => _f.Get<ICampaignRepository>().Save(new Campaign
        {
            Id = "C1", JurisdictionCode = Code, Platform = Platform.Facebook, Name = "C1", Status = CampaignStatus.Sending,
            PlannedStart = Start, ActualStart = Start, CreatedAt = enteredLater,
        }));
        _f.Write(() => _f.Get<ICampaignRepository>().SaveCohort(new Cohort { Id = Cohort.IdOf("C1", "wave-1"), CampaignId = "C1", Code = "wave-1", Name = "wave-1", SendFrom = Start, CreatedAt = enteredLater }));
        for (var d = Start; d < DateOnly.FromDateTime(t); d = d.AddDays(1)) _f.Row("C1", d, 100, 5);
        _f.Write(() => _f.Get<IRegulatorLogRepository>().Save(new RegulatorCommitment
        {
            Id = "late", JurisdictionCode = Code, MadeOn = Start, Text = "Report monthly", Status = CommitmentStatus.Open, RecordedAt = enteredLater,
        }));
        var evaluator = _f.Get<IComplianceEvaluator>();

        var asRecorded = evaluator.Evaluate(Code, t, AsOfCut.RecordedByT);
        var byEvents = evaluator.Evaluate(Code, t, AsOfCut.EventsUpToT);

        CheckResult Of(IReadOnlyList<CheckResult> results, CheckDefinition check) => results.Single(r => r.CheckId == check.Id);
        Assert.Equal("No campaign", Of(asRecorded, CheckCatalogue.CoverageTargetReached).Measured);
        Assert.Equal("No cohort", Of(asRecorded, CheckCatalogue.ObjectionWindowsLongEnough).Measured);
        Assert.Equal("No commitments", Of(asRecorded, CheckCatalogue.CommitmentsOnTrack).Measured);
        Assert.StartsWith("C1:", Of(byEvents, CheckCatalogue.CoverageTargetReached).Measured);
        Assert.Equal("0 met, 1 on track, 0 stalled", Of(byEvents, CheckCatalogue.CommitmentsOnTrack).Measured);
        Assert.Equal(Of(byEvents, CheckCatalogue.ObjectionsWithinLegalLimit).Measured, Of(asRecorded, CheckCatalogue.ObjectionsWithinLegalLimit).Measured);
    }

    public sealed class OnLiteDb() : AsOfEvaluationTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : AsOfEvaluationTests(StoreProvider.Postgres);
}
