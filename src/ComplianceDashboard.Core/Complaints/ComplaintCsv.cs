using System.Globalization;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;
using CsvHelper;

namespace ComplianceDashboard.Core.Complaints;

/// <summary>A complaint row that passed every per-row rule, with the line it came from.</summary>
public sealed record ComplaintRow(int Line, Complaint Complaint, bool HasProgressColumn);

/// <summary>
/// Reads a complaints CSV and applies every rule that needs only the file itself: header, tokens, times with
/// offsets and not in the future nor before received_at, outcome with its outcome_at, pseudonymous subject
/// references, duplicates within the file and UTF-8 validity. Rules that need the store (linked objections,
/// forward-only updates) are the service's. Every error is collected; nothing stops at the first.
/// </summary>
public static class ComplaintCsv
{
    public static readonly string[] RequiredColumns =
    [
        "complaint_id", "subject_ref", "jurisdiction", "channel", "received_at", "category", "linked_objection_ids",
        "acknowledged_at", "outcome_at", "outcome", "outcome_summary", "escalated_at", "regulator_reference",
    ];

    public const string OptionalColumn = "progress_updated_at";
    public const int MaxIdLength = Identifier.MaxLength;
    public const int MaxSummaryLength = 2000;
    private const int MaxErrors = 1000;

