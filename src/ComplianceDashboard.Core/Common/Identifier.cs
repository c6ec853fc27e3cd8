using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceDashboard.Core.Common;

/// <summary>
/// The one rule for identifiers that arrive from outside (objection, complaint and training-run ids, subject refs,
/// dataset snapshot ids, regulator references, campaign and cohort codes): what they may hold, how long they may be and
/// how they are normalised before they are compared or stored. Every importer and form applies it (docs/api.md,
/// "Identifiers and text fields").
/// </summary>
public static partial class Identifier
{
    /// <summary>A campaign's code: the identifier rule narrowed to 2 to 32 upper-case ASCII letters, digits or dashes, e.g. UK-FB-2024.</summary>
    public static bool IsCampaignCode(string code) => CampaignCode().IsMatch(code);

    /// <summary>A cohort's code: the identifier rule narrowed to 1 to 32 lower-case ASCII letters, digits or dashes, e.g. wave-1.</summary>
    public static bool IsCohortCode(string code) => CohortCode().IsMatch(code);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,31}$")]
    private static partial Regex CampaignCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CohortCode();

    /// <summary>The longest identifier, in UTF-16 code units after normalisation.</summary>
    public const int MaxLength = 128;

    /// <summary>Identifiers and text fields are stored in Unicode Normalization Form C, so canonically equal spellings are one id.</summary>
    public const NormalizationForm Normalisation = NormalizationForm.FormC;

    /// <summary>
    /// The identifier trimmed of surrounding white space and in NFC, or the problem: empty, longer than
    /// <see cref="MaxLength"/>, or holding a character other than a letter, mark, digit or other number, punctuation,
    /// symbol or the plain space U+0020. So control (Cc) and format (Cf: invisible and bidirectional) characters,
    /// unpaired surrogates, private-use and unassigned code points, line and paragraph separators and look-alike spaces
    /// are refused, and so is U+FFFD (what a mis-decoded byte or a lone surrogate becomes). The problem is a sentence
    /// that starts with <paramref name="field"/>.
    /// </summary>
    public static bool TryNormalise(string field, string? raw, out string value, out string? problem)
    {
        value = (raw ?? "").Trim();
        problem = value.Length == 0 ? $"{field} is required." : Refused(field, value, allowLineBreaks: false, allowFormat: false);
        if (problem is not null) return false;
        value = value.Normalize(Normalisation);
        if (value.Length > MaxLength)
        {
            problem = $"{field} is {value.Length:N0} characters long; an identifier is at most {MaxLength} characters.";
            return false;
        }
        return true;
    }

    /// <summary>The problem with an identifier, or null when <see cref="TryNormalise"/> accepts it.</summary>
    public static string? Problem(string field, string? raw) => TryNormalise(field, raw, out _, out var problem) ? null : problem;

    /// <summary>The identifier as it is stored (trimmed, NFC), or just trimmed when the rule refuses it (so the refusal can name it).</summary>
    public static string Normalise(string? raw) => TryNormalise("value", raw, out var value, out _) ? value : (raw ?? "").Trim();

    /// <summary>
    /// A free-text field (refusal grounds, an extension reason, an outcome summary): any printable text with tabs and
    /// line breaks, trimmed and in NFC, at most <paramref name="maxLength"/> characters. Other control characters,
    /// the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069, which make a text read
    /// differently from what it holds), unpaired surrogates and unassigned code points are refused. Empty is allowed.
    /// </summary>
    public static bool TryNormaliseText(string field, string? raw, int maxLength, out string value, out string? problem)
    {
        value = (raw ?? "").Trim();
        problem = null;
        if (value.Length > maxLength)
        {
            problem = LongerThan(field, value.Length, maxLength);
            return false;
        }
        problem = Refused(field, value, allowLineBreaks: true, allowFormat: true);
        if (problem is not null) return false;
        value = value.Normalize(Normalisation);
        if (value.Length > maxLength)
        {
            problem = LongerThan(field, value.Length, maxLength);
            return false;
        }
        return true;
    }

    /// <summary>The message for a field over its length limit, naming the limit.</summary>
    public static string LongerThan(string field, long length, long maxLength) =>
        $"{field} is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long; the limit for this field is {maxLength.ToString("N0", CultureInfo.InvariantCulture)}.";

    private static string? Refused(string field, string value, bool allowLineBreaks, bool allowFormat)
    {
        var position = 0;
        var i = 0;
        while (i < value.Length)
        {
            position++;
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                return $"{field} holds an unpaired surrogate (U+{(int)value[i]:X4}) at character {position}; send valid Unicode text.";
            i += consumed;
            var kind = Kind(rune, allowLineBreaks, allowFormat);
            if (kind is not null)
                return $"{field} holds {kind} (U+{rune.Value:X4}) at character {position}; " +
                       (allowLineBreaks ? "text may not hold control, bidirectional-override or unassigned characters." : "an identifier holds letters, digits, punctuation, symbols and plain spaces only.");
        }
        return null;
    }

    private static string? Kind(Rune rune, bool allowLineBreaks, bool allowFormat)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.Control when allowLineBreaks && rune.Value is '\t' or '\n' or '\r' => null,
            UnicodeCategory.Control => "a control character",
            UnicodeCategory.Format when allowFormat && !IsBidiControl(rune.Value) => null,
            UnicodeCategory.Format => "a format character (invisible or bidirectional)",
            UnicodeCategory.OtherNotAssigned => "an unassigned code point",
            // A lone surrogate or a byte that was not UTF-8 arrives as U+FFFD: two different ids would then read the same.
            _ when rune.Value == 0xFFFD && !allowFormat => "a replacement character, the mark of mis-decoded text",
            UnicodeCategory.PrivateUse when !allowFormat => "a private-use character",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator when !allowLineBreaks => "a line separator",
            UnicodeCategory.SpaceSeparator when !allowLineBreaks && rune.Value != ' ' => "a space other than U+0020",
            _ => null,
        };
    }

    private static bool IsBidiControl(int c) => c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;
}
