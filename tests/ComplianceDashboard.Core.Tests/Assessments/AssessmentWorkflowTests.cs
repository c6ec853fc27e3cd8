using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using static ComplianceDashboard.Core.Tests.Assessments.AssessmentFixture;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class AssessmentWorkflowTests
{
    public enum Action { Save, Submit, RequestChanges, Approve, Withdraw, Revise, Comment, DpoAdvice }

    private static readonly Dictionary<AssessmentStatus, Action[]> Allowed = new()
    {
        [AssessmentStatus.Draft] = [Action.Save, Action.Submit, Action.Withdraw, Action.Comment, Action.DpoAdvice],
        [AssessmentStatus.InReview] = [Action.RequestChanges, Action.Approve, Action.Withdraw, Action.Comment, Action.DpoAdvice],
        [AssessmentStatus.ChangesRequested] = [Action.Save, Action.Submit, Action.Withdraw, Action.Comment, Action.DpoAdvice],
        [AssessmentStatus.Approved] = [Action.Revise],
        [AssessmentStatus.Superseded] = [],
        [AssessmentStatus.Withdrawn] = [],
    };

    public static TheoryData<AssessmentStatus, Action, bool> EveryTransition()
    {
        var data = new TheoryData<AssessmentStatus, Action, bool>();
        foreach (var status in Enum.GetValues<AssessmentStatus>())
            foreach (var action in Enum.GetValues<Action>())
                data.Add(status, action, Allowed[status].Contains(action));
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTransition))]
    public void EachActionIsAllowedExactlyInTheStatusesTheWorkflowPermits(AssessmentStatus status, Action action, bool allowed)
    {
        var f = new AssessmentFixture();
        var before = StateIn(f, status);
        var auditBefore = f.Audit.Entries.Count;
        Assert.Equal(status, before.FindVersion(1)!.Status);

        var result = action switch
        {
            Action.Save => f.Service.SaveDraft(f.Officer, before.Id, before.Version, 1, CompleteContent("Edited title")),
            Action.Submit => f.Service.Submit(f.Officer, before.Id, 1),
            Action.RequestChanges => f.Service.RequestChanges(f.Legal, before.Id, 1, "More detail on B4."),
            Action.Approve => f.Service.Approve(f.Legal2, before.Id, 1, new Approval(Password)),
            Action.Withdraw => f.Service.Withdraw(f.Officer, before.Id, 1, "No longer needed."),
            Action.Revise => f.Service.Revise(f.Officer, before.Id, 1),
            Action.Comment => f.Service.Comment(f.Legal, before.Id, 1, "A1", "Be more specific."),
            Action.DpoAdvice => f.Service.RecordDpoAdvice(f.Dpo, before.Id, 1, "Proceed with the safeguards listed."),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        Assert.Equal(allowed, result.Succeeded);
        if (allowed)
        {
            Assert.Equal(auditBefore + 1, f.Audit.Entries.Count);
        }
        else
        {
            Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
            Assert.Equal(before, f.Assessments.Find(before.Id));
            Assert.Equal(auditBefore, f.Audit.Entries.Count);
        }
    }

    private static Assessment StateIn(AssessmentFixture f, AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => f.Drafted(),
        AssessmentStatus.InReview => f.InReview(),
        AssessmentStatus.ChangesRequested => f.ChangesRequested(),
        AssessmentStatus.Approved => f.Approved(),
        AssessmentStatus.Superseded => f.Superseded(),
        AssessmentStatus.Withdrawn => f.Withdrawn(),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    [Theory]
    [InlineData(Action.Submit, AssessmentStatus.InReview)]
    [InlineData(Action.RequestChanges, AssessmentStatus.ChangesRequested)]
    [InlineData(Action.Approve, AssessmentStatus.Approved)]
    [InlineData(Action.Withdraw, AssessmentStatus.Withdrawn)]
    public void AnAllowedTransition_MovesTheVersion_AndRecordsItInTheHistoryAndTheAuditLog(Action action, AssessmentStatus to)
    {
        var f = new AssessmentFixture();
        var a = action == Action.Submit ? f.Drafted() : f.InReview();
        var from = a.FindVersion(1)!.Status;

        var result = action switch
        {
            Action.Submit => f.Service.Submit(f.Officer, a.Id, 1),
            Action.RequestChanges => f.Service.RequestChanges(f.Legal, a.Id, 1, "More detail on B4."),
            Action.Approve => f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password)),
            _ => f.Service.Withdraw(f.Officer, a.Id, 1, "No longer needed."),
        };

        var version = Ok(result).FindVersion(1)!;
        Assert.Equal(to, version.Status);
        Assert.Equal((from, to), (version.History[^1].From, version.History[^1].To));
        Assert.StartsWith("assessment.", f.Audit.Entries[^1].Action);
        Assert.Equal(a.Id, f.Audit.Entries[^1].EntityId);
    }

    [Fact]
    public void TheFullLoop_DraftReviewChangesReviewApproved_Works()
    {
        var f = new AssessmentFixture();
        var a = f.ChangesRequested();
        var edited = Ok(f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, CompleteContent() with
        {
            Answers = CompleteContent().Answers.Select(x => x.Key == "A1" ? x with { Text = "A specific interest." } : x).ToArray(),
        }));

        Ok(f.Service.Submit(f.Officer, edited.Id, 1));
        var approved = Ok(f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password)));

        var v1 = approved.FindVersion(1)!;
        Assert.Equal(
            [AssessmentStatus.InReview, AssessmentStatus.ChangesRequested, AssessmentStatus.InReview, AssessmentStatus.Approved],
            v1.History.Select(h => h.To));
        Assert.Equal("A specific interest.", v1.AnswerTo("A1").Text);
    }

    [Fact]
    public void Submit_IsRefused_WhileARequiredAnswerIsEmpty_NamingEveryMissingKey()
    {
        var f = new AssessmentFixture();
        var a = f.Created();
        var content = CompleteContent();
        content = content with { Answers = content.Answers.Where(x => x.Key is not "A1" and not "SG-WINDOW").Append(new Answer { Key = "A3", Text = "Yes." }).ToArray() };
        content = content with { Answers = content.Answers.GroupBy(x => x.Key).Select(g => g.Last()).ToArray() };
        a = Ok(f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, content));

        var result = f.Service.Submit(f.Officer, a.Id, 1);

        Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
        Assert.Contains("3 required answers are empty", result.Failure.Message);
        Assert.Equal(["A1", "A3", "SG-WINDOW"], result.Failure.Details!.Select(d => d.Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(AssessmentStatus.Draft, f.Assessments.Find(a.Id)!.FindVersion(1)!.Status);
    }

    [Fact]
    public void OptionalQuestions_MayStayEmpty_WhenSubmitting()
    {
        var f = new AssessmentFixture();
        var a = f.Created();
        var content = CompleteContent();
        a = Ok(f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, content with { Answers = content.Answers.Where(x => x.Key is not "C-EVIDENCE" and not "D-CONDITIONS").ToArray() }));

        Assert.True(f.Service.Submit(f.Officer, a.Id, 1).Succeeded);
    }

    [Fact]
    public void SavingAStaleCopy_IsAConflict_AndKeepsTheOtherPersonsChanges()
    {
        var f = new AssessmentFixture();
        var opened = f.Created();
        Ok(f.Service.SaveDraft(f.Officer, opened.Id, opened.Version, 1, CompleteContent("Theirs")));

        var mine = f.Service.SaveDraft(f.Officer, opened.Id, opened.Version, 1, CompleteContent("Mine"));

        Assert.Equal(FailureKind.Conflict, mine.Failure!.Kind);
        Assert.Contains("Reload", mine.Failure.Message);
        Assert.Equal("Theirs", f.Assessments.Find(opened.Id)!.Latest().Title);
    }

    [Fact]
    public void AnApprovedVersion_CannotBeEdited_AndReviseCreatesANewDraftCopiedFromIt()
    {
        var f = new AssessmentFixture();
        var a = f.Approved();

        var edit = f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, CompleteContent("Changed"));
        var revised = Ok(f.Service.Revise(f.Officer, a.Id, 1));

        Assert.Equal(FailureKind.Validation, edit.Failure!.Kind);
        Assert.Contains("Revise", edit.Failure.Message);
        var v2 = revised.FindVersion(2)!;
        Assert.Equal(AssessmentStatus.Draft, v2.Status);
        Assert.Equal(1, v2.BasedOn);
        Assert.Equal(revised.FindVersion(1)!.Answers, v2.Answers);
        Assert.Equal(AssessmentStatus.Approved, revised.FindVersion(1)!.Status);
        Assert.Equal(revised.FindVersion(1), revised.InForce());
    }

    [Fact]
    public void ApprovingTheNewVersion_SupersedesTheOldOne()
    {
        var f = new AssessmentFixture();

        var a = f.Superseded();

        Assert.Equal(AssessmentStatus.Superseded, a.FindVersion(1)!.Status);
        Assert.Equal(2, a.FindVersion(1)!.SupersededBy);
        Assert.Equal(AssessmentStatus.Approved, a.FindVersion(2)!.Status);
        Assert.Single(a.Versions, v => v.Status == AssessmentStatus.Approved);
        Assert.Contains(f.Audit.Entries, e => e.Action == "assessment.superseded" && e.Summary == "v1 superseded by v2");
    }

    [Fact]
    public void Revise_IsRefused_WhileAnotherVersionIsOpen()
    {
        var f = new AssessmentFixture();
        var a = Ok(f.Service.Revise(f.Officer, f.Approved().Id, 1));

        var again = f.Service.Revise(f.Officer, a.Id, 1);

        Assert.Equal(FailureKind.Conflict, again.Failure!.Kind);
        Assert.Contains("Version 2 is still draft", again.Failure.Message);
    }

    [Fact]
    public void RequestChanges_NeedsANote()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        var result = f.Service.RequestChanges(f.Legal, a.Id, 1, "  ");

        Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
        Assert.Equal(AssessmentStatus.InReview, f.Assessments.Find(a.Id)!.FindVersion(1)!.Status);
    }

    [Fact]
    public void Comments_AreRecordedPerQuestion_WithTheAuthorsRole()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        Ok(f.Service.Comment(f.Legal, a.Id, 1, "B4", "Could a consented subset do?"));
        var result = Ok(f.Service.Comment(f.Dpo, a.Id, 1, "C-CHILDREN", "Explain how adults' posts about children are filtered."));

        var comments = result.FindVersion(1)!.Comments;
        Assert.Equal([("B4", "Legal reviewer"), ("C-CHILDREN", "DPO")], comments.Select(c => (c.QuestionKey, c.AuthorRole)));
        Assert.Equal(2, f.Audit.Entries.Count(e => e.Action == "assessment.commented"));
    }

    [Fact]
    public void Comment_OnAnUnknownQuestion_IsRefused()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        Assert.Equal(FailureKind.Validation, f.Service.Comment(f.Legal, a.Id, 1, "Z9", "?").Failure!.Kind);
    }

    [Fact]
    public void SaveDraft_RejectsUnknownKeysAndBadValues_WithEveryProblem()
    {
        var f = new AssessmentFixture();
        var a = f.Created();

        var result = f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, new DraftContent(" ", [], [
            new Answer { Key = "Z1", Text = "?" },
            new Answer { Key = "A5", Text = "Very", Rating = 9 },
            new Answer { Key = "B-ALTERNATIVES", Text = "x", Alternatives = [new Alternative { Option = "Synthetic data" }] },
        ], []));

        Assert.Equal(FailureKind.Validation, result.Failure!.Kind);
        Assert.Equal(5, result.Failure.Details!.Count);
    }

    [Fact]
    public void AHundredKilobyteAnswer_IsSavedWhole()
    {
        var f = new AssessmentFixture();
        var a = f.Created();
        var text = string.Concat(Enumerable.Repeat("The interest is specific and documented. ", 2600));
        Assert.True(text.Length > 100_000);

        var saved = Ok(f.Service.SaveDraft(f.Officer, a.Id, a.Version, 1, new DraftContent("Big", ["UK"], [new Answer { Key = "A1", Text = text }], [])));

        Assert.Equal(text.Trim(), saved.FindVersion(1)!.AnswerTo("A1").Text);
    }

    [Fact]
    public void NextReviewDate_DefaultsToTwelveMonthsAfterApproval_AndCanBeMovedLater()
    {
        var f = new AssessmentFixture();
        var a = f.Approved();
        Assert.Equal(new DateOnly(2027, 3, 10), a.FindVersion(1)!.NextReviewDate);

        var moved = Ok(f.Service.SetNextReviewDate(f.Officer, a.Id, 1, new DateOnly(2026, 9, 1)));

        Assert.Equal(new DateOnly(2026, 9, 1), moved.FindVersion(1)!.NextReviewDate);
        Assert.Equal(a.FindVersion(1)!.ContentHash, moved.FindVersion(1)!.ContentHash);
        Assert.Equal(FailureKind.Forbidden, f.Service.SetNextReviewDate(f.Auditor, a.Id, 1, new DateOnly(2026, 9, 1)).Failure!.Kind);
    }

    [Fact]
    public void TheApprover_MayChooseTheNextReviewDate()
    {
        var f = new AssessmentFixture();
        var a = f.InReview();

        var approved = Ok(f.Service.Approve(f.Legal, a.Id, 1, new Approval(Password, NextReviewDate: new DateOnly(2026, 9, 30))));

        Assert.Equal(new DateOnly(2026, 9, 30), approved.FindVersion(1)!.NextReviewDate);
    }
}
