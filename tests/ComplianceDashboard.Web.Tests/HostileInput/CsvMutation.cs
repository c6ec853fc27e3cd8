using System.Text;
using ComplianceDashboard.Core.Common;
using CsCheck;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>A CSV file as a header and rows of fields; <see cref="Serialise"/> writes it as RFC 4180 text.</summary>
public sealed record CsvModel(string[] Header, string[][] Rows)
{
    public int IndexOf(string column) => Array.IndexOf(Header, column);

    /// <summary>The field of <paramref name="row"/> under <paramref name="column"/>, or null when the file has no such column.</summary>
    public string? Value(string[] row, string column) => IndexOf(column) is >= 0 and var i && i < row.Length ? row[i] : null;

    public string Serialise(string newline = "\n", Func<int, string>? prefixFor = null) =>
        string.Join(newline, [string.Join(",", Header.Select(Quote)), .. Rows.Select(r => string.Join(",", r.Select((f, i) => Quote((prefixFor?.Invoke(i) ?? "") + f))))]) + newline;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public CsvModel With(string[] header, IEnumerable<string[]> rows) => new(header, rows.ToArray());
}

public enum CsvMutationKind
{
    InsertCharacter, ReplaceField, OverlongField, DuplicateColumn, DropColumn, ReorderColumns, ExtraColumns, ManyRows,
    DuplicateRow, LineEndings, ByteOrderMark, InvalidUtf8, OddQuote, Truncate,
}

/// <summary>
/// One change to a valid file. Structured changes edit the model (so an accepted file's expected content is known);
/// text changes edit the bytes written from it (after which only the answer's shape is checked).
/// </summary>
public sealed record CsvMutation(CsvMutationKind Kind, int A, int B, int C, int D)
{
    /// <summary>Characters a careless exporter or an attacker puts in a field.</summary>
    public static readonly string[] Characters =
    [
        "\0", "\u0001", "\u001B", "\u007F", "\u0085", "\u202E", "\u202D", "\u2066", "\u2069", "\u200B", "\u200E", "\uFEFF",
        "\u00AD", "\uD800", "\uDC00", "\u00A0", "\u2028", "\uE000", "\u0378", "\t", "\r", "\n", "\"", ",", " ", "é",
        "e\u0301", "\u212B", "😀", ";", "'", "=", "\\",
    ];

    /// <summary>Values at and past the edges of what a field takes: numbers, dates, tokens, formulas.</summary>
    public static readonly string[] EdgeValues =
    [
        "", " ", "0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e3", "0x10", "1,000",
        "١٢٣", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z",
        "2025-12-31T24:00:00Z", "2025-06-01T09:00:00+14:00", "2025-06-01T09:00:00-12:00", "2025-06-01T09:00:00+99:99",
        "2025-06-01T09:00:00", "2025-06-01", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "2026-01-01",
        "2026-01-02", "true", "TRUE", "yes", "=cmd|' /C calc'!A0", "UK", "uk", "XX", "honoured", "refused", "received",
        "upheld", "email", "in_app", "facebook", "INSTAGRAM", "wave-1", "HOSTILE-FB", "someone@example.com", "+44 20 7946 0958",
    ];

    private static readonly Gen<CsvMutationKind> Kinds = CsCheck.Gen.Enum<CsvMutationKind>();

