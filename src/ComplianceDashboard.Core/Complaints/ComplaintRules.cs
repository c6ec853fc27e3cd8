using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>One broken rule, by the CSV column it concerns (the UI shows the same names).</summary>
public sealed record ComplaintProblem(string Column, string Message);

/// <summary>
/// The rules every complaint obeys however it arrives (CSV, API or by hand): what a single record must satisfy, and
/// which changes to a stored record are allowed (forward only: facts once recorded are never changed or cleared).
/// </summary>
public static class ComplaintRules
{
    /// <summary>The problems of a complaint on its own, given the current time.</summary>
    public static List<ComplaintProblem> Validate(Complaint c, DateTime nowUtc)
    {
        var problems = new List<ComplaintProblem>();
        void Problem(string column, string message) => problems.Add(new ComplaintProblem(column, message));
        foreach (var (column, value) in new[] { ("complaint_id", c.Id), ("subject_ref", c.SubjectRef) })
            if (Identifier.Problem(column, value) is { } problem) Problem(column, problem);
        if (c.RegulatorReference is { } reference && Identifier.Problem("regulator_reference", reference) is { } referenceProblem)
            Problem("regulator_reference", referenceProblem);
        if (c.OutcomeSummary is { } summary && !Identifier.TryNormaliseText("outcome_summary", summary, ComplaintCsv.MaxSummaryLength, out _, out var summaryProblem))
            Problem("outcome_summary", summaryProblem!);
        if (c.SubjectRef.Length > 0 && ObjectionCsv.LooksIdentifying(c.SubjectRef))
            Problem("subject_ref", "subject_ref looks like an e-mail address or phone number; send the pseudonymous reference only.");
        var times = new (string Column, DateTime? At)[]
        {
            ("received_at", c.ReceivedAt), ("acknowledged_at", c.AcknowledgedAt), (ComplaintCsv.OptionalColumn, c.ProgressUpdatedAt),
            ("outcome_at", c.OutcomeAt), ("escalated_at", c.EscalatedAt),
        };
        foreach (var (column, at) in times)
        {
            if (at > nowUtc + ObjectionCsv.FutureTolerance) Problem(column, $"{column} is in the future.");
            else if (column != "received_at" && at < c.ReceivedAt) Problem(column, $"{column} is before received_at.");
        }
        if (c.Outcome is not null && c.OutcomeAt is null)
            Problem("outcome_at", "outcome_at is required with an outcome (when the complainant was told it).");
        if (c.OutcomeAt is not null && c.Outcome is null)
            Problem("outcome", "outcome is required with outcome_at.");
        if (c.OutcomeSummary is not null && c.Outcome is null)
            Problem("outcome_summary", "outcome_summary is only for a complaint with an outcome.");
        if (c.OutcomeAt is not null && c.AcknowledgedAt is null)
            Problem("acknowledged_at", "acknowledged_at is required once the outcome was told (it may be the same time).");
        else if (c.OutcomeAt is { } told2 && c.AcknowledgedAt > told2)
            Problem("acknowledged_at", "acknowledged_at is after outcome_at.");
        if (c.RegulatorReference is not null && c.EscalatedAt is null)
            Problem("regulator_reference", "regulator_reference is only for a complaint escalated to the regulator (give escalated_at).");
        return problems;
    }

    /// <summary>
    /// The problems of replacing <paramref name="current"/> with <paramref name="incoming"/>: who complained, where, how,
    /// when and about what never change; links may be added, not removed; acknowledgement, outcome and escalation are
    /// recorded once; the latest progress update only moves later. An empty list with equal facts means unchanged.
    /// </summary>
    public static List<ComplaintProblem> Advance(Complaint current, Complaint incoming)
    {
        var problems = new List<ComplaintProblem>();
        void Problem(string column, string message) => problems.Add(new ComplaintProblem(column, message));
        var id = current.Id;
        if (current.Redaction != ComplaintRedaction.None)
        {
            Problem("complaint_id", $"Complaint {id} was redacted under the retention policy; it cannot change.");
            return problems;
        }
        if (current.SubjectRef != incoming.SubjectRef) Problem("subject_ref", $"Complaint {id} is stored with another subject_ref; it cannot change.");
        if (current.Jurisdiction != incoming.Jurisdiction) Problem("jurisdiction", $"Complaint {id} is stored under {current.Jurisdiction}; it cannot change.");
        if (current.Channel != incoming.Channel) Problem("channel", $"Complaint {id} is stored as {current.Channel.Token()}; it cannot change.");
        if (current.ReceivedAt != incoming.ReceivedAt) Problem("received_at", $"Complaint {id} is stored with received_at {current.ReceivedAt:O}; it cannot change.");
        if (current.Category != incoming.Category) Problem("category", $"Complaint {id} is stored as {current.Category.Token()}; it cannot change.");
        var removed = current.LinkedObjectionIds.Except(incoming.LinkedObjectionIds, StringComparer.Ordinal).ToList();
        if (removed.Count > 0) Problem("linked_objection_ids", $"Complaint {id} already links {string.Join(";", removed)}; a link cannot be removed.");
        Once("acknowledged_at", current.AcknowledgedAt, incoming.AcknowledgedAt);
        Once("outcome_at", current.OutcomeAt, incoming.OutcomeAt);
        Once("outcome", current.Outcome, incoming.Outcome);
        Once("outcome_summary", current.OutcomeSummary, incoming.OutcomeSummary, settableLater: false);
        Once("escalated_at", current.EscalatedAt, incoming.EscalatedAt);
        Once("regulator_reference", current.RegulatorReference, incoming.RegulatorReference);
        if (current.ProgressUpdatedAt is { } progress && !(incoming.ProgressUpdatedAt >= progress))
            Problem(ComplaintCsv.OptionalColumn, $"Complaint {id} already had an update given at {progress:O}; the latest update cannot move earlier or be cleared.");
        return problems;

        void Once<T>(string column, T? stored, T? given, bool settableLater = true)
        {
            if (stored is null)
            {
                // The summary belongs to the outcome: it can only arrive together with it.
                if (!settableLater && given is not null && current.Outcome is not null)
                    Problem(column, $"Complaint {id} already has its outcome; {column} cannot be added afterwards.");
                return;
            }
            if (given is null) Problem(column, $"Complaint {id} already has {column}; it cannot be cleared.");
            else if (!EqualityComparer<T>.Default.Equals(stored, given)) Problem(column, $"Complaint {id} already has {column} {Show(stored)}; it cannot change.");
        }
    }

    /// <summary>Whether two versions of a complaint carry the same facts (the deadlines follow from them).</summary>
    public static bool SameFacts(Complaint a, Complaint b) =>
        a.SubjectRef == b.SubjectRef && a.Jurisdiction == b.Jurisdiction && a.Channel == b.Channel && a.ReceivedAt == b.ReceivedAt &&
        a.Category == b.Category && a.LinkedObjectionIds.SequenceEqual(b.LinkedObjectionIds, StringComparer.Ordinal) &&
        a.AcknowledgedAt == b.AcknowledgedAt && a.ProgressUpdatedAt == b.ProgressUpdatedAt && a.OutcomeAt == b.OutcomeAt &&
        a.Outcome == b.Outcome && a.OutcomeSummary == b.OutcomeSummary && a.EscalatedAt == b.EscalatedAt &&
        a.RegulatorReference == b.RegulatorReference;

    private static string Show(object value) => value switch
    {
        DateTime t => t.ToString("O"),
        ComplaintOutcome o => o.Token(),
        _ => $"'{value}'",
    };
}
