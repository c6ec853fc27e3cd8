using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Assessments;

public abstract class AssessmentRepositoryTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private Result<Assessment> Save(Assessment a) => _store.Get<IUnitOfWork>().Write(() => _store.Get<IAssessmentRepository>().Save(a));

    private static Assessment Sample(string bigText)
    {
        var at = new DateTime(2026, 1, 15, 9, 0, 0, 123, DateTimeKind.Utc);
        return new Assessment
        {
            Id = "lia-test", OwnerId = "user:officer@example.org", OwnerName = "Olivia", CreatedAt = at, UpdatedAt = at,
            TriggerEvents = [new TriggerEvent { Trigger = ReviewTrigger.ObjectionSpike, Note = "Spike", At = at, ByName = "Olivia" }],
            Versions =
            [
                new AssessmentVersion
                {
                    Number = 1, Status = AssessmentStatus.Approved, Title = "AI training", Jurisdictions = ["UK"], CreatedAt = at, UpdatedAt = at,
                    CreatedBy = "Olivia", Editors = ["user:officer@example.org"], ReviewTriggers = [ReviewTrigger.NewPurpose, ReviewTrigger.RegulatorStatement],
                    Answers =
                    [
                        new Answer { Key = "A1", Text = bigText },
                        new Answer { Key = "A5", Text = "Important", Rating = 4 },
                        new Answer { Key = "S3", Text = "Exclusions", Items = ["Private messages", "Under-18 accounts"] },
                        new Answer { Key = "B-ALTERNATIVES", Text = "Considered", Alternatives = [new Alternative { Option = "Licensed data", WhyRejected = "Too narrow" }] },
                        new Answer { Key = "C-IMPACTS", Text = "Impacts", Impacts = [new Impact { Description = "Regurgitation", Likelihood = Level.Low, Severity = Level.High }] },
                        new Answer { Key = "C-OPTOUT", Text = "Form", YesNo = true, Unconditional = true },
                        new Answer { Key = "SG-WINDOW", Text = "30 days", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, EvidenceReference = "EV-9", Date = new DateOnly(2026, 1, 2), RequiredBeforeTraining = true, Days = 30 } },
                        new Answer { Key = "D-OUTCOME", Text = "Applies", Outcome = DecisionOutcome.AppliesWithConditions },
                        new Answer { Key = "D-DPIA", Text = "Yes", Dpia = new DpiaValue { Needed = true, Reference = "DPIA-1", ResidualRisk = Level.Medium, PriorConsultationRequired = false } },
                    ],
                    Comments = [new ReviewComment { Id = "c1", QuestionKey = "A1", AuthorId = "user:legal@example.org", AuthorName = "Leo", AuthorRole = "Legal reviewer", At = at, Text = "<script>alert(1)</script>" }],
                    History = [new StatusChange { From = AssessmentStatus.InReview, To = AssessmentStatus.Approved, At = at, ById = "user:legal@example.org", ByName = "Leo" }],
                    DpoAdvice = new DpoAdvice { Advice = "Proceed", ById = "user:dpo@example.org", ByName = "Dana", At = at },
                    DpoAdviceFollowed = true,
                    SignOffs = [new SignOff { ById = "user:legal@example.org", ByName = "Leo", Role = "Legal reviewer", At = at, Decision = SignOffDecision.Approved, ContentHash = new string('a', 64) }],
                    ContentHash = new string('a', 64), ApprovedAt = at, NextReviewDate = new DateOnly(2027, 1, 15),
                },
            ],
        };
    }

    [Fact]
    public void AnAssessment_RoundTripsThroughTheStore_WithA100KilobyteAnswerAndEveryStructuredValue()
    {
        // The store's mapper trims strings (LiteDB's default), so answers are saved trimmed by the service too.
        var big = string.Concat(Enumerable.Repeat("Zażółć gęślą jaźń — public posts only.\n", 2700)).Trim();
        Assert.True(big.Length >= 100_000);
        var original = Sample(big);

        Assert.True(Save(original).Succeeded);
        _store.Reopen();
        var loaded = _store.Get<IAssessmentRepository>().Find("lia-test")!;

        var expected = original with { Version = 1 };
        // Records compare arrays by reference, so answers are compared through their canonical form.
        Assert.Equal(AssessmentContent.Canonical("lia-test", expected.Latest()), AssessmentContent.Canonical("lia-test", loaded.Latest()));
        Assert.True(big == loaded.Latest().AnswerTo("A1").Text, "The 100 KB answer did not come back whole.");
        Assert.Equal(["Private messages", "Under-18 accounts"], loaded.Latest().AnswerTo("S3").Items);
        Assert.Equal(expected.Latest().SignOffs, loaded.Latest().SignOffs);
        Assert.Equal(expected.Latest().Comments, loaded.Latest().Comments);
        Assert.Equal(expected.Latest().History, loaded.Latest().History);
        Assert.Equal(expected.Latest().ReviewTriggers, loaded.Latest().ReviewTriggers);
        Assert.Equal(expected.Latest().Editors, loaded.Latest().Editors);
        Assert.Equal(expected.TriggerEvents, loaded.TriggerEvents);
        Assert.Equal(DateTimeKind.Utc, loaded.Latest().ApprovedAt!.Value.Kind);
        Assert.Equal(AssessmentContent.Hash("lia-test", expected.Latest()), AssessmentContent.Hash("lia-test", loaded.Latest()));
    }

    [Fact]
    public void SavingAStaleCopy_IsAConflict_AndTheStoredCopyIsKept()
    {
        var first = Save(Sample("one")).Value;
        Assert.True(Save(first with { OwnerName = "Theirs" }).Succeeded);

        var stale = Save(first with { OwnerName = "Mine" });

        Assert.Equal(FailureKind.Conflict, stale.Failure!.Kind);
        Assert.Equal("Theirs", _store.Get<IAssessmentRepository>().Find("lia-test")!.OwnerName);
    }

    [Fact]
    public void TheWorkflow_OverTheRealStore_KeepsTheAuditChainIntact_AndAStaleDraftSaveWritesNothing()
    {
        _store.Get<DemoProgramme>().Seed();
        var service = _store.Get<AssessmentService>();
        var officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
        var created = service.Create(officer, "New purpose", ["UK"]).Value;
        var head = _store.Get<IAuditLog>().Head();
        Assert.True(service.SaveDraft(officer, created.Id, created.Version, 1, new DraftContent("Theirs", ["UK"], [], [])).Succeeded);
        head = _store.Get<IAuditLog>().Head();

        var stale = service.SaveDraft(officer, created.Id, created.Version, 1, new DraftContent("Mine", ["UK"], [], []));

        Assert.Equal(FailureKind.Conflict, stale.Failure!.Kind);
        Assert.Equal(head, _store.Get<IAuditLog>().Head());
        Assert.Equal("Theirs", service.Find(created.Id)!.Latest().Title);
        Assert.True(_store.Get<AuditService>().Verify(Actor.System).Value.Intact);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : AssessmentRepositoryTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : AssessmentRepositoryTests(StoreProvider.Postgres);
}
