using ComplianceDashboard.Core.Assessments;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>
/// Checks 1–3, 15 and 16: the approved LIA in force at T, its review date, its pre-training safeguards, the mitigating
/// measures its balancing relies on, and the anonymity evidence for the latest model.
/// </summary>
internal sealed class AssessmentChecks(IAssessmentRepository assessments, ITrainingRunRepository trainingRuns, AnonymityEvidencePolicy anonymityEvidence) : ICheckGroup
{
    private sealed record InForce(Assessment Assessment, AssessmentVersion Version);

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.ApprovedAssessmentInForce.Id] = ApprovedInForce,
        [CheckCatalogue.AssessmentReviewNotOverdue.Id] = ReviewCurrent,
        [CheckCatalogue.SafeguardsVerified.Id] = SafeguardsVerified,
        [CheckCatalogue.ReliedOnMitigationsVerified.Id] = ReliedOnMitigationsVerified,
        [CheckCatalogue.AnonymityEvidenceForLatestModel.Id] = AnonymityEvidence,
    };

    /// <summary>
    /// The newest version covering the jurisdiction that was approved at or before T and had not left the Approved
    /// status by T (superseded or withdrawn later still counts as in force at T).
    /// </summary>
    private InForce? Find(CheckContext ctx) => ctx.Cached("lia", () => new Box<InForce?>(
        assessments.All()
            .SelectMany(a => a.Versions.Select(v => new InForce(a, v)))
            .Where(x => x.Version.Jurisdictions.Contains(ctx.Code, StringComparer.OrdinalIgnoreCase))
            .Where(x => x.Version.ApprovedAt is { } approved && approved <= ctx.AsOf && !LeftApprovedBy(x.Version, approved, ctx.AsOf))
            .MaxBy(x => x.Version.ApprovedAt))).Value;

    private static bool LeftApprovedBy(AssessmentVersion version, DateTime approvedAt, DateTime asOf) =>
        version.History.Any(h => h.From == AssessmentStatus.Approved && h.At >= approvedAt && h.At <= asOf);

    private static EvidenceLink Link(InForce lia) =>
        new($"{lia.Assessment.Latest().Title} v{lia.Version.Number}", $"/assessments/{Uri.EscapeDataString(lia.Assessment.Id)}/versions/{lia.Version.Number}");

    private static EvidenceLink AssessmentsList => new("Assessments", "/assessments");

    private CheckResult ApprovedInForce(CheckContext ctx)
    {
        var check = CheckCatalogue.ApprovedAssessmentInForce;
        if (Find(ctx) is not { } lia)
            return ctx.Result(check, CheckOutcome.Fail, "None", "An approved version in force",
                $"No approved LIA version covering {ctx.Code} was in force on {Date(ctx.AsOf)}.", AssessmentsList);
        return ctx.Result(check, CheckOutcome.Pass, $"v{lia.Version.Number} approved {Date(lia.Version.ApprovedAt!.Value)}", "An approved version in force",
            $"Version {lia.Version.Number} of \"{lia.Version.Title}\" covers {ctx.Code} and was in force on {Date(ctx.AsOf)}.", Link(lia));
    }

    private CheckResult ReviewCurrent(CheckContext ctx)
    {
        var check = CheckCatalogue.AssessmentReviewNotOverdue;
        var threshold = $"Next review on or after {Date(ctx.Day)}";
        if (Find(ctx) is not { } lia)
            return ctx.Result(check, CheckOutcome.Fail, "No LIA in force", threshold, "There is no approved LIA in force whose review could be current.", AssessmentsList);
        if (lia.Version.NextReviewDate is not { } due)
            return ctx.Result(check, CheckOutcome.Warning, "No review date", threshold, $"Version {lia.Version.Number} has no next review date.", Link(lia));
        var triggered = lia.Assessment.TriggerEvents
            .Where(t => t.At > lia.Version.ApprovedAt && t.At <= ctx.AsOf).OrderBy(t => t.At).FirstOrDefault();
        var daysLeft = due.DayNumber - ctx.Day.DayNumber;
        if (daysLeft < 0)
            return ctx.Result(check, CheckOutcome.Fail, $"Due {Date(due)}", threshold, $"The review was due {-daysLeft} day(s) before {Date(ctx.Day)}.", Link(lia));
        if (triggered is not null)
            return ctx.Result(check, CheckOutcome.Warning, $"Due {Date(due)}; triggered {Date(triggered.At)}", threshold,
                $"A review was triggered after approval ({triggered.Trigger.Describe()}): review the LIA now.", Link(lia));
        if (daysLeft <= ReviewSchedule.DueSoonDays)
            return ctx.Result(check, CheckOutcome.Warning, $"Due {Date(due)}", threshold, $"The review is due within {daysLeft} day(s).", Link(lia));
        return ctx.Result(check, CheckOutcome.Pass, $"Due {Date(due)}", threshold, $"The next review is {daysLeft} days away.", Link(lia));
    }

    private CheckResult SafeguardsVerified(CheckContext ctx)
    {
        var check = CheckCatalogue.SafeguardsVerified;
        const string threshold = "All verified";
        if (Find(ctx) is not { } lia)
            return ctx.Result(check, CheckOutcome.Fail, "No LIA in force", threshold, "There is no approved LIA in force, so no safeguard is recorded as required.", AssessmentsList);
        var gate = AssessmentContent.TrainingGate(lia.Version);
        if (gate.Count == 0)
            return ctx.Result(check, CheckOutcome.Warning, "0 required", threshold,
                $"Version {lia.Version.Number} marks no safeguard as required before training.", Link(lia));
        // A verification dated after T had not happened yet at T.
        var unverified = gate.Where(g => g.Value.Status != Assessments.SafeguardStatus.Verified || g.Value.Date > ctx.Day).ToList();
        var measured = $"{gate.Count - unverified.Count} of {gate.Count} verified";
        return unverified.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold, "Every safeguard required before training is verified.", Link(lia))
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold,
                $"Not verified on {Date(ctx.Day)}: {List(unverified.Select(u => $"{u.Question.Key} ({u.Value.Status})"))}.", Link(lia));
    }

    private static CheckResult NotOnTheAiTemplate(CheckContext ctx, CheckDefinition check, InForce lia, string threshold) =>
        ctx.Result(check, CheckOutcome.NotApplicable, $"{lia.Version.Template().Name} v{lia.Version.Template().Version}", threshold,
            $"Version {lia.Version.Number} is on the template \"{lia.Version.Template().Label}\", which does not record what this check needs; "
            + $"it applies to assessments on the template \"{AssessmentTemplates.AiModelDevelopment.Label}\".", Link(lia));

    private CheckResult ReliedOnMitigationsVerified(CheckContext ctx)
    {
        var check = CheckCatalogue.ReliedOnMitigationsVerified;
        const string threshold = "All verified before training";
        if (Find(ctx) is not { } lia)
            return ctx.Result(check, CheckOutcome.Fail, "No LIA in force", threshold, "There is no approved LIA in force, so no balancing and no mitigating measure is on record.", AssessmentsList);
        if (!lia.Version.Template().AsksMitigatingMeasureFlags) return NotOnTheAiTemplate(ctx, check, lia, threshold);
        var measures = AssessmentContent.ReliedOnMitigations(lia.Version);
        if (measures.Count == 0)
            return ctx.Result(check, CheckOutcome.Pass, "0 relied on", threshold,
                $"Version {lia.Version.Number} relies on no mitigating measure beyond a legal duty in its balancing, so there is nothing to verify.", Link(lia));
        // Training that has started must not have run before the measures were verified; a verification dated after T had not happened at T.
        var started = ctx.Jurisdiction.ActualTrainingStart is { } start && start <= ctx.Day ? start : (DateOnly?)null;
        var problems = measures.Select(m => m.Value.Status != Assessments.SafeguardStatus.Verified || m.Value.Date is null || m.Value.Date > ctx.Day
                ? $"{m.Question.Key} ({m.Value.Status}{(m.Value.Status == Assessments.SafeguardStatus.Verified && m.Value.Date is null ? ", undated" : m.Value.Date > ctx.Day ? $" on {Date(m.Value.Date!.Value)}" : "")})"
                : started is { } s && m.Value.Date > s ? $"{m.Question.Key} (verified {Date(m.Value.Date!.Value)}, after training started {Date(s)})"
                : null)
            .OfType<string>().ToList();
        var measured = $"{measures.Count - problems.Count} of {measures.Count} verified";
        return problems.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold,
                $"Every mitigating measure the balancing relies on is verified{(started is { } st ? $" on or before the training start ({Date(st)})" : "")}: {List(measures.Select(m => m.Question.Key), 20)}.", Link(lia))
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold, $"Not verified before training on {Date(ctx.Day)}: {List(problems, 20)}.", Link(lia));
    }

    private CheckResult AnonymityEvidence(CheckContext ctx)
    {
        var check = CheckCatalogue.AnonymityEvidenceForLatestModel;
        var threshold = $"A test of the run's model version within {anonymityEvidence.DaysAfterRun} days of the run";
        if (Find(ctx) is not { } lia)
            return ctx.Result(check, CheckOutcome.NotApplicable, "No LIA in force", threshold, "There is no approved LIA in force, so no claim that the model is anonymous (check 1 fails).", AssessmentsList);
        if (!lia.Version.Template().Has("AN-CLAIM")) return NotOnTheAiTemplate(ctx, check, lia, threshold);
        if (!AssessmentContent.ClaimsAnonymousModel(lia.Version))
            return ctx.Result(check, CheckOutcome.NotApplicable, "No anonymity claim", threshold,
                $"Version {lia.Version.Number} does not claim that the trained model is anonymous: the model is treated as containing personal data.", Link(lia));
        var run = trainingRuns.ForJurisdiction(ctx.Code).Where(r => r.RegisteredAt <= ctx.AsOf).MaxBy(r => r.RegisteredAt);
        if (run is null)
            return ctx.Result(check, CheckOutcome.Pass, "No training run", threshold, $"No training run for {ctx.Code} was registered by {Date(ctx.AsOf)}, so there is no model to test yet.", Link(lia));
        var runLink = new EvidenceLink($"Training run {run.Id}", $"/jurisdictions/{Uri.EscapeDataString(ctx.Code)}");
        if (run.ModelVersion.Length == 0)
            return ctx.Result(check, CheckOutcome.Warning, $"Run {run.Id}: no model version", threshold,
                $"The latest training run ({run.Id}, registered {Date(run.RegisteredAt)}) names no model version, so no anonymity test can be matched to it.", Link(lia), runLink);
        var runDay = DateOnly.FromDateTime(run.RegisteredAt);
        var due = runDay.AddDays(anonymityEvidence.DaysAfterRun);
        // A test of this model necessarily comes after the run that produced it; one dated after T had not happened at T.
        var tests = AssessmentContent.AnonymityTests(lia.Version)
            .Where(t => t.ModelVersion == run.ModelVersion && t.On is { } on && on >= runDay && on <= ctx.Day).ToList();
        if (tests.Count == 0)
            return ctx.Day <= due
                ? ctx.Result(check, CheckOutcome.Pass, $"Model {run.ModelVersion}: awaiting tests, due {Date(due)}", threshold,
                    $"Run {run.Id} produced model {run.ModelVersion} on {Date(runDay)}; its anonymity tests are due by {Date(due)}.", Link(lia), runLink)
                : ctx.Result(check, CheckOutcome.Warning, $"Model {run.ModelVersion}: no test", threshold,
                    $"Version {lia.Version.Number} claims the model is anonymous, but no anonymity test of model {run.ModelVersion} (run {run.Id}, {Date(runDay)}) was recorded by {Date(due)}.", Link(lia), runLink);
        var measured = $"Model {run.ModelVersion}: {tests.Count} test(s)";
        var adverse = tests.Where(t => t.Result != AnonymityTestResult.RiskInsignificant).ToList();
        if (adverse.Count > 0)
            return ctx.Result(check, CheckOutcome.Warning, measured, threshold,
                $"A test found the risk not insignificant, so the anonymity claim is not supported: {List(adverse.Select(t => t.Describe()))}.", Link(lia), runLink);
        var late = tests.All(t => t.On > due);
        return late
            ? ctx.Result(check, CheckOutcome.Warning, measured, threshold,
                $"Model {run.ModelVersion} was tested only after the {anonymityEvidence.DaysAfterRun} days allowed (due {Date(due)}): {List(tests.Select(t => t.Describe()))}.", Link(lia), runLink)
            : ctx.Result(check, CheckOutcome.Pass, measured, threshold, $"Anonymity tests of model {run.ModelVersion}: {List(tests.Select(t => t.Describe()))}.", Link(lia), runLink);
    }
}

/// <summary>Lets a nullable value sit in the context cache.</summary>
internal sealed record Box<T>(T Value);
