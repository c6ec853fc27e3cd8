using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static ComplianceDashboard.E2E.Tests.Accessibility.MainPages;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>axe-core runs that report serious and critical violations, the bar every page and dialog must clear.</summary>
public static class Axe
{
    /// <summary>For flows that reach a dialog only after changing data (their own server): axe on the open dialog.</summary>
    public static async Task AssertOpenDialogHasNoSeriousViolationAsync(IPage page, string dialogName)
    {
        await Expect(Dialog(page)).ToBeVisibleAsync();
        await SettledAsync(page);
        var found = await SeriousViolationsAsync(Dialog(page));
        Assert.True(found is null, $"{dialogName} ({page.Url}) has serious or critical axe violations:\n{found}");
    }

    /// <summary>The serious and critical violations on the page, described; null when there are none.</summary>
    public static async Task<string?> SeriousViolationsAsync(IPage page) => Serious(await page.RunAxe());

    /// <summary>The serious and critical violations within the element (a dialog: the page behind has its own check).</summary>
    public static async Task<string?> SeriousViolationsAsync(ILocator element) => Serious(await element.RunAxe());

    private static string? Serious(AxeResult result)
    {
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        return serious.Count == 0 ? null : Describe(serious);
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" +
            string.Join("\n", v.Nodes.Take(10).Select(n => $"    at {n.Target}: {Truncate(n.Html)}" +
                (n.Any.FirstOrDefault()?.Message is { Length: > 0 } message ? $"\n      {message}" : "")))));

    private static string Truncate(string? html) =>
        html is null ? "" : html.Length <= 200 ? html : html[..200] + "…";
}
