using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Common;
using CsvHelper;

namespace ComplianceDashboard.Core.Objections;

/// <summary>One problem in an import file, by line (1 = header) and column name (null for the whole row or file).</summary>
public sealed record ImportError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Line {Line}: {Message}" : $"Line {Line}, column {Column}: {Message}";
}

/// <summary>A row that passed every per-row rule, with the line it came from.</summary>
public sealed record ObjectionRow(int Line, Objection Objection);

/// <summary>
/// Reads an objections CSV and applies every rule that needs only the file itself: header, tokens,
/// times with offsets, resolved/received consistency, refusal grounds, pseudonymous subject references,
/// duplicates within the file and UTF-8 validity. Every error is collected; nothing stops at the first.
/// </summary>
public static partial class ObjectionCsv
{
    public static readonly string[] RequiredColumns =
    [
        "objection_id", "subject_ref", "jurisdiction", "platform", "channel", "received_at", "status",
        "resolved_at", "refusal_grounds", "prior_objection", "extension_notified_at",
    ];

    public const string OptionalColumn = "extension_reason";
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
    private const int MaxErrors = 1000;

    /// <summary>Reads the whole file into memory (small files and tests); an import streams with <see cref="Stream"/>.</summary>
    public static (List<ObjectionRow> Rows, List<ImportError> Errors) Read(Stream csv, IReadOnlySet<string> jurisdictions, DateTime nowUtc, RequestBudget? budget = null)
    {
        var errors = new List<ImportError>();
        var rows = Stream(csv, jurisdictions, nowUtc, errors, budget).ToList();
        return (rows, errors);
    }

