using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Objections;

/// <summary>Where an objection stands; it only ever moves forward from <see cref="Received"/>.</summary>
public enum ObjectionStatus
{
    Received,
    Honoured,
    Refused,
    Withdrawn,
}

/// <summary>The platform whose users' posts the objection concerns.</summary>
public enum Platform
{
    Facebook,
    Instagram,
}

/// <summary>How the objection reached us; every form counts (REGULATORY.md section 2).</summary>
public enum ObjectionChannel
{
    InAppForm,
    WebForm,
    Email,
    Verbal,
    Other,
}

/// <summary>One dated step of an objection's status history.</summary>
public sealed record ObjectionStatusChange
{
    public ObjectionStatus Status { get; init; }
    public DateTime At { get; init; }
    public string By { get; init; } = "";
    public string Note { get; init; } = "";
}

/// <summary>
/// A person's objection to the processing, keyed by the source system's id. Carries a pseudonymous
/// subject reference only (DESIGN decision 6). The due date and "within the legal limit" are decided
/// when the record is written, against the jurisdiction's deadline policy at that time.
/// </summary>
public sealed record Objection : Aggregate
{
    public string ObjectionId => Id;
    public string SubjectRef { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public Platform Platform { get; init; }
    public ObjectionChannel Channel { get; init; }
    public DateTime ReceivedAt { get; init; }
    public ObjectionStatus Status { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public string? RefusalGrounds { get; init; }
    /// <summary>The person had objected before this campaign and was carried over.</summary>
    public bool CarriedOver { get; init; }
    public DateTime? ExtensionNotifiedAt { get; init; }
    public string? ExtensionReason { get; init; }
    public DateOnly DueDate { get; init; }
    /// <summary>The due date while the objection is open, null once resolved: the indexed "open by due date" field.</summary>
    public DateOnly? OpenDueDate { get; init; }
    /// <summary>Answered (honoured or refused) on or before the due date; null while open or when withdrawn.</summary>
    public bool? WithinLegalLimit { get; init; }
    public ObjectionStatusChange[] History { get; init; } = [];
    public string BatchId { get; init; } = "";

    public bool IsOpen => Status == ObjectionStatus.Received;

    /// <summary>Resolved − received for honoured objections.</summary>
    public TimeSpan? TimeToHonour => Status == ObjectionStatus.Honoured && ResolvedAt is { } r ? r - ReceivedAt : null;

    /// <summary>Whether a notified extension counts: it must be notified within the first period (REGULATORY.md).</summary>
    public static bool ExtensionCounts(DeadlinePolicy policy, DateTime received, DateTime? extensionNotifiedAt) =>
        extensionNotifiedAt is { } at && DateOnly.FromDateTime(at) <= policy.DueDate(DateOnly.FromDateTime(received));

    /// <summary>Sets the due date, the open index field and "within the legal limit" from the policy and the record's own facts.</summary>
    public Objection Decide(DeadlinePolicy policy)
    {
        var due = policy.DueDate(DateOnly.FromDateTime(ReceivedAt), ExtensionCounts(policy, ReceivedAt, ExtensionNotifiedAt));
        bool? within = Status is ObjectionStatus.Honoured or ObjectionStatus.Refused && ResolvedAt is { } r
            ? DateOnly.FromDateTime(r) <= due
            : null;
        return this with { DueDate = due, OpenDueDate = Status == ObjectionStatus.Received ? due : null, WithinLegalLimit = within };
    }
}

/// <summary>The CSV and API spellings of the closed sets.</summary>
public static class ObjectionTokens
{
    public static readonly IReadOnlyDictionary<string, ObjectionStatus> Statuses = new Dictionary<string, ObjectionStatus>
    {
        ["received"] = ObjectionStatus.Received,
        ["honoured"] = ObjectionStatus.Honoured,
        ["refused"] = ObjectionStatus.Refused,
        ["withdrawn"] = ObjectionStatus.Withdrawn,
    };

    public static readonly IReadOnlyDictionary<string, Platform> Platforms = new Dictionary<string, Platform>
    {
        ["facebook"] = Platform.Facebook,
        ["instagram"] = Platform.Instagram,
    };

    public static readonly IReadOnlyDictionary<string, ObjectionChannel> Channels = new Dictionary<string, ObjectionChannel>
    {
        ["in_app_form"] = ObjectionChannel.InAppForm,
        ["web_form"] = ObjectionChannel.WebForm,
        ["email"] = ObjectionChannel.Email,
        ["verbal"] = ObjectionChannel.Verbal,
        ["other"] = ObjectionChannel.Other,
    };

    // Arrays indexed by the enum: the metrics read these per rollup, so no dictionary walk per call.
    private static readonly string[] StatusTokens = Enum.GetValues<ObjectionStatus>().Select(v => Statuses.First(kv => kv.Value == v).Key).ToArray();
    private static readonly string[] ChannelTokens = Enum.GetValues<ObjectionChannel>().Select(v => Channels.First(kv => kv.Value == v).Key).ToArray();

    public static string Token(this ObjectionStatus s) => StatusTokens[(int)s];
    public static string Token(this Platform p) => p == Platform.Facebook ? "facebook" : "instagram";
    public static string Token(this ObjectionChannel c) => ChannelTokens[(int)c];

    public static string DisplayName(this ObjectionChannel c) => c switch
    {
        ObjectionChannel.InAppForm => "In-app form",
        ObjectionChannel.WebForm => "Web form",
        ObjectionChannel.Email => "E-mail",
        ObjectionChannel.Verbal => "Verbal",
        _ => "Other",
    };
}
