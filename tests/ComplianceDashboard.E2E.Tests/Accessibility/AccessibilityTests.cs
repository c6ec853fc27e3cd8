using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>axe-core on every main page in real Chromium: no serious or critical violation.</summary>
[Collection(MainPagesCollection.Name)]
public sealed class AccessibilityTests(MainPagesSession session)
{
    public static TheoryData<string> Pages() => new(MainPages.All.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_HasNoSeriousOrCriticalAxeViolation(string name)
    {
        var visit = MainPages.Named(name);
        var page = visit.Email is null ? await session.NewAnonymousPageAsync() : await session.NewPageAsAsync(visit.Email);
        try
        {
            await visit.OpenAsync(page);
            var result = await page.RunAxe();

            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{name} ({page.Url}) has {serious.Count} serious or critical axe violation(s):\n" + Describe(serious));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" +
            string.Join("\n", v.Nodes.Take(10).Select(n => $"    at {n.Target}: {Truncate(n.Html)}"))));

    private static string Truncate(string? html) =>
        html is null ? "" : html.Length <= 200 ? html : html[..200] + "…";
}
