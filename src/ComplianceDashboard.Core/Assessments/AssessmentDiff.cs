using System.Text.RegularExpressions;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>How one question's answer differs between two versions.</summary>
public enum ChangeKind
{
    Unchanged,
    Added,
    Removed,
    Changed,
}

/// <summary>A run of words that is in both texts, only the left one or only the right one.</summary>
public enum SegmentKind
{
    Same,
    Removed,
    Added,
}

public sealed record TextSegment(SegmentKind Kind, string Text);

/// <summary>One question compared across two versions; text differences are word by word.</summary>
public sealed record QuestionDiff(Question Question, ChangeKind Change, Answer Left, Answer Right, IReadOnlyList<TextSegment> TextSegments, string LeftValue, string RightValue)
{
    public bool ValueChanged => LeftValue != RightValue;
}

/// <summary>
/// A side-by-side comparison of two versions, question by question, over the questions of both versions' templates;
/// when the templates differ, <see cref="QuestionsAdded"/> and <see cref="QuestionsRemoved"/> name the questions only one of them has.
/// </summary>
public sealed record VersionDiff(AssessmentVersion Left, AssessmentVersion Right, IReadOnlyList<QuestionDiff> Questions)
{
    public AssessmentTemplate LeftTemplate => Left.Template();
    public AssessmentTemplate RightTemplate => Right.Template();
    public bool TemplateChanged => !LeftTemplate.Is(RightTemplate);

    /// <summary>Questions the right version's template asks that the left one's does not.</summary>
    public IReadOnlyList<Question> QuestionsAdded => RightTemplate.Questions.Where(q => !LeftTemplate.Has(q.Key)).ToList();

    /// <summary>Questions the left version's template asked that the right one's does not.</summary>
    public IReadOnlyList<Question> QuestionsRemoved => LeftTemplate.Questions.Where(q => !RightTemplate.Has(q.Key)).ToList();

    public bool TitleChanged => Left.Title != Right.Title;
    public bool JurisdictionsChanged => !Left.Jurisdictions.Order().SequenceEqual(Right.Jurisdictions.Order());
    public IEnumerable<QuestionDiff> Changed => Questions.Where(q => q.Change != ChangeKind.Unchanged);
}

public static partial class AssessmentDiff
{
    /// <summary>Above this many word pairs the changed middle of a text is shown as replaced whole, keeping diffs of 100 KB answers fast.</summary>
    private const long MaxCells = 4_000_000;

    public static VersionDiff Compare(AssessmentVersion left, AssessmentVersion right)
    {
        // The right template's order, then any question only the left template asked.
        var rightTemplate = right.Template();
        var questions = rightTemplate.Questions.Concat(left.Template().Questions.Where(q => !rightTemplate.Has(q.Key)));
        return new(left, right, questions.Select(q => CompareQuestion(q, left.AnswerTo(q.Key), right.AnswerTo(q.Key))).ToList());
    }

    private static QuestionDiff CompareQuestion(Question question, Answer left, Answer right)
    {
        var leftValue = left.DescribeValue(question);
        var rightValue = right.DescribeValue(question);
        var leftEmpty = string.IsNullOrWhiteSpace(left.Text) && leftValue.Length == 0;
        var rightEmpty = string.IsNullOrWhiteSpace(right.Text) && rightValue.Length == 0;
        var change = (leftEmpty, rightEmpty) switch
        {
            (true, true) => ChangeKind.Unchanged,
            (true, false) => ChangeKind.Added,
            (false, true) => ChangeKind.Removed,
            _ => left.Text == right.Text && leftValue == rightValue ? ChangeKind.Unchanged : ChangeKind.Changed,
        };
        return new QuestionDiff(question, change, left, right, Words(left.Text, right.Text), leftValue, rightValue);
    }

    /// <summary>A word-level diff: common words are Same, the rest Removed (left only) or Added (right only). Whitespace stays with its word.</summary>
    public static IReadOnlyList<TextSegment> Words(string left, string right)
    {
        var a = Tokens(left);
        var b = Tokens(right);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        var segments = new List<TextSegment>();
        Add(segments, SegmentKind.Same, a[..prefix]);
        var midA = a[prefix..(a.Length - suffix)];
        var midB = b[prefix..(b.Length - suffix)];
        if ((long)midA.Length * midB.Length > MaxCells)
        {
            Add(segments, SegmentKind.Removed, midA);
            Add(segments, SegmentKind.Added, midB);
        }
        else
        {
            Middle(segments, midA, midB);
        }
        Add(segments, SegmentKind.Same, a[(a.Length - suffix)..]);
        return segments;
    }

    private static void Middle(List<TextSegment> segments, string[] a, string[] b)
    {
        // Longest common subsequence table from the end, then one walk from the start.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Add(segments, SegmentKind.Same, [a[x++]]);
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                Add(segments, SegmentKind.Removed, [a[x++]]);
            }
            else
            {
                Add(segments, SegmentKind.Added, [b[y++]]);
            }
        }
    }

    private static void Add(List<TextSegment> segments, SegmentKind kind, string[] words)
    {
        if (words.Length == 0) return;
        var text = string.Concat(words);
        if (segments.Count > 0 && segments[^1].Kind == kind)
            segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else
            segments.Add(new TextSegment(kind, text));
    }

    private static string[] Tokens(string text) =>
        string.IsNullOrEmpty(text) ? [] : WordPattern().Matches(text).Select(m => m.Value).ToArray();

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex WordPattern();
}
