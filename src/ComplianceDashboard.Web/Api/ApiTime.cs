using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// How every API endpoint reads times and dates (docs/api.md, "Times and dates"): a time is ISO 8601 with an explicit
/// offset (<c>Z</c> or <c>±hh:mm</c>), read as UTC; a date is <c>yyyy-MM-dd</c>. A value without an offset is refused,
/// never guessed.
/// </summary>
public static partial class ApiTime
{
    public const string InstantExample = "2026-01-01T00:00:00Z";

    /// <summary>Reads a time with an explicit offset as UTC (milliseconds kept); false for anything else.</summary>
    public static bool TryParseInstant(string? value, out DateTime utc)
    {
        utc = default;
        var text = value?.Trim() ?? "";
        if (!WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        utc = parsed.UtcDateTime;
        return true;
    }

    /// <summary>Reads a <c>yyyy-MM-dd</c> date; false for anything else.</summary>
    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The message for a field that is not a time with an offset.</summary>
    public static string NotAnInstant(string field, string? value) =>
        $"{field} must be an ISO 8601 time with an offset (Z or ±hh:mm), e.g. {InstantExample}, not '{value}'.";

    /// <summary>The message for a field that is not a date.</summary>
    public static string NotADate(string field, string? value) => $"{field} must be a date as yyyy-MM-dd, not '{value}'.";

    /// <summary>
    /// Reads optional query or body fields into one set of field-keyed errors, so that an endpoint reports every bad field at once.
    /// </summary>
    public sealed class FieldReader
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public bool Valid => _errors.Count == 0;

        public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
            messages.Add(message);
        }

        /// <summary>The trimmed text, or null when absent or blank.</summary>
        public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        public string? Required(string field, string? value, string message)
        {
            if (Text(value) is { } text) return text;
            Add(field, message);
            return null;
        }

        public DateTime? Instant(string field, string? value)
        {
            if (Text(value) is null) return null;
            if (TryParseInstant(value, out var utc)) return utc;
            Add(field, NotAnInstant(field, value));
            return null;
        }

        public DateOnly? Date(string field, string? value)
        {
            if (Text(value) is null) return null;
            if (TryParseDate(value, out var date)) return date;
            Add(field, NotADate(field, value));
            return null;
        }

        /// <summary>A token from a closed set (case-insensitive), or null with an error naming the allowed ones.</summary>
        public T? Token<T>(string field, string? value, IReadOnlyDictionary<string, T> tokens) where T : struct
        {
            if (Text(value) is not { } text) return null;
            if (tokens.TryGetValue(text.ToLowerInvariant(), out var token)) return token;
            Add(field, $"Unknown {field} '{text}'. Use one of: {string.Join(", ", tokens.Keys)}.");
            return null;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();
}
