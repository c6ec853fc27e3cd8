using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// How aggregates are stored as documents: the same shape LiteDB keeps (enums by name, UTC times to the millisecond,
/// null values and derived properties left out). Documents are storage, never hashed: hashes are computed over
/// Core's canonical JSON.
/// </summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(), new UtcMillisecondConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutDerivedProperties } },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is empty.");

    /// <summary>A property without a setter (e.g. Jurisdiction.Code) is computed from the others, so it is not stored.</summary>
    private static void LeaveOutDerivedProperties(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i].Set is null && type.Properties[i].AssociatedParameter is null)
                type.Properties.RemoveAt(i);
    }

    /// <summary>UTC to the millisecond, as LiteDB keeps times; an unspecified kind is taken as UTC, as the LiteDB mapping does.</summary>
    private sealed class UtcMillisecondConverter : JsonConverter<DateTime>
    {
        private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.SpecifyKind(DateTime.ParseExact(reader.GetString()!, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
        {
            Span<char> text = stackalloc char[TimeLength];
            FormatTime(value, text);
            writer.WriteStringValue(text);
        }
    }

    /// <summary>The length of a stored time's text, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const int TimeLength = 24;

    /// <summary>
    /// Writes a time as the store keeps it (UTC, to the millisecond, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>) into <paramref name="text"/>
    /// (<see cref="TimeLength"/> characters): the runtime's round-trip format ("O", which it writes without parsing a format
    /// string; an import writes a few of these per row) cut to the millisecond.
    /// </summary>
    public static void FormatTime(DateTime value, Span<char> text)
    {
        Span<char> roundTrip = stackalloc char[28];
        Utc(value).TryFormat(roundTrip, out _, "O", CultureInfo.InvariantCulture);
        roundTrip[..(TimeLength - 1)].CopyTo(text);
        text[TimeLength - 1] = 'Z';
    }

    /// <summary>A time as the store keeps it: UTC, truncated to the millisecond.</summary>
    public static DateTime Utc(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => value,
        };
        return Core.Common.TimeProviderExtensions.TruncateToMs(utc);
    }
}
