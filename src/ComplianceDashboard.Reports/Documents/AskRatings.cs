using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;

namespace ComplianceDashboard.Reports.Documents;

/// <summary>A red/amber/green rating; NotEvaluated only when the snapshot has neither a stored check run nor a retrospective evaluation.</summary>
public enum Rag
{
    NotEvaluated,
    Green,
    Amber,
    Red,
}

/// <summary>One of the four asks, its rating and the figures behind it; <paramref name="Retrospective"/> when rated from the pack's own evaluation.</summary>
public sealed record AskRating(RegulatorAsk Ask, string Title, Rag Rating, string ChecksSummary, string KeyFigures, bool Retrospective = false)
{
    public string Label => Rating switch { Rag.Red => "Red", Rag.Amber => "Amber", Rag.Green => "Green", _ => "Not evaluated" };
}

/// <summary>
/// Rates each ask from the latest stored check run, or else from the pack's retrospective evaluation: red if any of its
/// checks fails, amber if any warns, green otherwise. Without a stored run, ongoing compliance is at best amber: no
/// monitoring was on record at the as-of time, and that is itself evidence.
/// </summary>
public static class AskRatings
{
    public static IReadOnlyList<AskRating> Of(EvidenceSnapshot s) =>
        Enum.GetValues<RegulatorAsk>().Select(ask => Rate(ask, s)).ToList();

    public static Rag RatingOf(IEnumerable<CheckOutcome> outcomes)
    {
        var list = outcomes.ToList();
        return list.Contains(CheckOutcome.Fail) ? Rag.Red : list.Contains(CheckOutcome.Warning) ? Rag.Amber : Rag.Green;
    }

    private static AskRating Rate(RegulatorAsk ask, EvidenceSnapshot s)
    {
        var checks = CheckCatalogue.All.Where(c => c.Ask == ask).ToList();
        var title = EvidencePackDocument.AskTitle(ask);
        var figures = KeyFigures(ask, s);
        if (s.RatingRun is not { } run)
            return new AskRating(ask, title, Rag.NotEvaluated, $"{checks.Count} checks, not evaluated", figures);
        var retrospective = s.LatestRun is null;
        var results = checks.Select(c => (Check: c, Result: run.ResultOf(c.Id))).ToList();
        var evaluated = results.Where(r => r.Result is not null).Select(r => r.Result!.Outcome).ToList();
        if (evaluated.Count == 0)
            return new AskRating(ask, title, Rag.NotEvaluated, $"{checks.Count} checks, not evaluated", figures);
        var failing = results.Where(r => r.Result?.Outcome == CheckOutcome.Fail).Select(r => $"#{r.Check.Number}").ToList();
        var warning = results.Where(r => r.Result?.Outcome == CheckOutcome.Warning).Select(r => $"#{r.Check.Number}").ToList();
        var notApplicable = results.Where(r => r.Result?.Outcome == CheckOutcome.NotApplicable).Select(r => $"#{r.Check.Number}").ToList();
        var summary = $"{evaluated.Count(o => o == CheckOutcome.Pass)} of {checks.Count} pass" +
                      (notApplicable.Count > 0 ? $"; not applicable {string.Join(", ", notApplicable)}" : "") +
                      (failing.Count > 0 ? $"; failing {string.Join(", ", failing)}" : "") +
                      (warning.Count > 0 ? $"; warning {string.Join(", ", warning)}" : "") +
                      (evaluated.Count < checks.Count ? $"; {checks.Count - evaluated.Count} not evaluated" : "");
        var rating = RatingOf(evaluated);
        if (retrospective && ask == RegulatorAsk.OngoingCompliance)
        {
            rating = rating == Rag.Red ? Rag.Red : Rag.Amber;
            summary += "; no check run stored by the as-of time";
        }
        return new AskRating(ask, title, rating, (retrospective ? "Retrospective: " : "") + summary, figures, retrospective);
    }

    private static string KeyFigures(RegulatorAsk ask, EvidenceSnapshot s)
    {
        var rollout = s.Rollout;
        var m = s.Objections;
        return ask switch
        {
            RegulatorAsk.Transparency => rollout is { HasData: true }
                ? $"Coverage {EvidencePackDocument.Percent(rollout.LatestCoverage)} of {EvidencePackDocument.Number(rollout.Funnel.Eligible)} eligible adults (target {EvidencePackDocument.Percent((double)rollout.CoverageTarget)}" +
                  (rollout.TargetCrossedOn is { } d ? $", crossed {EvidencePackDocument.Day(d)})" : ", not reached)") + $"; {s.Notices.Length} notice version(s)"
                : "No delivery figures in the period",
            RegulatorAsk.SafeguardsBeforeTraining => s.Lia is { } lia
                ? $"LIA {lia.AssessmentId} v{lia.Version.Number} approved; {Core.Assessments.AssessmentContent.TrainingGate(lia.Version).Count(g => g.Value.Status == Core.Assessments.SafeguardStatus.Verified)} of {Core.Assessments.AssessmentContent.TrainingGate(lia.Version).Count} gate safeguards verified"
                : "No approved LIA in force",
            RegulatorAsk.RouteToObject => m is null ? "No objection figures"
                : $"{EvidencePackDocument.Number(m.Received)} received, {EvidencePackDocument.Number(m.Honoured)} honoured, median {EvidencePackDocument.Hours(m.TimeToHonour.MedianHours)}, " +
                  $"{(m.PercentWithinLegalLimit is { } p ? p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—")} within the legal limit; {EvidencePackDocument.Number(rollout?.PriorObjectorsContacted ?? 0)} earlier objectors contacted",
            _ => $"{s.Interactions.Length} regulator interaction(s), {s.Commitments.Length} commitment(s); " +
                 (s.LatestRun is null ? "no compliance check run stored up to the as-of time (no monitoring on record)" : $"{s.RunHistory.Length} check run(s) in the period") +
                 $"; {s.TrainingRuns.Length} training run(s)" +
                 (s.Complaints?.Figures is { } c
                     ? $"; {EvidencePackDocument.Number(c.Received)} complaint(s), {(c.PercentAcknowledgedWithinDeadline is { } p ? p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—")} acknowledged within the deadline, {EvidencePackDocument.Number(s.Complaints.Overdue.Length)} overdue at the as-of time"
                     : ""),
        };
    }
}
