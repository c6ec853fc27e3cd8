using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>
/// Every main page of the app as a person reaches it: who signs in, where they go and what they open
/// (a dialog, a filter, a drill-down), so checks run on the state a person actually sees.
/// </summary>
public static class MainPages
{
    public const string Officer = "officer@demo.example";
    public const string Admin = "admin@demo.example";
    public const string Legal = "legal@demo.example";

    public enum Theme { Light, Dark }

    public sealed record Visit(string Name, string? Email, Func<IPage, Task> OpenAsync);

    public static readonly IReadOnlyList<Visit> All =
    [
        new("Sign-in", null, async page =>
        {
            await page.GotoAsync("/signin");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        }),
        new("Overview", Officer, page => MainPagesSession.OpenAsync(page, "/")),
        new("Assessments", Officer, page => MainPagesSession.OpenAsync(page, "/assessments")),
        new("Assessment", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}")),
        new("Assessment version", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}/versions/2")),
        new("Assessment version diff", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}/compare/1/2")),
        new("Rollout", Officer, page => MainPagesSession.OpenAsync(page, "/rollout")),
        new("Objections", Officer, page => MainPagesSession.OpenAsync(page, "/objections")),
        new("Objections filtered by jurisdiction", Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/objections");
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Jurisdiction" }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "UK", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open objection", Exact = false }).First).ToBeVisibleAsync();
        }),
        new("Complaints", Officer, page => MainPagesSession.OpenAsync(page, "/complaints")),
        new("Compliance", Officer, OpenComplianceWithResultsAsync),
        new("Compliance check result", Officer, async page =>
        {
            await OpenComplianceWithResultsAsync(page);
            await page.Locator(".compliance-matrix a[href^='/compliance/']").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/compliance/[^/]+/[^/]+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        }),
        new("Jurisdictions", Officer, page => MainPagesSession.OpenAsync(page, "/jurisdictions")),
        new("Jurisdiction", Officer, page => MainPagesSession.OpenAsync(page, "/jurisdictions/UK")),
        new("Evidence packs", Officer, page => MainPagesSession.OpenAsync(page, "/evidence-packs")),
        new("Verify a pack", Officer, page => MainPagesSession.OpenAsync(page, "/evidence-packs/verify")),
        new("Audit log", Officer, page => MainPagesSession.OpenAsync(page, "/audit")),
        new("Administration", Admin, page => MainPagesSession.OpenAsync(page, "/administration")),
        new("Administration API keys", Admin, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/administration");
            await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create API key" })).ToBeVisibleAsync();
        }),
    ];

    public static Visit Named(string name) => All.Single(v => v.Name == name);

    /// <summary>A dialog as a person opens it: the button that opens it, found as a screen reader would.</summary>
    public sealed record DialogOpener(string Dialog, Func<IPage, ILocator> Button);

    /// <summary>
    /// The dialogs one role opens from one page. Every dialog is closed again without saving (Cancel, Close or
    /// Escape), so visits never change the demo data the other tests of the shared server see. Dialogs that open
    /// only after a change are checked in their flows, on their own server: ApproveDialog and the request-changes
    /// NoteDialog in Assessments/AssessmentReviewTests, ApprovePackDialog in Evidence/EvidencePackFlowTests, the
    /// ApiKeyDialog's second step (the new key) in SignInTests.
    /// SubmissionDialog never opens on demo data: a pack generated from a demo store is a demo pack, never submitted.
    /// </summary>
    public sealed record DialogPage(string Name, string Email, Func<IPage, Task> OpenAsync, IReadOnlyList<DialogOpener> Dialogs);

    public static readonly IReadOnlyList<DialogPage> DialogPages =
    [
        new("Objections", Officer, page => MainPagesSession.OpenAsync(page, "/objections"),
        [
            new("Objection detail (ObjectionDialog)", page => page.GetByRole(AriaRole.Button, new() { Name = "Open objection", Exact = false }).First),
            new("Record objection (RecordObjectionDialog)", page => Button(page, "Record objection")),
        ]),
        new("Complaints", Officer, page => MainPagesSession.OpenAsync(page, "/complaints"),
        [
            new("Complaint detail (ComplaintDialog)", page => page.GetByRole(AriaRole.Button, new() { Name = "Open complaint", Exact = false }).First),
            new("Record complaint (RecordComplaintDialog)", page => Button(page, "Record complaint")),
        ]),
        new("Assessments", Officer, page => MainPagesSession.OpenAsync(page, "/assessments"),
        [
            new("New assessment (NewAssessmentDialog)", page => Button(page, "New assessment")),
        ]),
        new("Assessment", Officer, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}"),
        [
            new("Record a review trigger (NoteDialog)", page => Button(page, "Record")),
        ]),
        new("Assessment version sent back, as a legal reviewer", Legal, page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.EuId}/versions/{MainPagesSession.SentBackEuVersion}"),
        [
            new("General comment (NoteDialog)", page => Button(page, "General comment")),
        ]),
        new("Rollout", Officer, page => MainPagesSession.OpenAsync(page, "/rollout"),
        [
            new("New campaign (CampaignDialog)", page => Button(page, "New campaign")),
            new("Add a notice version (NoticeDialog)", page => page.GetByRole(AriaRole.Button, new() { Name = "Add notice version to", Exact = false }).First),
            new("Add a cohort (CohortDialog)", page => page.GetByRole(AriaRole.Button, new() { Name = "Add cohort to", Exact = false }).First),
        ]),
        new("Jurisdictions, as an admin", Admin, page => MainPagesSession.OpenAsync(page, "/jurisdictions"),
        [
            new("Add jurisdiction (JurisdictionDialog)", page => Button(page, "Add jurisdiction")),
        ]),
        new("Jurisdiction", Officer, page => MainPagesSession.OpenAsync(page, "/jurisdictions/UK"),
        [
            new("Change state (ChangeStateDialog)", page => Button(page, "Change state")),
            new("Record interaction (InteractionDialog)", page => Button(page, "Record interaction")),
            new("Add commitment (CommitmentDialog)", page => Button(page, "Add commitment")),
            new("Request training start (GateReasonDialog)", page => Button(page, "Request training start")),
        ]),
        new("Jurisdiction, as a legal reviewer", Legal, page => MainPagesSession.OpenAsync(page, "/jurisdictions/UK"),
        [
            new("Approve override (OverrideDialog)", page => Button(page, "Approve override")),
        ]),
        new("Administration", Admin, page => MainPagesSession.OpenAsync(page, "/administration"),
        [
            new("Add user (AddUserDialog)", page => Button(page, "Add user")),
            new("Set password (SetPasswordDialog)", page => page.GetByRole(AriaRole.Button, new() { Name = "Set password of", Exact = false }).First),
            new("End sessions (confirmation)", page => page.GetByRole(AriaRole.Button, new() { Name = "End sessions of Olivia Officer" })),
        ]),
        new("Administration API keys", Admin, Named("Administration API keys").OpenAsync,
        [
            new("Create API key (ApiKeyDialog)", page => Button(page, "Create API key")),
        ]),
    ];

    public static DialogPage DialogPageNamed(string name) => DialogPages.Single(d => d.Name == name);

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The open dialog.</summary>
    public static ILocator Dialog(IPage page) => page.GetByRole(AriaRole.Dialog);

    /// <summary>Closes the open dialog with its Cancel (or Close) button and waits until it is gone.</summary>
    public static async Task CancelDialogAsync(IPage page)
    {
        await Dialog(page).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Cancel|Close)$") }).ClickAsync();
        await Expect(Dialog(page)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Waits until the page shows the theme: the app-bar toggle offers the other one (the layout reads the
    /// browser's colour-scheme preference once the circuit is live), and no colour transition is still running.
    /// </summary>
    public static async Task ExpectThemeAsync(IPage page, Theme theme)
    {
        var other = theme == Theme.Dark ? "Switch to light theme" : "Switch to dark theme";
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = other, Exact = true })).ToBeVisibleAsync();
        await SettledAsync(page);
    }

    /// <summary>Waits until no finite animation or transition runs, so axe measures final colours, not ones half-way.</summary>
    public static Task SettledAsync(IPage page) => page.WaitForFunctionAsync(
        "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");

    /// <summary>The compliance matrix with results: the checks run once if they have not yet (the schedule is off in tests).</summary>
    public static async Task OpenComplianceWithResultsAsync(IPage page)
    {
        await MainPagesSession.OpenAsync(page, "/compliance");
        var matrix = page.Locator(".compliance-matrix");
        var ran = await matrix.CountAsync() == 0;
        if (ran)
            await page.GetByRole(AriaRole.Button, new() { Name = "Run checks now" }).ClickAsync();
        await Expect(matrix.Locator("a[href^='/compliance/']").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The "Checks ran" snackbar fades in and out: axe would measure its half-transparent text against the page.
        if (ran) await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }
}
