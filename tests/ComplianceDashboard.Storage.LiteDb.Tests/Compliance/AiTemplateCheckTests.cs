using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using static ComplianceDashboard.Storage.LiteDb.Tests.Compliance.CheckFixture;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

/// <summary>Checks 15 and 16 (AI template, EDPB Opinion 28/2024) against a real store, on both stores.</summary>
public abstract class AiTemplateCheckTests(StoreProvider provider) : IDisposable
{
    private static readonly DateTime Approved = new(2026, 2, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime RunAt = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly RunDay = DateOnly.FromDateTime(RunAt);
    private readonly StoreProvider _provider = provider;
    private CheckFixture _f = new(provider: provider);

    public void Dispose() => _f.Dispose();

    private static Answer Measure(string key, SafeguardStatus status, DateOnly? date, bool beyond = true, bool relied = true) => new()
    {
        Key = key, Text = key,
        Safeguard = new SafeguardValue { Status = status, Date = date, BeyondLegalDuty = beyond, ReliedOnInBalancing = relied },
    };

    private static Answer Claim(bool anonymous) => new() { Key = "AN-CLAIM", Text = "Claim.", YesNo = anonymous };

    private static Answer Tests(params AnonymityTest[] tests) => new() { Key = "AN-TESTS", Text = "Tests.", AnonymityTests = tests };

    private static AnonymityTest Test(DateOnly on, string model = "m-7", AnonymityTestResult result = AnonymityTestResult.RiskInsignificant) =>
        new() { Kind = AnonymityTestKind.MembershipInference, RunBy = "Red team", On = on, ModelVersion = model, Result = result };

    /// <summary>An approved LIA covering UK on <paramref name="template"/> with <paramref name="answers"/>.</summary>
    private void Lia(AssessmentTemplate template, params Answer[] answers)
    {
        var version = new AssessmentVersion
        {
            Number = 1, Status = AssessmentStatus.Approved, Title = "UK LIA", Jurisdictions = [Code], Answers = answers,
            CreatedAt = Approved.AddDays(-10), UpdatedAt = Approved, ApprovedAt = Approved, NextReviewDate = new DateOnly(2027, 2, 1),
            History = [new StatusChange { From = AssessmentStatus.InReview, To = AssessmentStatus.Approved, At = Approved }],
            TemplateId = template.Id, TemplateVersion = template.Version,
        };
        _f.Write(() => _f.Get<IAssessmentRepository>().Save(new Assessment { Id = "lia-uk", CreatedAt = version.CreatedAt, UpdatedAt = Approved, Versions = [version] }));
    }

    private void Run(string id, DateTime at, string model = "m-7") => _f.Write(() => _f.Get<ITrainingRunRepository>().Save(new TrainingRun
    {
        Id = id, Jurisdiction = Code, DatasetSnapshotId = "snap-1", DataCutoffAt = at.AddDays(-2), ObjectionCutoffAt = at.AddDays(-1),
        SuppressionListSha256 = new string('a', 64), RegisteredAt = at, RegisteredBy = "pipeline", ModelVersion = model,
    }));

    private CheckResult Check15(DateTime at) => _f.Evaluate(CheckCatalogue.ReliedOnMitigationsVerified, at);

    private CheckResult Check16(DateTime at) => _f.Evaluate(CheckCatalogue.AnonymityEvidenceForLatestModel, at);

    private static DateTime NoonOn(DateOnly day) => day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

    [Fact]
    public void BothChecks_AreNotApplicable_ToAnAssessmentOnTheIcoTemplate_AndThatIsNotAPass()
    {
        Lia(AssessmentTemplates.IcoLegitimateInterests, Measure("SG-ERASURE", SafeguardStatus.Planned, null));

        var fifteen = Check15(Noon);
        var sixteen = Check16(Noon);

        Assert.Equal(CheckOutcome.NotApplicable, fifteen.Outcome);
        Assert.Equal(CheckOutcome.NotApplicable, sixteen.Outcome);
        Assert.NotEqual(CheckOutcome.Pass, fifteen.Outcome);
        Assert.Equal("Not applicable", fifteen.Outcome.Describe());
        Assert.Contains("ICO legitimate interests assessment v1", fifteen.Explanation);
        Assert.True(fifteen.Outcome.LetsTrainingStart());
    }

    [Fact]
    public void Check15_FailsWithoutAnApprovedLia()
    {
        Assert.Equal(CheckOutcome.Fail, Check15(Noon).Outcome);
    }

    [Fact]
    public void Check15_PassesWhenEveryReliedOnMeasureBeyondALegalDutyIsVerified_AndIgnoresMeasuresNotReliedOn()
    {
        Lia(AssessmentTemplates.AiModelDevelopment,
            Measure("SG-WINDOW", SafeguardStatus.Verified, Today.AddDays(-5)),
            Measure("SG-MODEL-CARD", SafeguardStatus.Verified, Today.AddDays(-3)),
            Measure("SG-WATERMARKING", SafeguardStatus.Planned, null, beyond: true, relied: false),
            Measure("SG-EXCLUSIONS", SafeguardStatus.Planned, null, beyond: false, relied: true));

        var result = Check15(Noon);

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("2 of 2 verified", result.Measured);
        Assert.Contains("SG-WINDOW, SG-MODEL-CARD", result.Explanation);
    }

    [Fact]
    public void Check15_FailsWhileAReliedOnMeasureIsOnlyImplemented_NamingIt()
    {
        Lia(AssessmentTemplates.AiModelDevelopment,
            Measure("SG-WINDOW", SafeguardStatus.Verified, Today.AddDays(-5)),
            Measure("SG-OUTPUT-FILTERS", SafeguardStatus.Implemented, Today.AddDays(-5)));

        var result = Check15(Noon);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("1 of 2 verified", result.Measured);
        Assert.Contains("SG-OUTPUT-FILTERS (Implemented)", result.Explanation);
    }

    [Fact]
    public void Check15_FailsTheDayBeforeTheVerification_AndPassesOnItsDay()
    {
        var verifiedOn = Today;
        Lia(AssessmentTemplates.AiModelDevelopment, Measure("SG-ERASURE", SafeguardStatus.Verified, verifiedOn));

        Assert.Equal(CheckOutcome.Fail, Check15(NoonOn(verifiedOn.AddDays(-1))).Outcome);
        Assert.Equal(CheckOutcome.Pass, Check15(NoonOn(verifiedOn)).Outcome);
    }

    [Fact]
    public void Check15_PassesForAMeasureVerifiedOnTheTrainingStartDay_AndFailsForOneVerifiedTheDayAfter()
    {
        _f.Dispose();
        _f = new CheckFixture(actualStart: Today.AddDays(-10), provider: _provider);
        Lia(AssessmentTemplates.AiModelDevelopment,
            Measure("SG-ERASURE", SafeguardStatus.Verified, Today.AddDays(-10)),
            Measure("SG-MEMORISATION", SafeguardStatus.Verified, Today.AddDays(-9)));

        var result = Check15(Noon);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("1 of 2 verified", result.Measured);
        Assert.Contains("SG-MEMORISATION (verified 1 Mar 2026, after training started 28 Feb 2026)", result.Explanation);
    }

    [Fact]
    public void Check15_Passes_WhenTheBalancingReliesOnNoMeasureBeyondTheLaw()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Measure("SG-ERASURE", SafeguardStatus.Planned, null, beyond: false, relied: true));

