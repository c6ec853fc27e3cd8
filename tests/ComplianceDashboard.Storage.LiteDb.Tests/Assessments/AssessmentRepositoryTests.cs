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

    /// <summary>An approved version on the AI template, signed: its template, measure flags and anonymity tests are content.</summary>
    private static Assessment OnTheAiTemplate()
    {
        var at = new DateTime(2026, 2, 1, 10, 0, 0, 456, DateTimeKind.Utc);
        var template = AssessmentTemplates.AiModelDevelopment;
        var version = new AssessmentVersion
        {
            Number = 2, Status = AssessmentStatus.Approved, Title = "AI model development (EU)", Jurisdictions = ["EU"], CreatedAt = at, UpdatedAt = at,
            BasedOn = 1, TemplateId = template.Id, TemplateVersion = template.Version, ApprovedAt = at,
            Answers =
            [
                new Answer { Key = "SG-MODEL-CARD", Text = "Published", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, EvidenceReference = "MC-1", Date = new DateOnly(2026, 1, 20), BeyondLegalDuty = true, ReliedOnInBalancing = true } },
                new Answer { Key = "SG-WATERMARKING", Text = "Planned", Safeguard = new SafeguardValue { Status = SafeguardStatus.Planned, BeyondLegalDuty = true } },
                new Answer { Key = "SG-TRANSPARENCY", Text = "Notice", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, Date = new DateOnly(2026, 1, 2), ReliedOnInBalancing = true, RequiredBeforeTraining = true } },
                new Answer { Key = "AN-CLAIM", Text = "Yes, tested.", YesNo = true },
                new Answer
                {
                    Key = "AN-TESTS", Text = "Two tests.",
                    AnonymityTests =
                    [
                        new AnonymityTest { Kind = AnonymityTestKind.MembershipInference, RunBy = "Red team", On = new DateOnly(2026, 1, 25), ModelVersion = "eu-7b-2026.01", Result = AnonymityTestResult.RiskInsignificant, Reference = "RT-12" },
                        new AnonymityTest { Kind = AnonymityTestKind.Regurgitation, RunBy = "Ada Lovelace", On = new DateOnly(2026, 1, 26), ModelVersion = "eu-7b-2026.01", Result = AnonymityTestResult.RiskNotInsignificant },
                    ],
                },
            ],
        };
        version = version with { ContentHash = AssessmentContent.Hash("lia-ai", version) };
        return new Assessment { Id = "lia-ai", OwnerName = "Olivia", CreatedAt = at, UpdatedAt = at, Versions = [version] };
    }

    [Fact]
    public void AVersionOnTheAiTemplate_KeepsItsTemplateMeasureFlagsAndAnonymityTests_AndStillVerifies()
    {
        var original = OnTheAiTemplate();
        Assert.True(Save(original).Succeeded);
        _store.Reopen();

        var loaded = _store.Get<IAssessmentRepository>().Find("lia-ai")!.Latest();

        Assert.Equal((AssessmentTemplates.AiId, 1), (loaded.TemplateId, loaded.TemplateVersion));
        Assert.Same(AssessmentTemplates.AiModelDevelopment, loaded.Template());
        Assert.Equal(AssessmentContent.SchemaVersion, AssessmentContent.SchemaOf(loaded));
        foreach (var key in new[] { "SG-MODEL-CARD", "SG-WATERMARKING", "SG-TRANSPARENCY" })
            Assert.Equal(original.Latest().AnswerTo(key).Safeguard, loaded.AnswerTo(key).Safeguard);
        Assert.Equal(["SG-MODEL-CARD"], AssessmentContent.ReliedOnMitigations(loaded).Select(m => m.Question.Key));
        Assert.True(AssessmentContent.ClaimsAnonymousModel(loaded));
        Assert.Equal(original.Latest().AnswerTo("AN-TESTS").AnonymityTests, AssessmentContent.AnonymityTests(loaded));
        // The hash covers all of the above, so one expected value on both stores means both keep the same content.
        Assert.Equal(original.Latest().ContentHash, AssessmentContent.Hash("lia-ai", loaded));
        Assert.True(AssessmentContent.Verifies("lia-ai", loaded));
    }

    [Fact]
    public void AVersionStoredBeforeTemplates_ReadsAsTheIcoTemplate_AndStillVerifiesOnContentSchema1()
    {
        var at = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);
        var version = new AssessmentVersion
        {
            Number = 1, Status = AssessmentStatus.Approved, Title = "AI training (UK)", Jurisdictions = ["UK"], CreatedAt = at, UpdatedAt = at, ApprovedAt = at,
            Answers =
            [
                new Answer { Key = "A1", Text = "Train a model on public posts." },
                new Answer { Key = "SG-WINDOW", Text = "30 days", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, EvidenceReference = "EV-1", Date = new DateOnly(2025, 5, 1), RequiredBeforeTraining = true, Days = 30 } },
            ],
        };
        var signed = AssessmentContent.Hash("lia-legacy", version);
        Assert.True(Save(new Assessment { Id = "lia-legacy", CreatedAt = at, UpdatedAt = at, Versions = [version with { ContentHash = signed }] }).Succeeded);
        // Remove what this code writes but a document stored before templates lacks, so the store reads a genuinely old document.
        string[] added = ["TemplateId", "TemplateVersion"];
        string[] addedToAnswers = ["AnonymityTests"];
        string[] addedToSafeguards = ["BeyondLegalDuty", "ReliedOnInBalancing"];
        _store.Tamper(
            raw =>
            {
                var assessments = raw.GetCollection("assessments");
                var document = assessments.FindById("lia-legacy");
                var stored = document["Versions"].AsArray[0].AsDocument;
                foreach (var field in added) Assert.True(stored.Remove(field), field);
                foreach (var answer in stored["Answers"].AsArray.Select(a => a.AsDocument))
                {
                    foreach (var field in addedToAnswers) answer.Remove(field);
                    if (answer.TryGetValue("Safeguard", out var safeguard))
                        foreach (var field in addedToSafeguards) safeguard.AsDocument.Remove(field);
                }
                Assert.True(assessments.Update(document));
            },
            "UPDATE assessments SET document = (document::jsonb"
            + string.Concat(added.Select(f => $" #- '{{Versions,0,{f}}}'"))
            + string.Concat(Enumerable.Range(0, 2).SelectMany(i => addedToAnswers.Select(f => $" #- '{{Versions,0,Answers,{i},{f}}}'")))
            + string.Concat(addedToSafeguards.Select(f => $" #- '{{Versions,0,Answers,1,Safeguard,{f}}}'"))
            + ")::json WHERE id = 'lia-legacy' AND document::jsonb #> '{Versions,0}' ? 'TemplateId'");

        var loaded = _store.Get<IAssessmentRepository>().Find("lia-legacy")!.Latest();

        Assert.Equal("", loaded.TemplateId);
        Assert.Same(AssessmentTemplates.IcoLegitimateInterests, loaded.Template());
        Assert.Equal(AssessmentContent.SchemaVersionBeforeTemplates, AssessmentContent.SchemaOf(loaded));
        Assert.Empty(loaded.AnswerTo("A1").AnonymityTests);
        Assert.False(loaded.AnswerTo("SG-WINDOW").Safeguard!.BeyondLegalDuty);
        Assert.True(AssessmentContent.Verifies("lia-legacy", loaded));
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
