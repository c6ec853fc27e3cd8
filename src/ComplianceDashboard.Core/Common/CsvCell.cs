namespace ComplianceDashboard.Core.Common;

/// <summary>One cell of every CSV file the dashboard hands out (exports and the files attached to evidence packs).</summary>
public static class CsvCell
{
    /// <summary>
    /// A value a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is prefixed
    /// with an apostrophe, then the cell is quoted when it holds a comma, quote or line break (RFC 4180).
    /// </summary>
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
