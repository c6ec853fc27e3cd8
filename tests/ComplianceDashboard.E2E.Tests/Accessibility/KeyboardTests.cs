using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>The main controls operated with the keyboard alone, as a person who cannot use a mouse would.</summary>
[Collection(MainPagesCollection.Name)]
public sealed class KeyboardTests(MainPagesSession session)
{
    [Fact]
    public async Task Officer_SignsIn_GoesToObjections_Filters_AndRecordsAndCancelsAnObjection_WithTheKeyboardOnly()
    {
        var page = await session.NewAnonymousPageAsync();
        await page.GotoAsync("/signin");

        // Sign in: the e-mail field has focus on arrival; Tab to the password; Enter submits.
        await Expect(page.GetByLabel("E-mail address")).ToBeFocusedAsync();
        await AssertVisibleFocusAsync(page);
        await page.Keyboard.TypeAsync("officer@demo.example");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(DemoAccounts.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

        // Reach the navigation menu and go to Objections.
        var objectionsLink = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Objections", Exact = true });
        await TabUntilFocusedAsync(page, objectionsLink);
        await AssertVisibleFocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Objections", Level = 1 })).ToBeVisibleAsync();

        // Filter the list by jurisdiction: open the select, move to an option, choose it.
        var jurisdiction = page.GetByRole(AriaRole.Combobox, new() { Name = "Jurisdiction" });
        await TabUntilFocusedAsync(page, jurisdiction);
        await AssertVisibleFocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "UK", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        var jurisdictionCells = page.Locator("td[data-label='Jurisdiction']");
        await Expect(jurisdictionCells.First).ToHaveTextAsync("UK");
        await Expect(jurisdictionCells.Filter(new() { HasNotText = "UK" })).ToHaveCountAsync(0);

        // Record an objection from the dialog and submit it with the keyboard.
        var record = page.GetByRole(AriaRole.Button, new() { Name = "Record objection" });
        await TabUntilFocusedAsync(page, record, backwards: true);
        await AssertVisibleFocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await ExpectFocusedAsync(page, dialog.GetByLabel("Subject reference"));
        await page.Keyboard.TypeAsync("psn-keyboard-1");
        await TabUntilFocusedAsync(page, dialog.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }));
        await AssertVisibleFocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("Objection .+ recorded, due"))).ToBeVisibleAsync();

        // Open it again and cancel with Escape: nothing is recorded.
        await record.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await ExpectFocusedAsync(page, dialog.GetByLabel("Subject reference"));
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
    }

    /// <summary>Waits until the target has the focus; fails naming the element that has it instead.</summary>
    private static async Task ExpectFocusedAsync(IPage page, ILocator target)
    {
        try
        {
            await Expect(target).ToBeFocusedAsync(new() { Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 300) ?? 'none'");
            Assert.Fail($"Expected {target} to have the focus; it is on {focused}");
        }
    }

    /// <summary>Presses Tab (or Shift+Tab) until the target holds the focus; fails naming where the focus went.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target, bool backwards = false, int maxPresses = 60)
    {
        var visited = new List<string>();
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
                return;
            visited.Add(await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}[${e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 30) ?? ''}]` : 'none'; }"));
        }
        Assert.Fail($"The target never received focus after {maxPresses} presses; focus went: {string.Join(" → ", visited)}");
    }

    /// <summary>The focused element shows a focus indicator: an outline or a ring at least 2 px wide.</summary>
    private static async Task AssertVisibleFocusAsync(IPage page)
    {
        var indicator = await page.EvaluateAsync<string>("""
            () => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : '';
              const ring = s.boxShadow && s.boxShadow !== 'none' ? `box-shadow ${s.boxShadow}` : '';
              return outline || ring || `none on ${e.tagName.toLowerCase()}.${e.className}`;
            }
            """);
        Assert.False(indicator.StartsWith("none", StringComparison.Ordinal), $"The focused element has no visible focus indicator: {indicator}");
    }
}
