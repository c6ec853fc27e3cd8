using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Storage.LiteDb.Objections;

/// <summary>
/// An objection that did not end in an on-time "honoured": refused, withdrawn, answered after its due
/// date, or given an extension. A few percent of all objections, kept in their own small collection (and in memory) so the
/// compliance checks and evidence packs can ask "refused by", "overdue at", "extended on" without an index on a low-cardinality field of
/// every record, which would cost each import a skip-list insert per row.
/// </summary>
internal sealed record ObjectionOutcome
{
    public string Id { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public Platform Platform { get; init; }
    public ObjectionChannel Channel { get; init; }
    public ObjectionStatus Status { get; init; }
    public DateTime ReceivedAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public DateOnly DueDate { get; init; }
    public bool AnsweredLate { get; init; }
    public DateTime? ExtensionNotifiedAt { get; init; }

    /// <summary>The outcome to keep for <paramref name="o"/>, or null when it is open or honoured on time without an extension.</summary>
    public static ObjectionOutcome? Of(Objection o) =>
        o.Status is ObjectionStatus.Refused or ObjectionStatus.Withdrawn || o.WithinLegalLimit == false || o.ExtensionNotifiedAt is not null
            ? new ObjectionOutcome
            {
                Id = o.Id,
                Jurisdiction = o.Jurisdiction,
                Platform = o.Platform,
                Channel = o.Channel,
                Status = o.Status,
                ReceivedAt = o.ReceivedAt,
                ResolvedAt = o.ResolvedAt,
                DueDate = o.DueDate,
                AnsweredLate = o.WithinLegalLimit == false,
                ExtensionNotifiedAt = o.ExtensionNotifiedAt,
            }
            : null;

    public OpenObjection AsOpen() => new(Id, Jurisdiction, Platform, Channel, DateOnly.FromDateTime(ReceivedAt), DueDate);
}
