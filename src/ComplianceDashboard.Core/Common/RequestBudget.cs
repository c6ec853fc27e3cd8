using System.Globalization;

namespace ComplianceDashboard.Core.Common;

/// <summary>
/// The budget of one request: how many columns and rows a file may have, how long a field and a record may be and how
/// deep a JSON body may nest. Checked as the input is read, so an input over budget fails fast with a 400 naming
/// where it went over and the limit. Bound from <c>ComplianceDashboard:Budget</c> (docs/api.md, "Request budget").
/// </summary>
public sealed record RequestBudget
{
    public const string Section = "ComplianceDashboard:Budget";

    /// <summary>The budget when nothing is configured.</summary>
    public static readonly RequestBudget Defaults = new();

    /// <summary>The longest field of a file or text field of a body, in characters (identifiers have their own, shorter limit).</summary>
    public int MaxFieldChars { get; init; } = 4096;

    /// <summary>The most columns a file's header (and each row) may have.</summary>
    public int MaxColumns { get; init; } = 32;

    /// <summary>The most data rows in one file.</summary>
    public long MaxRows { get; init; } = 5_000_000;

    /// <summary>
    /// The longest record (one row, quoted line breaks included) in bytes the CSV reader buffers; a record past it ends the
    /// read with an error on its line (an unclosed quote would otherwise make the whole file one field).
    /// </summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest nesting of a JSON body (objects and arrays).</summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>The message for a file with more data rows than <see cref="MaxRows"/>.</summary>
    public string TooManyRows => $"The file has more than {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows, the limit for one file ({Section}:MaxRows); split it and send the parts.";

    /// <summary>The message for a header with more columns than <see cref="MaxColumns"/>.</summary>
    public string TooManyColumns(int found) => $"The header has {found} columns; a file has at most {MaxColumns} ({Section}:MaxColumns).";

    /// <summary>The message for a record longer than <see cref="MaxRecordBytes"/>.</summary>
    public string RecordTooLong => $"A row starting here is longer than {MaxRecordBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes ({Section}:MaxRecordBytes), perhaps from a quote that is never closed; nothing was read past it.";
}

/// <summary>The checks of a <see cref="RequestBudget"/> that every CSV reader makes, in one place.</summary>
public static class CsvBudget
{
    /// <summary>The fields of a record longer than <see cref="RequestBudget.MaxFieldChars"/>: their index and the message naming the limit.</summary>
    public static IEnumerable<(int Index, string Message)> OversizeFields(this RequestBudget budget, IReadOnlyList<string> fields, IReadOnlyList<string> names)
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i].Length > budget.MaxFieldChars)
                yield return (i, Identifier.LongerThan(i < names.Count && names[i].Length > 0 ? names[i] : $"column {i + 1}", fields[i].Length, budget.MaxFieldChars));
    }
}
