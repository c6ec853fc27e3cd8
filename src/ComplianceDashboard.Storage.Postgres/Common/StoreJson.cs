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
    /// (<see cref="TimeLength"/> characters). The digits are written by hand: an import writes a few of these per row, and a
    /// custom format string is parsed on every call.
    /// </summary>
    public static void FormatTime(DateTime value, Span<char> text)
    {
        var t = Utc(value);
        Digits(text[..4], t.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), t.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), t.Day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), t.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), t.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), t.Second);
        text[19] = '.';
        Digits(text.Slice(20, 3), t.Millisecond);
        text[23] = 'Z';

        static void Digits(Span<char> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
        }
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
