using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ObjectionPlatform = ComplianceDashboard.Core.Objections.Platform;
using RolloutPlatform = ComplianceDashboard.Core.Rollout.Platform;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Compliance;

/// <summary>Crafted programme data for one jurisdiction ("UK") in a real temp store, written through the repositories and services.</summary>
public sealed class CheckFixture : IDisposable
{
    public const string Code = "UK";
    public static readonly DateTime Noon = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Noon);

    public CheckFixture(bool demo = true, DateOnly? plannedStart = null, DateOnly? actualStart = null, StoreProvider provider = StoreProvider.LiteDb)
    {
        Store = TestStore.Create(provider, demo, new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Write(() => Get<IJurisdictionRepository>().Save(new Jurisdiction
        {
            Id = Code, Name = "United Kingdom", DeadlinePolicy = new DeadlinePolicy(), PlannedTrainingStart = plannedStart,
            ActualTrainingStart = actualStart, State = ProgrammeState.Notifying, CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        }));
    }

    public TestStore Store { get; }

    public T Get<T>() where T : notnull => Store.Get<T>();

    public void Dispose() => Store.Dispose();

    public void Write<T>(Func<Result<T>> change) => Assert.True(Get<IUnitOfWork>().Write(change).Succeeded);

    public CheckResult Evaluate(CheckDefinition check, DateTime asOf) =>
        Assert.Single(Get<IComplianceEvaluator>().Evaluate(Code, asOf, [check]));

    public void SetTrainingStart(DateOnly? planned, DateOnly? actual)
    {
        var repo = Get<IJurisdictionRepository>();
        Write(() => repo.Save(repo.Find(Code)! with { PlannedTrainingStart = planned, ActualTrainingStart = actual }));
    }

    public void Clock(DateTime at) => Store.Clock.Advance(at - Store.Clock.UtcDateTime);

    /// <summary>An assessment whose version 1 covers UK, approved at <paramref name="approvedAt"/>, optionally superseded later.</summary>
    public void Lia(DateTime approvedAt, DateOnly? nextReview, (SafeguardStatus Status, DateOnly? Date)[]? requiredSafeguards = null,
        DateTime? supersededAt = null, string id = "lia-uk", DateTime? triggeredAt = null)
    {
        var answers = (requiredSafeguards ?? []).Select((s, i) => new Answer
        {
            Key = QuestionCatalogue.In(AssessmentPart.Safeguards).ElementAt(i).Key,
            Safeguard = new SafeguardValue { Status = s.Status, Date = s.Date, RequiredBeforeTraining = true, Days = 30 },
        }).ToArray();
        var history = new List<StatusChange> { new() { From = AssessmentStatus.InReview, To = AssessmentStatus.Approved, At = approvedAt } };
        if (supersededAt is { } s) history.Add(new StatusChange { From = AssessmentStatus.Approved, To = AssessmentStatus.Superseded, At = s });
        var version = new AssessmentVersion
        {
            Number = 1, Status = supersededAt is null ? AssessmentStatus.Approved : AssessmentStatus.Superseded, Title = "UK LIA",
            Jurisdictions = [Code], Answers = answers, CreatedAt = approvedAt.AddDays(-10), UpdatedAt = approvedAt,
            History = [.. history], ApprovedAt = approvedAt, NextReviewDate = nextReview,
        };
        Write(() => Get<IAssessmentRepository>().Save(new Assessment
        {
            Id = id, CreatedAt = version.CreatedAt, UpdatedAt = approvedAt, Versions = [version],
            TriggerEvents = triggeredAt is { } t ? [new TriggerEvent { Trigger = ReviewTrigger.RegulatorStatement, At = t }] : [],
        }));
    }

    public void Campaign(string id, DateOnly? actualStart, DateOnly plannedStart, DateOnly? end, decimal target = 0.9m, int minimumWindow = 30, params string[] cohorts)
    {
        var repo = Get<ICampaignRepository>();
        Write(() => repo.Save(new Campaign
        {
            Id = id, JurisdictionCode = Code, Platform = RolloutPlatform.Facebook, Name = id, Status = CampaignStatus.Sending,
            PlannedStart = plannedStart, ActualStart = actualStart, PlannedEnd = end, CoverageTarget = target, MinimumObjectionWindowDays = minimumWindow,
        }));
        foreach (var cohort in cohorts.DefaultIfEmpty("wave-1"))
            Write(() => repo.SaveCohort(new Cohort { Id = Cohort.IdOf(id, cohort), CampaignId = id, Code = cohort, Name = cohort, SendFrom = plannedStart }));
    }

    public void Row(string campaign, DateOnly day, long eligible, long displayed, long priorContacted = 0, string cohort = "wave-1") =>
        Write(() =>
        {
            Get<IDeliveryStatsRepository>().Upsert(new DailyDeliveryStats
            {
                CampaignId = campaign, CohortCode = cohort, Date = day, Platform = RolloutPlatform.Facebook, Channel = NoticeChannel.InApp,
                Eligible = eligible, Sent = displayed, Delivered = displayed, Displayed = displayed, PriorObjectorsContacted = priorContacted, MinorsExcluded = 1,
            }.WithKey());
            return Result<Done>.Ok(Done.Value);
        });

    /// <summary>Records an objection received at <paramref name="received"/> through the service; resolves it at <paramref name="honouredAt"/> if given.</summary>
    public Objection Objection(DateTime received, DateTime? honouredAt = null)
    {
        var service = Get<ObjectionService>();
        Clock(received);
        var recorded = service.Record(Actor.System, new ObjectionDraft($"subj-{Guid.NewGuid():N}", Code, ObjectionPlatform.Facebook, ObjectionChannel.WebForm, received, false));
        Assert.True(recorded.Succeeded, recorded.Failure?.Message);
        if (honouredAt is not { } at) return recorded.Value;
        Clock(at);
        var honoured = service.Honour(Actor.System, recorded.Value.Id, recorded.Value.Version);
        Assert.True(honoured.Succeeded, honoured.Failure?.Message);
        return honoured.Value;
    }

    /// <summary>Stores an objection record as given (e.g. a refusal with no grounds that the service would not accept), with no rollups.</summary>
    public void RawObjection(Objection objection) =>
        Write(() =>
        {
            Get<IObjectionRepository>().Save([objection.Decide(new DeadlinePolicy()) with { Version = 1 }], [], []);
            return Result<Done>.Ok(Done.Value);
        });

    /// <summary>Stores a day rollup as given (crafted answered and within-limit counts).</summary>
    public void Rollup(DateOnly day, long honoured, long refused, long withinLimit) =>
        Write(() =>
        {
            Get<IObjectionRepository>().Save([], [], [ObjectionRollup.Empty(Code, ObjectionPlatform.Instagram, ObjectionChannel.Email, day) with
            {
                Received = honoured + refused, Honoured = honoured, Refused = refused, AnsweredWithinLimit = withinLimit,
            }]);
            return Result<Done>.Ok(Done.Value);
        });

    public void TrainingRun(string id, DateTime registeredAt, DateTime objectionCutoff, long suppressed, long found = 0) =>
        Write(() => Get<ITrainingRunRepository>().Save(new TrainingRun
        {
            Id = id, Jurisdiction = Code, DatasetSnapshotId = "snap", DataCutoffAt = objectionCutoff, ObjectionCutoffAt = objectionCutoff,
            SuppressionListSha256 = new string('a', 64), SuppressionListSize = suppressed, ObjectorsFoundAfterExclusion = found,
            RegisteredAt = registeredAt, RegisteredBy = "pipeline",
        }));

    public void Commitment(DateOnly madeOn, CommitmentStatus status, DateOnly? metOn = null) =>
        Write(() => Get<IRegulatorLogRepository>().Save(new RegulatorCommitment
        {
            Id = Guid.NewGuid().ToString("N")[..12], JurisdictionCode = Code, MadeOn = madeOn, Text = "Report monthly", Status = status,
            Evidence = status == CommitmentStatus.Met ? "Sent" : "", MetOn = metOn, RecordedAt = Noon,
        }));
}
