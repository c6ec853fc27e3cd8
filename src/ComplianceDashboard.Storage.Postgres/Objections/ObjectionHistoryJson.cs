using System.Buffers;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Objections;

/// <summary>
/// An objection's status history exactly as <see cref="StoreJson"/> writes it (<c>[{"Status","At","By","Note"}, …]</c>: the
/// status by name, UTC to the millisecond, a null left out, the same escaping), written straight to a JSON writer: an import
/// writes one per row, and the general serializer's machinery cost about a fifth of the storing thread's time. The
/// contract tests compare both writers' text.
/// </summary>
internal static class ObjectionHistoryJson
{
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("Status");
    private static readonly JsonEncodedText AtName = JsonEncodedText.Encode("At");
    private static readonly JsonEncodedText ByName = JsonEncodedText.Encode("By");
    private static readonly JsonEncodedText NoteName = JsonEncodedText.Encode("Note");
    private static readonly Dictionary<ObjectionStatus, JsonEncodedText> StatusNames =
        Enum.GetValues<ObjectionStatus>().ToDictionary(s => s, s => JsonEncodedText.Encode(s.ToString()));

    // One buffer and writer per thread (the parsing and the storing threads both write histories), reset for each history.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    public static string Write(IReadOnlyList<ObjectionStatusChange> history)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        Span<char> at = stackalloc char[StoreJson.TimeLength];
        writer.WriteStartArray();
        foreach (var step in history)
        {
            writer.WriteStartObject();
            writer.WriteString(StatusName, StatusNames[step.Status]);
            StoreJson.FormatTime(step.At, at);
            writer.WriteString(AtName, at);
            if (step.By is not null) writer.WriteString(ByName, step.By);
            if (step.Note is not null) writer.WriteString(NoteName, step.Note);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