    /// <summary>
    /// The valid rows of the file, read lazily in file order, each once; every problem found on the way is added to
    /// <paramref name="errors"/> (a problem with the header or the whole file ends the rows). Only the ids seen so far are
    /// kept (to report duplicates), never the rows: the caller decides what to hold.
    /// </summary>
    public static IEnumerable<ObjectionRow> Stream(Stream csv, IReadOnlySet<string> jurisdictions, DateTime nowUtc, List<ImportError> errors, RequestBudget? budget = null)
    {
        budget ??= RequestBudget.Defaults;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            PoolStrings = true,
            MaxRecordSize = budget.MaxRecordBytes,
            OnMalformedRecord = bad => errors.Add(new ImportError((int)bad.LineNumber, null, $"Malformed CSV quoting ({bad.Reason}).")),
        };
        CsvReader? reader = null;
        string[] names;
        try
        {
            reader = CsvReader.Create(new Utf8ValidatingStream(csv), options, leaveOpen: true);
            names = reader.Headers.ToArray();
        }
        catch (Exception e) when (Unreadable(e, errors, budget))
        {
            reader?.Dispose();
            yield break;
        }
        using var _ = reader;
        if (names.Length == 0 || names is [""])
        {
            errors.Add(new ImportError(1, null, "The file is empty: a header row and at least one objection are required."));
            yield break;
        }
        if (names.Length > budget.MaxColumns)
        {
            errors.Add(new ImportError(1, null, budget.TooManyColumns(names.Length)));
            yield break;
        }
        var header = ReadHeader(names, errors);
        if (header is null) yield break;
        var columnNames = names.Select(n => n.Trim().TrimStart('\uFEFF')).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var record = new string[header.Count];
        long dataRows = 0;
        while (errors.Count < MaxErrors)
        {
            try
            {
                if (!reader.Read()) break;
            }
            catch (Exception e) when (Unreadable(e, errors, budget))
            {
                yield break;
            }
            var line = (int)reader.LineNumber;
            if (++dataRows > budget.MaxRows)
            {
                errors.Add(new ImportError(line, null, budget.TooManyRows));
                yield break;
            }
            if (reader.FieldCount != header.Count)
            {
                errors.Add(new ImportError(line, null, $"Expected {header.Count} fields but found {reader.FieldCount}."));
                continue;
            }
            for (var i = 0; i < record.Length; i++) record[i] = reader.GetString(i);
            var oversize = budget.OversizeFields(record, columnNames).ToList();
            if (oversize.Count > 0)
            {
                errors.AddRange(oversize.Select(o => new ImportError(line, columnNames[o.Index], o.Message)));
                continue;
            }
            var row = ReadRow(line, record, header, jurisdictions, nowUtc, errors, budget);
            if (row is null) continue;
            if (!seen.TryAdd(row.Objection.Id, line))
            {
                errors.Add(new ImportError(line, "objection_id", $"Duplicate objection_id '{row.Objection.Id}' (first on line {seen[row.Objection.Id]})."));
                continue;
            }
            yield return row;
        }
        if (seen.Count == 0 && errors.Count == 0)
            errors.Add(new ImportError(1, null, "The file has a header row but no objections."));
    }

    /// <summary>Records why the file as a whole cannot be read; false for any other exception (a bug, which propagates).</summary>
    private static bool Unreadable(Exception e, List<ImportError> errors, RequestBudget budget)
    {
        switch (e)
        {
            case InvalidUtf8Exception utf8:
                errors.Add(new ImportError(utf8.Line, null, "The file is not valid UTF-8 (save it as UTF-8 and send it again)."));
                return true;
            case CsvFormatException format:
                errors.Add(new ImportError((int)Math.Max(1, format.LineNumber), null, budget.Unreadable(format)));
                return true;
            default:
                return false;
        }
    }

    private static Dictionary<string, int>? ReadHeader(string[] names, List<ImportError> errors)
    {
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i].Trim().TrimStart('\uFEFF');
            if (!RequiredColumns.Contains(name) && name != OptionalColumn)
                errors.Add(new ImportError(1, name, $"Unknown column '{name}'. Columns: {string.Join(",", RequiredColumns)} and optionally {OptionalColumn}."));
            else if (!header.TryAdd(name, i))
                errors.Add(new ImportError(1, name, $"Column '{name}' appears more than once."));
        }
        foreach (var missing in RequiredColumns.Where(c => !header.ContainsKey(c)))
            errors.Add(new ImportError(1, missing, $"Missing column '{missing}'."));
        return errors.Count == 0 ? header : null;
    }

    private static ObjectionRow? ReadRow(int line, string[] record, Dictionary<string, int> header, IReadOnlySet<string> jurisdictions, DateTime now, List<ImportError> errors, RequestBudget budget)
    {
        var before = errors.Count;
        if (record.Length != header.Count)
        {
            errors.Add(new ImportError(line, null, $"Expected {header.Count} fields but found {record.Length}."));
            return null;
        }
        string Field(string column) => header.TryGetValue(column, out var i) ? record[i].Trim() : "";
        void Error(string column, string message) => errors.Add(new ImportError(line, column, message));
        string Required(string column)
        {
            var value = Field(column);
            if (value.Length == 0) Error(column, $"{column} is required.");
            return value;
        }
        T? Token<T>(string column, IReadOnlyDictionary<string, T> tokens) where T : struct
        {
            var value = Required(column);
            if (value.Length == 0) return null;
            if (tokens.TryGetValue(value, out var parsed)) return parsed;
            Error(column, $"Unknown {column} '{value}'. Use one of: {string.Join(", ", tokens.Keys)}.");
            return null;
        }
        DateTime? Time(string column, bool required)
        {
            var value = required ? Required(column) : Field(column);
            if (value.Length == 0) return null;
            if (TryParseTime(value, out var utc, out var problem)) return utc;
            Error(column, problem);
            return null;
        }

        string Id(string column)
        {
            if (Identifier.TryNormalise(column, Field(column), out var value, out var problem)) return value;
            Error(column, problem!);
            return "";
        }
        string Text(string column)
        {
            if (Identifier.TryNormaliseText(column, Field(column), budget.MaxFieldChars, out var value, out var problem)) return value;
            Error(column, problem!);
            return "";
        }

        var id = Id("objection_id");
        var subject = Id("subject_ref");
        if (subject.Length > 0 && LooksIdentifying(subject))
            Error("subject_ref", "subject_ref looks like an e-mail address or phone number; send the pseudonymous reference only.");
        var jurisdiction = Required("jurisdiction");
        if (jurisdiction.Length > 0 && !jurisdictions.Contains(jurisdiction))
            Error("jurisdiction", $"Unknown jurisdiction '{jurisdiction}'. Known: {string.Join(", ", jurisdictions.Order())}.");
        var platform = Token("platform", ObjectionTokens.Platforms);
        var channel = Token("channel", ObjectionTokens.Channels);
        var received = Time("received_at", required: true);
        var status = Token("status", ObjectionTokens.Statuses);
        var resolved = Time("resolved_at", required: false);
        var grounds = Text("refusal_grounds");
        var priorText = Required("prior_objection");
        bool? prior = priorText switch { "true" => true, "false" => false, "" => null, _ => null };
        if (priorText.Length > 0 && prior is null) Error("prior_objection", $"prior_objection must be true or false, not '{priorText}'.");
        var extension = Time("extension_notified_at", required: false);
        var reason = Text(OptionalColumn);

        if (received is { } r && r > now + FutureTolerance)
            Error("received_at", "received_at is more than 5 minutes in the future.");
        if (status is { } s)
        {
            if (s == ObjectionStatus.Received && Field("resolved_at").Length > 0)
                Error("resolved_at", "resolved_at must be empty while the status is received.");
            if (s != ObjectionStatus.Received && Field("resolved_at").Length == 0)
                Error("resolved_at", $"resolved_at is required for status {s.Token()}.");
            if (s == ObjectionStatus.Refused && grounds.Length == 0)
                Error("refusal_grounds", "A refusal needs its grounds.");
            if (s != ObjectionStatus.Refused && grounds.Length > 0)
                Error("refusal_grounds", "refusal_grounds is only for refused objections.");
        }
        if (received is { } rec && resolved is { } res && res < rec)
            Error("resolved_at", "resolved_at is before received_at.");
        if (received is { } rec2 && extension is { } ext && ext < rec2)
            Error("extension_notified_at", "extension_notified_at is before received_at.");
        if (extension is { } ext2 && ext2 > now + FutureTolerance)
            Error("extension_notified_at", "extension_notified_at is in the future.");
        if (resolved is { } res2 && res2 > now + FutureTolerance)
            Error("resolved_at", "resolved_at is in the future.");
        if (extension is null && reason.Length > 0)
            Error(OptionalColumn, "extension_reason is given without extension_notified_at.");

        if (errors.Count > before) return null;
        return new ObjectionRow(line, new Objection
        {
            Id = id,
            SubjectRef = subject,
            Jurisdiction = jurisdiction,
            Platform = platform!.Value,
            Channel = channel!.Value,
            ReceivedAt = received!.Value,
            Status = status!.Value,
            ResolvedAt = resolved,
            RefusalGrounds = grounds.Length == 0 ? null : grounds,
            CarriedOver = prior!.Value,
            ExtensionNotifiedAt = extension,
            ExtensionReason = reason.Length == 0 ? null : reason,
        });
    }

    /// <summary>Parses an ISO 8601 time that carries Z or an offset, to UTC milliseconds.</summary>
    public static bool TryParseTime(string value, out DateTime utc, out string problem)
    {
        problem = "";
        if (TryParseUtcSeconds(value, out utc)) return true;
        var match = IsoTime().Match(value);
        if (!match.Success)
        {
            problem = $"'{value}' is not an ISO 8601 time such as 2025-06-01T09:30:00Z.";
            return false;
        }
        if (!match.Groups["offset"].Success)
        {
            problem = $"'{value}' has no offset: add Z or +hh:mm.";
            return false;
        }
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problem = $"'{value}' is not a valid date and time.";
            return false;
        }
        utc = TimeProviderExtensions.TruncateToMs(parsed.UtcDateTime);
        return true;
    }

    /// <summary>
    /// The common spelling read without the general parser: <c>yyyy-MM-ddTHH:mm:ssZ</c>, optionally with milliseconds
    /// (<c>.fff</c>). Anything else, or a date that does not exist, is left to it (and to its messages).
    /// </summary>
    private static bool TryParseUtcSeconds(string value, out DateTime utc)
    {
        utc = default;
        if (value.Length is not (20 or 24) || value[^1] != 'Z' || value[4] != '-' || value[7] != '-' || value[10] != 'T' ||
            value[13] != ':' || value[16] != ':' || (value.Length == 24 && value[19] != '.'))
            return false;
        var s = value.AsSpan();
        if (!Number(s[..4], out var year) || !Number(s.Slice(5, 2), out var month) || !Number(s.Slice(8, 2), out var day) ||
            !Number(s.Slice(11, 2), out var hour) || !Number(s.Slice(14, 2), out var minute) || !Number(s.Slice(17, 2), out var second))
            return false;
        var millisecond = 0;
        if (value.Length == 24 && !Number(s.Slice(20, 3), out millisecond)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        utc = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        return true;

        static bool Number(ReadOnlySpan<char> digits, out int number)
        {
            number = 0;
            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c)) return false;
                number = number * 10 + (c - '0');
            }
            return true;
        }
    }

    /// <summary>An e-mail address or a phone number (7 to 15 digits with only phone punctuation) is not pseudonymous.</summary>
    public static bool LooksIdentifying(string subjectRef) =>
        EmailLike().IsMatch(subjectRef) ||
        (PhoneLike().IsMatch(subjectRef) && subjectRef.Count(char.IsAsciiDigit) is >= 7 and <= 15);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"[^@\s]+@[^@\s]+\.[^@\s]+")]
    private static partial Regex EmailLike();

    [GeneratedRegex(@"^\+?[\d\s().\-]+$")]
    private static partial Regex PhoneLike();
}