    public static (List<ComplaintRow> Rows, List<ImportError> Errors) Read(Stream csv, IReadOnlySet<string> jurisdictions, DateTime nowUtc, RequestBudget? budget = null)
    {
        budget ??= RequestBudget.Defaults;
        var rows = new List<ComplaintRow>();
        var errors = new List<ImportError>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MaxRecordSize = budget.MaxRecordBytes,
            OnMalformedRecord = bad => errors.Add(new ImportError((int)bad.LineNumber, null, $"Malformed CSV quoting ({bad.Reason}).")),
        };
        try
        {
            using var reader = CsvReader.Create(new Utf8ValidatingStream(csv), options, leaveOpen: true);
            var names = reader.Headers.ToArray();
            if (names.Length == 0 || names is [""])
            {
                errors.Add(new ImportError(1, null, "The file is empty: a header row and at least one complaint are required."));
                return (rows, errors);
            }
            if (names.Length > budget.MaxColumns)
            {
                errors.Add(new ImportError(1, null, budget.TooManyColumns(names.Length)));
                return (rows, errors);
            }
            var header = ReadHeader(names, errors);
            if (header is null) return (rows, errors);
            var columnNames = names.Select(n => n.Trim().TrimStart('\uFEFF')).ToArray();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var record = new string[header.Count];
            long dataRows = 0;
            while (reader.Read() && errors.Count < MaxErrors)
            {
                var line = (int)reader.LineNumber;
                if (++dataRows > budget.MaxRows)
                {
                    errors.Add(new ImportError(line, null, budget.TooManyRows));
                    break;
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
                var complaint = ReadRow(line, record, header, jurisdictions, nowUtc, errors);
                if (complaint is null) continue;
                if (seen.TryGetValue(complaint.Id, out var firstLine))
                    errors.Add(new ImportError(line, "complaint_id", $"Duplicate complaint_id '{complaint.Id}' (first on line {firstLine})."));
                else
                {
                    seen[complaint.Id] = line;
                    rows.Add(new ComplaintRow(line, complaint, header.ContainsKey(OptionalColumn)));
                }
            }
            if (rows.Count == 0 && errors.Count == 0)
                errors.Add(new ImportError(1, null, "The file has a header row but no complaints."));
        }
        catch (InvalidUtf8Exception e)
        {
            errors.Add(new ImportError(e.Line, null, "The file is not valid UTF-8 (save it as UTF-8 and send it again)."));
        }
        catch (CsvFormatException e)
        {
            errors.Add(new ImportError((int)Math.Max(1, e.LineNumber), null,
                ObjectionCsv.IsRecordTooLong(e, budget) ? budget.RecordTooLong : $"The file is not readable CSV: {e.Message}"));
        }
        return (rows, errors);
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

    private static Complaint? ReadRow(int line, string[] record, Dictionary<string, int> header, IReadOnlySet<string> jurisdictions, DateTime now, List<ImportError> errors)
    {
        var before = errors.Count;
        string Field(string column) => header.TryGetValue(column, out var i) ? record[i].Trim() : "";
        void Error(string column, string message) => errors.Add(new ImportError(line, column, message));
        string Required(string column)
        {
            var value = Field(column);
            if (value.Length == 0) Error(column, $"{column} is required.");
            return value;
        }
        T? Token<T>(string column, IReadOnlyDictionary<string, T> tokens, bool required = true) where T : struct
        {
            var value = required ? Required(column) : Field(column);
            if (value.Length == 0) return null;
            if (tokens.TryGetValue(value, out var parsed)) return parsed;
            Error(column, $"Unknown {column} '{value}'. Use one of: {string.Join(", ", tokens.Keys)}.");
            return null;
        }
        DateTime? Time(string column, bool required = false)
        {
            var value = required ? Required(column) : Field(column);
            if (value.Length == 0) return null;
            if (!ObjectionCsv.TryParseTime(value, out var utc, out var problem))
            {
                Error(column, problem);
                return null;
            }
            return utc;
        }

        string Id(string column, bool required = true)
        {
            if (!required && Field(column).Length == 0) return "";
            if (Identifier.TryNormalise(column, Field(column), out var value, out var problem)) return value;
            Error(column, problem!);
            return "";
        }

        var id = Id("complaint_id");
        var subject = Id("subject_ref");
        var jurisdiction = Required("jurisdiction");
        if (jurisdiction.Length > 0 && !jurisdictions.Contains(jurisdiction))
            Error("jurisdiction", $"Unknown jurisdiction '{jurisdiction}'. Known: {string.Join(", ", jurisdictions.Order())}.");
        var channel = Token("channel", ComplaintTokens.Channels);
        var received = Time("received_at", required: true);
        var category = Token("category", ComplaintTokens.Categories);
        var linked = ReadLinks(Field("linked_objection_ids"), Error);
        var acknowledged = Time("acknowledged_at");
        var progress = Time(OptionalColumn);
        var outcomeAt = Time("outcome_at");
        var outcome = Token("outcome", ComplaintTokens.Outcomes, required: false);
        var summary = "";
        if (!Identifier.TryNormaliseText("outcome_summary", Field("outcome_summary"), MaxSummaryLength, out summary, out var summaryProblem))
            Error("outcome_summary", summaryProblem!);
        var escalated = Time("escalated_at");
        var reference = Id("regulator_reference", required: false);

        if (errors.Count > before) return null;
        var complaint = new Complaint
        {
            Id = id,
            SubjectRef = subject,
            Jurisdiction = jurisdiction,
            Channel = channel!.Value,
            ReceivedAt = received!.Value,
            Category = category!.Value,
            LinkedObjectionIds = linked,
            AcknowledgedAt = acknowledged,
            ProgressUpdatedAt = progress,
            OutcomeAt = outcomeAt,
            Outcome = outcome,
            OutcomeSummary = summary.Length == 0 ? null : summary,
            EscalatedAt = escalated,
            RegulatorReference = reference.Length == 0 ? null : reference,
        };
        foreach (var problem in ComplaintRules.Validate(complaint, now))
            Error(problem.Column, problem.Message);
        return errors.Count > before ? null : complaint;
    }

    /// <summary>The <c>;</c>-separated objection ids, each once, in the order given.</summary>
    private static string[] ReadLinks(string value, Action<string, string> error)
    {
        if (value.Length == 0) return [];
        var ids = value.Split(';', StringSplitOptions.TrimEntries);
        if (ids.Any(i => i.Length == 0)) error("linked_objection_ids", "linked_objection_ids has an empty id (separate ids with a single ';').");
        if (ids.Where(i => i.Length > 0).Select(i => Identifier.Problem("An objection id in linked_objection_ids", i)).FirstOrDefault(p => p is not null) is { } problem)
            error("linked_objection_ids", problem);
        ids = ids.Select(Identifier.Normalise).ToArray();
        var duplicate = ids.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Key.Length > 0 && g.Count() > 1);
        if (duplicate is not null) error("linked_objection_ids", $"Objection {duplicate.Key} is listed twice in linked_objection_ids.");
        return ids.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    }
}
