using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Evidence;

/// <summary>The LIA version in force at the as-of time, and what changed since the version before it.</summary>
public sealed record LiaInForce
{
    public string AssessmentId { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public AssessmentVersion Version { get; init; } = new();
    public int? PreviousNumber { get; init; }

    /// <summary>One line per change against the previous version (empty when there is none).</summary>
    public string[] ChangesSincePrevious { get; init; } = [];
}

/// <summary>A refusal answered in the period, as the pack lists it (pseudonymous: the objection id only).</summary>
public sealed record PackRefusal
{
    public string ObjectionId { get; init; } = "";
    public Objections.Platform Platform { get; init; }
    public ObjectionChannel Channel { get; init; }
    public DateTime ReceivedAt { get; init; }
    public DateTime RefusedAt { get; init; }
    public DateOnly DueDate { get; init; }
    public bool WithinLegalLimit { get; init; }
    public string Grounds { get; init; } = "";
}

/// <summary>An extension notified in the period, as the pack lists it.</summary>
public sealed record PackExtension
{
    public string ObjectionId { get; init; } = "";
    public Objections.Platform Platform { get; init; }
    public ObjectionChannel Channel { get; init; }
    public DateTime ReceivedAt { get; init; }
    public DateTime NotifiedAt { get; init; }
    public DateOnly DueDate { get; init; }
    public string Reason { get; init; } = "";
}

/// <summary>
/// The complaints part of a pack (s.164A DPA 2018), as known at the as-of time: the figures for complaints received in the
/// period, every acknowledgement overdue at the as-of time whenever received, and the records behind the figures without
/// their free-text outcome summaries (they may hold personal data).
/// </summary>
public sealed record PackComplaints
{
    /// <summary>How the jurisdiction's deadlines are counted, in words.</summary>
    public string Policy { get; init; } = "";
    public bool Statutory { get; init; }
    public Complaints.ComplaintMetrics? Figures { get; init; }
    public Complaints.Complaint[] Overdue { get; init; } = [];
    public Complaints.Complaint[] Records { get; init; } = [];
}

/// <summary>
/// Everything an evidence pack prints, as known at its as-of time. Its canonical JSON is hashed (the snapshot SHA-256),
/// and the pack id derives from it, so the same data and parameters always name the same pack.
/// </summary>
public sealed record EvidenceSnapshot
{
    public const string Schema = "evidence-snapshot";
    public const int SchemaVersion = 1;

    public PackParameters Parameters { get; init; } = new();
    public string Controller { get; init; } = "";
    public bool Demo { get; init; }
    public Jurisdiction Jurisdiction { get; init; } = new();
    public LiaInForce? Lia { get; init; }
    public Campaign[] Campaigns { get; init; } = [];
    public NoticeVersion[] Notices { get; init; } = [];
    public RolloutReport? Rollout { get; init; }
    public ObjectionMetrics? Objections { get; init; }

    /// <summary>Every refusal answered on the days of the period (the objection figures' "Refused"), with its grounds.</summary>
    public PackRefusal[] Refusals { get; init; } = [];

    /// <summary>Every extension notified on the days of the period (the figures' "Extensions notified"), with its reason.</summary>
    public PackExtension[] Extensions { get; init; } = [];
    public RegulatorInteraction[] Interactions { get; init; } = [];
    public RegulatorCommitment[] Commitments { get; init; } = [];
    public AuditEntry[] AuditExtract { get; init; } = [];
    public ComplianceRun? LatestRun { get; init; }

    /// <summary>
    /// When no run was stored by the as-of time: the checks evaluated for the pack as of that time with the pack's cut
    /// (<see cref="PackCut"/>), labelled retrospective. Null when a stored run exists (left out of the canonical JSON then).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ComplianceRun? RetrospectiveRun { get; init; }

    /// <summary>The run the asks and checks are read from: the latest stored one, else the retrospective evaluation.</summary>
    public ComplianceRun? RatingRun => LatestRun ?? RetrospectiveRun;
    public ComplianceRun[] RunHistory { get; init; } = [];
    public TrainingRun[] TrainingRuns { get; init; } = [];

    /// <summary>Overrides of the training gate in force at any moment of the period up to the as-of time (flagged prominently).</summary>
    public GateOverride[] GateOverrides { get; init; } = [];
    public ChainHead ChainHead { get; init; } = ChainHead.Empty;

    /// <summary>Records of the period recorded after the as-of time and left out, by kind; null when none (left out of the canonical JSON then).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PackLeftOut[]? LeftOut { get; init; }

    /// <summary>Null when the jurisdiction had no complaint by the as-of time; left out of the canonical form then, so older packs keep their hashes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PackComplaints? Complaints { get; init; }

    /// <summary>The canonical JSON of the snapshot (sorted keys, UTC times to the millisecond, schema version).</summary>
    public string Canonical()
    {
        var node = JsonSerializer.SerializeToNode(this, JsonOptions) as JsonObject ?? throw new InvalidOperationException("Snapshot did not serialise to an object.");
        var fields = node.ToDictionary(kv => kv.Key, kv => Plain(kv.Value));
        return CanonicalJson.Serialize(Schema, SchemaVersion, fields);
    }

    public string Sha256() => CanonicalJson.Sha256Hex(Canonical());

    // Stored records carry derived, get-only properties (e.g. CheckResult.Definition); only stored data is hashed.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(), new UtcTimeConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind != JsonTypeInfoKind.Object) return;
                    for (var i = info.Properties.Count - 1; i >= 0; i--)
                        if (info.Properties[i].Set is null) info.Properties.RemoveAt(i);
                },
            },
        },
    };

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)) as IReadOnlyDictionary<string, object?>,
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole : value.GetValue<decimal>(),
            _ => null,
        },
        _ => null,
    };

    private sealed class UtcTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.SpecifyKind(reader.GetDateTime(), DateTimeKind.Utc);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(CanonicalJson.Time(value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc)));
    }
}
