using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>
/// Finds contracting steps in a PostgreSQL migration: statements after which the release before it (still running beside
/// this one during a rolling upgrade) could fail. A migration may contract only in a marked release: its first line is
/// <c>-- contract: release N</c>, where N is the app compatibility level (PostgresSchema.AppLevel) of the release that ships
/// it, and it raises the schema's floor to N - 1 (<c>UPDATE store_compatibility SET oldest_app_level = N - 1</c>): releases
/// of level N - 1, which no longer use what it removes, keep running beside it during the rolling upgrade, and older
/// ones refuse to start on it instead of failing while they run. See docs/operations.md, "Rolling upgrades".
/// </summary>
public static partial class MigrationLint
{
    /// <summary>A contracting step and why the previous release could fail on it.</summary>
    private static readonly (Regex Pattern, string Why)[] ContractingSteps =
    [
        (Step(@"\bDROP\s+(TABLE|VIEW|MATERIALIZED\s+VIEW|SEQUENCE|TYPE|FUNCTION|SCHEMA)\b"), "drops something the previous release may read or write"),
        (Step(@"\bDROP\s+COLUMN\b"), "drops a column the previous release may read or write"),
        (Step(@"\bRENAME\b"), "renames something the previous release uses by its old name"),
        (Step(@"\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b"), "changes a column's type under the previous release"),
        (Step(@"\bALTER\s+COLUMN\s+\S+\s+SET\s+NOT\s+NULL\b"), "makes a column required that the previous release may leave empty"),
        (Step(@"\bADD\s+(COLUMN\s+)?(IF\s+NOT\s+EXISTS\s+)?(?![^,;]*\bDEFAULT\b)[^,;]*\bNOT\s+NULL\b"), "adds a required column without a default, which the previous release's inserts do not fill"),
        (Step(@"\bADD\s+(CONSTRAINT\s+\S+\s+)?(CHECK|UNIQUE|FOREIGN\s+KEY|PRIMARY\s+KEY|EXCLUDE)\b"), "adds a constraint to an existing table that the previous release's writes may break"),
        (Step(@"\bTRUNCATE\b"), "empties a table"),
    ];

    /// <summary>The violations in one migration file's text: "line N: why (statement)"; none for an expand-only migration or a marked release that raises the floor.</summary>
    public static IReadOnlyList<string> Check(string sql)
    {
        var code = WithoutComments(sql);
        var steps = new List<string>();
        foreach (var (pattern, why) in ContractingSteps)
            foreach (Match match in pattern.Matches(code))
                steps.Add($"line {LineOf(code, match.Index)}: {why} ({Collapse(match.Value)})");
        if (steps.Count == 0) return [];
        if (Marker().Match(sql) is not { Success: true } marker)
            return [.. steps.Select(s => s + " outside a marked release: start the file with '-- contract: release N' and raise the floor to N - 1")];
        var floor = int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
        return FloorRaise().Matches(code).Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == floor)
            ? []
            : [$"a contracting release {floor + 1} must raise the floor to the release before it: UPDATE store_compatibility SET oldest_app_level = {floor}"];
    }

    /// <summary>The release a marked migration contracts in, or null when it is not marked.</summary>
    public static int? ContractRelease(string sql) =>
        Marker().Match(sql) is { Success: true } marker ? int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static Regex Step(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The marker: the file's first line.</summary>
    [GeneratedRegex(@"\A--\s*contract:\s*release\s+(\d+)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\bUPDATE\s+store_compatibility\s+SET\s+oldest_app_level\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex FloorRaise();

    /// <summary>Comments and string literals blanked out (line breaks kept, so line numbers stay right).</summary>
    private static string WithoutComments(string sql) =>
        CommentOrString().Replace(sql, m => m.Value.StartsWith('\'') ? "''" : new string('\n', m.Value.Count(c => c == '\n')));

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static string Collapse(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
