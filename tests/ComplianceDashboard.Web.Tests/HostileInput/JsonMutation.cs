using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>A JSON object body as its members in order, each a name and its raw JSON value.</summary>
public sealed record JsonBody(IReadOnlyList<(string Name, string Value)> Members)
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string String(string value) => JsonSerializer.Serialize(value, Relaxed);

    public static JsonBody Of(params (string Name, object? Value)[] members) =>
        new(members.Select(m => (m.Name, m.Value is string s ? String(s) : JsonSerializer.Serialize(m.Value))).ToList());

    public string Serialise() => "{" + string.Join(",", Members.Select(m => $"{String(m.Name)}:{m.Value}")) + "}";

    /// <summary>The member's string value, or null when it is missing or not a string.</summary>
    public string? Text(string name)
    {
        var value = Members.LastOrDefault(m => m.Name == name).Value;
        if (value is null) return null;
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public enum JsonMutationKind
{
    InsertCharacter, ReplaceValue, RemoveMember, UnknownMember, DeepNesting, HugeString, DuplicateMember, NotAnObject,
    ByteOrderMark, InvalidUtf8, Truncate, TrailingGarbage,
}

/// <summary>One change to a valid JSON body; structured changes keep the body known, byte changes do not.</summary>
public sealed record JsonMutation(JsonMutationKind Kind, int A, int B, int C, int D)
{
    /// <summary>Values at and past the edges of what a member takes.</summary>
    public static readonly string[] EdgeValues =
    [
        "\"\"", "\" \"", "null", "0", "-1", "0.5", "1e400", "-0", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999", "true", "[]", "{}", "\"UK\"", "\"uk\"", "\"XX\"", "\"9999-12-31T23:59:59Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"2024-02-29T00:00:00Z\"", "\"2023-02-29T00:00:00Z\"", "\"2025-12-31T24:00:00Z\"",
        "\"2025-06-01T09:00:00\"", "\"2025-06-01T09:00:00+14:00\"", "\"2025-06-01T09:00:00+99:00\"", "\"2025-06-01\"",
        "\"2024-02-29\"", "\"2023-02-29\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"regulator\"", "\"internal\"", "\"1\"",
        "\"\\u0000\"", "\"\\uD800\"", "\"\\u202E\"", "\"=cmd|' /C calc'!A0\"",
    ];

    public static readonly Gen<JsonMutation> Gen =
        CsCheck.Gen.Select(CsCheck.Gen.Enum<JsonMutationKind>(), CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999],
            (kind, a, b, c, d) => new JsonMutation(kind, a, b, c, d));

    public static readonly Gen<JsonMutation[]> Several = Gen.Array[1, 3];

    public override string ToString() => $"{Kind}({A},{B},{C},{D})";

    /// <summary>The bytes to send and, when no byte change made it unknowable, the body they were written from.</summary>
    public static (byte[] Bytes, JsonBody? Body) Apply(JsonBody valid, IReadOnlyList<JsonMutation> mutations, int maxDepth)
    {
        var body = valid;
        var raw = (string?)null;
        foreach (var m in mutations.Where(m => m.Kind < JsonMutationKind.DuplicateMember)) body = m.Edit(body, maxDepth);
        foreach (var m in mutations.Where(m => m.Kind is JsonMutationKind.DuplicateMember or JsonMutationKind.NotAnObject))
        {
            raw ??= body.Serialise();
            raw = m.Kind == JsonMutationKind.NotAnObject
                ? (m.A % 3) switch { 0 => "[" + raw + "]", 1 => "\"text\"", _ => "42" }
                : raw[..^1] + "," + JsonBody.String(body.Members[m.A % body.Members.Count].Name) + ":" + EdgeValues[m.B % EdgeValues.Length] + "}";
        }
        var bytes = new UTF8Encoding(false).GetBytes(raw ?? body.Serialise());
        var known = raw is null;
        foreach (var m in mutations.Where(m => m.Kind >= JsonMutationKind.ByteOrderMark))
        {
            var at = m.A % (bytes.Length + 1);
            bytes = m.Kind switch
            {
                JsonMutationKind.ByteOrderMark => [0xEF, 0xBB, 0xBF, .. bytes],
                JsonMutationKind.InvalidUtf8 => [.. bytes[..at], .. (m.B % 2 == 0 ? new byte[] { 0xFF } : [0xC0, 0xAF]), .. bytes[at..]],
                JsonMutationKind.Truncate => bytes[..at],
                _ => [.. bytes, .. "}{,]"u8.ToArray()[..(1 + m.B % 4)]],
            };
            known &= m.Kind == JsonMutationKind.ByteOrderMark;
        }
        return (bytes, known ? body : null);
    }

    private JsonBody Edit(JsonBody body, int maxDepth)
    {
        var members = body.Members.ToList();
        if (members.Count == 0) return body;
        var i = A % members.Count;
        var (name, value) = members[i];
        switch (Kind)
        {
            case JsonMutationKind.InsertCharacter when body.Text(name) is { } text:
            {
                var at = B % (text.Length + 1);
                members[i] = (name, JsonBody.String(CsvMutation.AsSent(text[..at] + CsvMutation.Characters[C % CsvMutation.Characters.Length] + text[at..])));
                break;
            }
            case JsonMutationKind.ReplaceValue:
                members[i] = (name, EdgeValues[B % EdgeValues.Length]);
                break;
            case JsonMutationKind.RemoveMember:
                members.RemoveAt(i);
                break;
            case JsonMutationKind.UnknownMember:
                members.Insert(B % (members.Count + 1), ($"extra{C}", EdgeValues[D % EdgeValues.Length]));
                break;
            case JsonMutationKind.DeepNesting:
            {
                int[] depths = [maxDepth - 2, maxDepth - 1, maxDepth, maxDepth + 1, 200, 5000];
                var depth = Math.Max(1, depths[B % depths.Length]);
                var (open, close) = C % 2 == 0 ? ("[", "]") : ("{\"a\":", "}");
                members[i] = (name, string.Concat(Enumerable.Repeat(open, depth)) + value + string.Concat(Enumerable.Repeat(close, depth)));
                break;
            }
            case JsonMutationKind.HugeString:
            {
                int[] lengths = [129, 301, 5000, 20_000];
                members[i] = (name, JsonBody.String(new string((char)('a' + C % 26), lengths[B % lengths.Length])));
                break;
            }
        }
        return new JsonBody(members);
    }
}
