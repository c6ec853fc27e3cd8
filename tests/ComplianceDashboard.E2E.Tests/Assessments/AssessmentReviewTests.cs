using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Playwright;
using static ComplianceDashboard.E2E.Tests.Assessments.AssessmentSteps;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Assessments;

public sealed class AssessmentReviewTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Uk = DemoAssessments.UkId;

    [Fact]
    public async Task OfficerRevisesAndSubmits_ReviewerRequestsChanges_OfficerResubmits_AnotherReviewerApproves_AndTheDiffShowsTheChange()
    {
        AddSecondReviewer(server);

        // The officer starts version 3 from the approved version 2, changes an answer and submits it.
        var officer = await SignedInAsync(server, "officer@demo.example");
        await ReviseAsync(officer, Uk, 2);
        await AnswerAsync(officer.Page, "C-POWER", "There is an imbalance of power; the objection form redresses it.");
        await SubmitAsync(officer.Page);

        // The first reviewer comments on the question and sends the version back.
        var reviewer = await SignedInAsync(server, "legal@demo.example");
        await OpenAsync(reviewer, $"/assessments/{Uk}/versions/3");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Comment on C-POWER" }).ClickAsync();
        var dialog = reviewer.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("textarea").First.FillAsync("Say why leaving the platform is hard for people.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Expect(reviewer.Page.Locator("[data-question='C-POWER'] .comment")).ToContainTextAsync("Say why leaving the platform is hard");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(reviewer.Page, "Request changes (NoteDialog)");
        dialog = reviewer.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("textarea").First.FillAsync("Expand C-POWER.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await ExpectStatusAsync(reviewer.Page, "Changes requested");

        // The officer sees the comment, revises the answer and resubmits.
        await OpenAsync(officer, $"/assessments/{Uk}/versions/3");
        await Expect(officer.Page.Locator("[data-question='C-POWER'] .comment")).ToContainTextAsync("Say why leaving the platform is hard");
        await AnswerAsync(officer.Page, "C-POWER", "There is an imbalance of power: leaving a large platform means losing one's network, so the objection takes two taps and needs no reason.");
        await SubmitAsync(officer.Page);

        // A different reviewer approves; a wrong password is refused first.
        var approver = await SignedInAsync(server, SecondReviewer, SecondReviewerPassword);
        await OpenAsync(approver, $"/assessments/{Uk}/versions/3");
        await approver.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Axe.AssertOpenDialogHasNoSeriousViolationAsync(approver.Page, "Approve version (ApproveDialog)");
        dialog = approver.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[type=password]").FillAsync("not-my-password");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("The password you re-entered is wrong");
        await dialog.Locator("input[type=password]").FillAsync(SecondReviewerPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve and sign" }).ClickAsync();
        await ExpectStatusAsync(approver.Page, "Approved");

        // The timeline shows the new sign-off and the old version superseded; the diff shows the changed answer.
        await OpenAsync(approver, $"/assessments/{Uk}");
        await Expect(approver.Page.GetByTestId("version-3").Locator(".sign-off").Last).ToContainTextAsync("Approved by Rita Reviewer (Legal reviewer)");
        await Expect(approver.Page.GetByTestId("version-2").GetByTestId("status")).ToHaveTextAsync("Superseded");
        await approver.Page.GetByRole(AriaRole.Link, new() { Name = "Compare v2 with v3" }).ClickAsync();
        var diff = approver.Page.GetByTestId("diff-C-POWER");
        await Expect(diff).ToHaveAttributeAsync("data-change", "Changed");
        await Expect(diff.Locator(".diff-added").First).ToBeVisibleAsync();
        await Expect(diff).ToContainTextAsync("losing one's network");
        await Expect(approver.Page.GetByTestId("diff-summary")).ToContainTextAsync("1 of 50 questions differ");
    }
}