        var result = Check15(Noon);

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("0 relied on", result.Measured);
    }

    [Fact]
    public void Check16_IsNotApplicable_WhenTheAssessmentDoesNotClaimTheModelIsAnonymous()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(false));
        Run("run-1", RunAt);

        Assert.Equal(CheckOutcome.NotApplicable, Check16(Noon).Outcome);
    }

    [Fact]
    public void Check16_PassesBeforeAnyRun_AndWhileTheTestsAreNotYetDue_ThenWarnsTheDayAfterTheyWereDue()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(true));
        Run("run-1", RunAt);
        var due = RunDay.AddDays(AnonymityEvidencePolicy.DefaultDays);

        Assert.Equal("No training run", Check16(RunAt.AddMilliseconds(-1)).Measured);
        var justDue = Check16(NoonOn(due));
        var overdue = Check16(NoonOn(due.AddDays(1)));

        Assert.Equal(CheckOutcome.Pass, justDue.Outcome);
        Assert.Contains("awaiting tests, due 22 Mar 2026", justDue.Measured);
        Assert.Equal(CheckOutcome.Warning, overdue.Outcome);
        Assert.Contains("no anonymity test of model m-7", overdue.Explanation);
    }

    [Fact]
    public void Check16_PassesFromTheDayOfATestOfTheRunsModel_AndIgnoresTestsOfOtherModelsOrFromBeforeTheRun()
    {
        var testedOn = RunDay.AddDays(3);
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(true),
            Tests(Test(testedOn), Test(RunDay.AddDays(1), model: "m-6"), Test(RunDay.AddDays(-1))));
        Run("run-1", RunAt);

        var before = Check16(NoonOn(testedOn.AddDays(-1)));
        var on = Check16(NoonOn(testedOn));
        var long_after = Check16(NoonOn(testedOn.AddDays(200)));

        Assert.Equal(CheckOutcome.Pass, before.Outcome);
        Assert.Contains("awaiting", before.Measured);
        Assert.Equal(CheckOutcome.Pass, on.Outcome);
        Assert.Equal("Model m-7: 1 test(s)", on.Measured);
        Assert.Equal(CheckOutcome.Pass, long_after.Outcome);
    }

    [Fact]
    public void Check16_Warns_WhenATestFoundTheRiskNotInsignificant()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(true), Tests(Test(RunDay.AddDays(2), result: AnonymityTestResult.RiskNotInsignificant)));
        Run("run-1", RunAt);

        var result = Check16(NoonOn(RunDay.AddDays(5)));

        Assert.Equal(CheckOutcome.Warning, result.Outcome);
        Assert.Contains("risk not insignificant", result.Explanation);
    }

    [Fact]
    public void Check16_Warns_WhenTheLatestRunNamesNoModelVersion()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(true), Tests(Test(RunDay.AddDays(2))));
        Run("run-1", RunAt);
        Run("run-2", RunAt.AddDays(1), model: "");

        var result = Check16(NoonOn(RunDay.AddDays(5)));

        Assert.Equal(CheckOutcome.Warning, result.Outcome);
        Assert.Contains("run-2", result.Explanation);
    }

    [Fact]
    public void Check16_WaitsTheConfiguredNumberOfDays()
    {
        Lia(AssessmentTemplates.AiModelDevelopment, Claim(true));
        Run("run-1", RunAt);
        var evaluator = new ComplianceEvaluator(
            _f.Get<IJurisdictionRepository>(), _f.Get<IAssessmentRepository>(), _f.Get<ICampaignRepository>(), _f.Get<IDeliveryStatsRepository>(),
            _f.Get<IObjectionRepository>(), _f.Get<IAuditLog>(), [], _f.Get<IRegulatorLogRepository>(), _f.Get<ITrainingRunRepository>(), _f.Get<IStoreInfo>(),
            _f.Get<IComplaintRepository>(), new AnonymityEvidencePolicy(7));

        var onDay7 = Assert.Single(evaluator.Evaluate(Code, NoonOn(RunDay.AddDays(7)), [CheckCatalogue.AnonymityEvidenceForLatestModel]));
        var onDay8 = Assert.Single(evaluator.Evaluate(Code, NoonOn(RunDay.AddDays(8)), [CheckCatalogue.AnonymityEvidenceForLatestModel]));

        Assert.Equal(CheckOutcome.Pass, onDay7.Outcome);
        Assert.Equal(CheckOutcome.Warning, onDay8.Outcome);
        Assert.Contains("within 7 days", onDay8.Threshold);
    }

    [Fact]
    public void TheGate_ListsCheck15_AndNotCheck16()
    {
        Assert.Equal("1–7, 9 and 15", CheckCatalogue.GateNumbers);
        Assert.Contains(CheckCatalogue.ReliedOnMitigationsVerified, CheckCatalogue.Gate);
        Assert.DoesNotContain(CheckCatalogue.AnonymityEvidenceForLatestModel, CheckCatalogue.Gate);
    }

    /// <summary>Checks 15 and 16 on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : AiTemplateCheckTests(StoreProvider.LiteDb);

    /// <summary>Checks 15 and 16 on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : AiTemplateCheckTests(StoreProvider.Postgres);
}
