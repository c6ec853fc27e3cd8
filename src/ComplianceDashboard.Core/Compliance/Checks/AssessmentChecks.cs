using ComplianceDashboard.Core.Assessments;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>Checks 1–3: the approved LIA in force at T, its review date and its pre-training safeguards.</summary>
internal sealed class AssessmentChecks(IAssessmentRepository assessments) : ICheckGroup
{
    private sealed record InForce(Assessment Assessment, AssessmentVersion Version);

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.ApprovedAssessmentInForce.Id] = ApprovedInForce,
        [CheckCatalogue.AssessmentReviewNotOverdue.Id] = ReviewCurrent,
        [CheckCatalogue.SafeguardsVerified.Id] = SafeguardsVerified,
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
}

/// <summary>Lets a nullable value sit in the context cache.</summary>
internal sealed record Box<T>(T Value);
