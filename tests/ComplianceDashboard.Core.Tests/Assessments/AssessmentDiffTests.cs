using System.Diagnostics;
using ComplianceDashboard.Core.Assessments;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class AssessmentDiffTests
{
    [Fact]
    public void Words_MarksRemovedAndAddedWords_AndKeepsTheRest()
    {
        var segments = AssessmentDiff.Words("We exclude private messages.", "We exclude private messages and minors.");

        Assert.Equal([(SegmentKind.Same, "We exclude private "), (SegmentKind.Removed, "messages."), (SegmentKind.Added, "messages and minors.")],
            segments.Select(s => (s.Kind, s.Text)));
    }

    [Fact]
    public void Words_RebuildsBothTexts()
    {
        const string left = "The window is 14 days between notice and training.";
        const string right = "The objection window is 30 days between the notice and training start.";

        var segments = AssessmentDiff.Words(left, right);

        Assert.Equal(left, string.Concat(segments.Where(s => s.Kind != SegmentKind.Added).Select(s => s.Text)));
        Assert.Equal(right, string.Concat(segments.Where(s => s.Kind != SegmentKind.Removed).Select(s => s.Text)));
        Assert.Contains(segments, s => s is { Kind: SegmentKind.Added, Text: "objection " });
    }

    [Fact]
    public void Compare_ReportsAddedRemovedChangedAndUnchangedQuestions()
    {
        var left = new AssessmentVersion { Number = 1, Answers = [new Answer { Key = "A1", Text = "Old" }, new Answer { Key = "A2", Text = "Gone" }, new Answer { Key = "A6", Text = "Same" }] };
        var right = new AssessmentVersion { Number = 2, Answers = [new Answer { Key = "A1", Text = "New" }, new Answer { Key = "A3", Text = "Yes", YesNo = true }, new Answer { Key = "A6", Text = "Same" }] };

        var diff = AssessmentDiff.Compare(left, right);

        var changes = diff.Changed.ToDictionary(q => q.Question.Key, q => q.Change);
        Assert.Equal(new Dictionary<string, ChangeKind> { ["A1"] = ChangeKind.Changed, ["A2"] = ChangeKind.Removed, ["A3"] = ChangeKind.Added }, changes);
        Assert.Equal(ChangeKind.Unchanged, diff.Questions.Single(q => q.Question.Key == "A6").Change);
        Assert.Equal(QuestionCatalogue.All.Count, diff.Questions.Count);
    }

    [Fact]
    public void Compare_NoticesAChangeInAStructuredValueAlone()
    {
        var q = QuestionCatalogue.Find("SG-WINDOW")!;
        var answer = CompleteAnswer(q);
        var left = new AssessmentVersion { Answers = [answer] };
        var right = new AssessmentVersion { Answers = [answer with { Safeguard = answer.Safeguard! with { Days = 45 } }] };

        var diff = AssessmentDiff.Compare(left, right).Questions.Single(d => d.Question.Key == "SG-WINDOW");

        Assert.Equal(ChangeKind.Changed, diff.Change);
        Assert.True(diff.ValueChanged);
        Assert.Contains("30 days", diff.LeftValue);
        Assert.Contains("45 days", diff.RightValue);
    }

    [Fact]
    public void Words_StaysFast_ForTwoDifferentHundredKilobyteAnswers()
    {
        var left = string.Join(' ', Enumerable.Range(0, 16_000).Select(i => $"w{i}"));
        var right = string.Join(' ', Enumerable.Range(0, 16_000).Select(i => $"v{i}"));
        var watch = Stopwatch.StartNew();

        var segments = AssessmentDiff.Words(left, right);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(left, string.Concat(segments.Where(s => s.Kind != SegmentKind.Added).Select(s => s.Text)));
    }
}