    public static readonly Gen<CsvMutation> Gen =
        CsCheck.Gen.Select(Kinds, CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999], CsCheck.Gen.Int[0, 999],
            (kind, a, b, c, d) => new CsvMutation(kind, a, b, c, d));

    /// <summary>One to three mutations of a file.</summary>
    public static readonly Gen<CsvMutation[]> Several = Gen.Array[1, 3];

    public override string ToString() => $"{Kind}({A},{B},{C},{D})";

    /// <summary>
    /// Applies <paramref name="mutations"/> to <paramref name="valid"/>: the bytes to send and, when no text change made it
    /// unknowable, the model they were written from. Fields listed in <paramref name="prefixed"/> get <paramref name="prefix"/>.
    /// </summary>
    public static (byte[] Bytes, CsvModel? Model) Apply(CsvModel valid, IReadOnlyList<CsvMutation> mutations, string prefix, IReadOnlySet<string> prefixed, int maxRows)
    {
        var model = valid;
        var newline = "\n";
        var texts = new List<CsvMutation>();
        foreach (var m in mutations)
        {
            if (m.Kind is CsvMutationKind.LineEndings) newline = (m.A % 3) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
            else if (m.Kind >= CsvMutationKind.ByteOrderMark) texts.Add(m);
            else model = m.Edit(model, maxRows);
        }
        var mixed = mutations.Any(m => m.Kind == CsvMutationKind.LineEndings && m.B % 2 == 0);
        var text = model.Serialise(newline, i => i < model.Header.Length && prefixed.Contains(model.Header[i]) ? prefix : "");
        if (mixed) text = MixLineEndings(text, mutations.First(m => m.Kind == CsvMutationKind.LineEndings).C);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        var known = true;
        foreach (var m in texts)
        {
            (bytes, var keeps) = m.EditBytes(bytes);
            known &= keeps;
        }
        return (bytes, known ? model : null);
    }

    /// <summary>The text as UTF-8 carries it: a lone surrogate cannot be encoded and becomes U+FFFD.</summary>
    public static string AsSent(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static string MixLineEndings(string text, int seed)
    {
        var builder = new StringBuilder(text.Length + 16);
        var n = seed;
        foreach (var c in text)
        {
            if (c == '\n') builder.Append((n++ % 3) switch { 0 => "\r\n", 1 => "\n", _ => "\r\n" });
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private CsvModel Edit(CsvModel model, int maxRows)
    {
        var rows = model.Rows.Select(r => r.ToArray()).ToList();
        var width = model.Header.Length;
        var row = rows.Count == 0 ? -1 : A % rows.Count;
        var column = B % width;
        switch (Kind)
        {
            case CsvMutationKind.InsertCharacter when row >= 0:
            {
                var field = rows[row][column];
                var at = C % (field.Length + 1);
                rows[row][column] = AsSent(field[..at] + Characters[D % Characters.Length] + field[at..]);
                return model.With(model.Header, rows);
            }
            case CsvMutationKind.ReplaceField when row >= 0:
                rows[row][column] = EdgeValues[C % EdgeValues.Length];
                return model.With(model.Header, rows);
            case CsvMutationKind.OverlongField when row >= 0:
            {
                int[] lengths = [Identifier.MaxLength, Identifier.MaxLength + 1, HostileInputFactory.MaxFieldChars, HostileInputFactory.MaxFieldChars + 1, 5000, 40_000];
                rows[row][column] = new string((char)('a' + D % 26), lengths[C % lengths.Length]);
                return model.With(model.Header, rows);
            }
            case CsvMutationKind.DuplicateColumn:
                return model.With([.. model.Header, model.Header[column]], rows.Select(r => (string[])[.. r, r[column]]));
            case CsvMutationKind.DropColumn:
                return model.With(model.Header.Where((_, i) => i != column).ToArray(), rows.Select(r => r.Where((_, i) => i != column).ToArray()));
            case CsvMutationKind.ReorderColumns:
            {
                var order = Enumerable.Range(0, width).OrderBy(i => (i * 7919 + C) % 101).ToArray();
                return model.With(order.Select(i => model.Header[i]).ToArray(), rows.Select(r => order.Select(i => r[i]).ToArray()));
            }
            case CsvMutationKind.ExtraColumns:
            {
                var extra = 1 + C % (HostileInputFactory.MaxColumns + 2);
                var names = Enumerable.Range(1, extra).Select(i => $"extra_{i}").ToArray();
                return model.With([.. model.Header, .. names], rows.Select(r => (string[])[.. r, .. names.Select(_ => "x")]));
            }
            case CsvMutationKind.ManyRows when row >= 0:
            {
                var total = (C % 2 == 0 ? maxRows : maxRows + 1 + D % 5);
                var source = rows[row];
                var added = Enumerable.Range(rows.Count + 1, Math.Max(0, total - rows.Count))
                    .Select(n => source.Select((f, i) => i == 0 ? $"{f}-m{n}" : f).ToArray());
                return model.With(model.Header, [.. rows, .. added]);
            }
            case CsvMutationKind.DuplicateRow when row >= 0:
                rows.Insert(C % (rows.Count + 1), rows[row].ToArray());
                return model.With(model.Header, rows);
            default:
                return model;
        }
    }

    private (byte[] Bytes, bool KeepsModel) EditBytes(byte[] bytes)
    {
        var at = bytes.Length == 0 ? 0 : A % (bytes.Length + 1);
        byte[] Insert(params byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];
        return Kind switch
        {
            CsvMutationKind.ByteOrderMark when B % 2 == 0 => ([0xEF, 0xBB, 0xBF, .. bytes], true),
            CsvMutationKind.ByteOrderMark => (Insert(0xEF, 0xBB, 0xBF), false),
            CsvMutationKind.InvalidUtf8 => ((B % 5) switch
            {
                0 => Insert(0xFF),
                1 => Insert(0xC3),
                2 => Insert(0xC0, 0xAF),
                3 => Insert(0xED, 0xA0, 0x80),
                _ => Insert(0xF4, 0x90, 0x80, 0x80),
            }, false),
            CsvMutationKind.OddQuote => (Insert((byte)'"'), false),
            CsvMutationKind.Truncate => (bytes[..at], false),
            _ => (bytes, true),
        };
    }
}
