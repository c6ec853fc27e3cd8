using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceDashboard.Core.Common;

/// <summary>
/// The one canonical form of everything hashed (DESIGN decision 7): sorted keys, no insignificant
/// whitespace, UTC times with millisecond precision, invariant numbers, and a schema version.
/// </summary>
public static class CanonicalJson
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats a UTC time the way every hashed document carries it.</summary>
    public static string Time(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Canonical times must be UTC.", nameof(utc));
        return utc.ToString(TimeFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>Serialises <paramref name="fields"/> with its schema name and version as canonical JSON.</summary>
    public static string Serialize(string schema, int version, IReadOnlyDictionary<string, object?> fields)
    {
        var root = new JsonObject { ["$schema"] = $"{schema}/v{version}" };
        foreach (var (key, value) in fields)
            root[key] = ToNode(value);
        var builder = new StringBuilder();
        Write(root, builder);
        return builder.ToString();
    }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        DateTime t => JsonValue.Create(Time(t)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Enum e => JsonValue.Create(e.ToString()),
        int or long or short or byte => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        decimal m => JsonValue.Create(m),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        _ => throw new ArgumentException($"Type {value.GetType().Name} has no canonical form."),
    };

    private static void Write(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, child) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(JsonSerializer.Serialize(key, CanonicalOptions));
                    builder.Append(':');
                    Write(child, builder);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(array[i], builder);
                }
                builder.Append(']');
                break;
            default:
                builder.Append(node.ToJsonString(CanonicalOptions));
                break;
        }
    }

    private static readonly JsonSerializerOptions CanonicalOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
