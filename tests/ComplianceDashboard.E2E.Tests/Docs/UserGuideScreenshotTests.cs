using System.Buffers.Binary;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Docs;

/// <summary>
/// The screenshots in docs/user-guide.md, taken from the running demo at 1280×800. By default they go to a temp
/// folder (so the suite never dirties the tree); with CD_DOCS_SCREENSHOTS=1 they overwrite docs/images/.
/// </summary>
[Collection(MainPagesCollection.Name)]
public sealed class UserGuideScreenshotTests(MainPagesSession session)
{
    public const string EnvironmentVariable = "CD_DOCS_SCREENSHOTS";

    private sealed record Shot(string File, string? Email, Func<IPage, Task> OpenAsync);

    private static readonly Shot[] Shots =
    [
        new("signin.png", null, async page =>
        {
            await page.GotoAsync("/signin");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        }),
        new("officer-overview.png", MainPages.Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/");
            await Expect(page.GetByTestId("jurisdiction-card")).ToHaveCountAsync(3);
        }),
        new("officer-objections.png", MainPages.Officer, async page =>
        {
            await MainPagesSession.OpenAsync(page, "/objections");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open objection", Exact = false }).First).ToBeVisibleAsync();
        }),
        new("officer-rollout.png", MainPages.Officer, page => MainPagesSession.OpenAsync(page, "/rollout")),
        new("officer-evidence-packs.png", MainPages.Officer, page => MainPagesSession.OpenAsync(page, "/evidence-packs")),
        new("legal-assessment.png", "legal@demo.example", page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}")),
        new("legal-assessment-diff.png", "legal@demo.example", page => MainPagesSession.OpenAsync(page, $"/assessments/{DemoAssessments.UkId}/compare/1/2")),
        new("dpo-compliance.png", "dpo@demo.example", MainPages.OpenComplianceWithResultsAsync),
        new("dpo-jurisdiction.png", "dpo@demo.example", page => MainPagesSession.OpenAsync(page, "/jurisdictions/UK")),
        new("auditor-audit-log.png", "auditor@demo.example", async page =>
        {
            await MainPagesSession.OpenAsync(page, "/audit");
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
            await Expect(page.GetByTestId("verification")).ToContainTextAsync("Intact");
        }),
        new("admin-administration.png", MainPages.Admin, page => MainPagesSession.OpenAsync(page, "/administration")),
    ];

    [Fact]
    public async Task EveryTaskInTheUserGuide_HasAScreenshotOfThePageAt1280By800()
    {
        var repository = ComplianceDashboard.Testing.RepositoryFiles.Root;
        var intoDocs = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";
        var folder = intoDocs ? Path.Combine(repository, "docs", "images") : Path.Combine(Path.GetTempPath(), "cd-screens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var shot in Shots)
            {
                var page = shot.Email is null ? await session.NewAnonymousPageAsync() : await session.NewPageAsAsync(shot.Email);
                await shot.OpenAsync(page);
                // Wait for web fonts and layout to settle; animations are switched off for a stable picture.
                await page.EvaluateAsync("() => document.fonts.ready");
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, shot.File), Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
                await page.CloseAsync();
            }

            var guide = await File.ReadAllTextAsync(Path.Combine(repository, "docs", "user-guide.md"));
            foreach (var shot in Shots)
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, shot.File));
                Assert.Equal((1280, 800), PngSize(bytes));
                Assert.Contains($"images/{shot.File}", guide);
            }
        }
        finally
        {
            if (!intoDocs) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Width and height from a PNG's IHDR chunk (fails on anything that is not a PNG).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "Not a PNG file.");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
