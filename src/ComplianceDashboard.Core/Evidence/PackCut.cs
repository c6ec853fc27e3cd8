namespace ComplianceDashboard.Core.Evidence;

/// <summary>
/// Which time decides whether a record belongs to a pack as of T, per kind of record: what the programme had recorded by T,
/// except the figures of events (objections and delivery), which count by the day the event happened. Printed in every
/// pack's integrity appendix and in docs/evidence-packs.md; <see cref="EvidenceSnapshotBuilder"/> follows it.
/// </summary>
public static class PackCut
{
    /// <summary>One rule: the records it covers and the time that decides.</summary>
    public sealed record Rule(string Records, string DecidingTime);

    public static readonly IReadOnlyList<Rule> Rules =
    [
        new("Programme state changes", "the time of the change, at or before T"),
        new("Assessment (LIA) versions", "the time of approval, at or before T; a later supersession is not yet known"),
        new("Campaigns, notice versions and cohorts", "the time they were recorded, at or before T"),
        new("Delivery figures", "the day they describe, up to the end of the period (T's day counts whole), for the campaigns above, whenever they were imported"),
        new("Objection figures, refusals and extensions", "the day of each event (received, answered, extension notified), up to the end of the period (T's day counts whole), whenever they were imported"),
        new("Regulator correspondence and commitments", "the time they were recorded, at or before T (commitments show their current status)"),
        new("Compliance check runs", "the time they ran, at or before T; when none ran by T, the checks are evaluated retrospectively as of T with these same rules"),
        new("Training runs and gate overrides", "the time a run was registered, and the time an override came into force or ended, at or before T"),
        new("Audit entries and the chain head", "the time of the entry, at or before T"),
    ];
}

/// <summary>Records that belong to the pack's period but were recorded after its as-of time, so the pack leaves them out (a store that back-filled history).</summary>
public sealed record PackLeftOut
{
    /// <summary>What they are, plural and singular, e.g. "notice versions" and "notice version".</summary>
    public string Records { get; init; } = "";
    public string Record { get; init; } = "";
    public int Count { get; init; }

    public string Describe() => $"{Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {(Count == 1 ? Record : Records)}";
}
