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

    [Fact]
    public async Task TheAppBarToggle_SwitchesToTheDarkThemeAndBack_WithTheKeyboard()
    {
        var page = await session.NewPageAsAsync(MainPages.Officer, MainPages.Theme.Light);
        try
        {
            await MainPagesSession.OpenAsync(page, "/");
            await MainPages.ExpectThemeAsync(page, MainPages.Theme.Light);
            Assert.Equal("rgb(245, 247, 250)", await BackgroundAsync(page));

            await TabUntilFocusedAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme", Exact = true }));
            await AssertVisibleFocusAsync(page);
            await page.Keyboard.PressAsync("Enter");
            await MainPages.ExpectThemeAsync(page, MainPages.Theme.Dark);
            Assert.Equal("rgb(18, 24, 32)", await BackgroundAsync(page));

            // The focus stays on the toggle, which now offers the light theme.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme", Exact = true })).ToBeFocusedAsync();
            await AssertVisibleFocusAsync(page);
            await page.Keyboard.PressAsync("Enter");
            await MainPages.ExpectThemeAsync(page, MainPages.Theme.Light);
            Assert.Equal("rgb(245, 247, 250)", await BackgroundAsync(page));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    public static TheoryData<string> DialogPages() => new(MainPages.DialogPages.Select(d => d.Name));

    /// <summary>
    /// Each dialog of the page: Enter on its button opens it with the focus inside; Tab reaches every control and
    /// wraps without leaving the dialog (a focus trap); Escape closes it without saving.
    /// </summary>
    [Theory]
    [MemberData(nameof(DialogPages))]
    public async Task EveryDialogOfThePage_OpensWithEnter_KeepsTheFocusInsideWhileTabbing_AndClosesWithEscape(string name)
    {
        var dialogPage = MainPages.DialogPageNamed(name);
        var page = await session.NewPageAsAsync(dialogPage.Email);
        try
        {
            await dialogPage.OpenAsync(page);
            foreach (var opener in dialogPage.Dialogs)
            {
                await opener.Button(page).FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                var dialog = MainPages.Dialog(page);
                await Expect(dialog).ToBeVisibleAsync();
                await ExpectFocusOnAControlInsideAsync(page, opener.Dialog);
                await TabThroughAsync(page, opener.Dialog);
                await page.Keyboard.PressAsync("Escape");
                await Expect(dialog).ToHaveCountAsync(0);
            }
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>The focused element, named for a failure message, and whether it is inside the open dialog.</summary>
    private const string DescribeActive = """
        () => {
          const e = document.activeElement;
          if (!e) return 'nothing';
          const name = e.getAttribute('aria-label') ?? e.labels?.[0]?.textContent?.trim() ?? e.textContent?.trim().slice(0, 40) ?? '';
          const where = e.closest('[role=dialog]') ? 'in the dialog' : 'outside the dialog';
          return `'${name}' <${e.tagName.toLowerCase()} class="${e.className}"> ${where}`;
        }
        """;

    /// <summary>
    /// The focus is inside the open dialog on a control or on the dialog itself, not on one of MudBlazor's empty
    /// focus-trap bumpers (they hand the focus on to the first or last control a moment later).
    /// </summary>
    private const string FocusSettledInDialog = """
        () => {
          const e = document.activeElement;
          const dialog = document.querySelector('[role=dialog]');
          if (!e || !dialog || !dialog.contains(e)) return false;
          const bumper = e.tagName === 'DIV' && !e.hasAttribute('role') && !e.hasAttribute('aria-label') && e.childElementCount === 0;
          return !bumper;
        }
        """;

    private static async Task ExpectFocusOnAControlInsideAsync(IPage page, string what)
    {
        try
        {
            await page.WaitForFunctionAsync(FocusSettledInDialog, null, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: the focus is not on a control inside the dialog; it is on {await page.EvaluateAsync<string>(DescribeActive)}");
        }
    }

    /// <summary>
    /// Marks every control of the open dialog a person can Tab to, then presses Tab until each has had the focus
    /// (at least once round and past the end), checking after every press that the focus stayed inside the dialog.
    /// </summary>
    private static async Task TabThroughAsync(IPage page, string what)
    {
        var count = await page.EvaluateAsync<int>("""
            () => {
              const dialog = document.querySelector('[role=dialog]');
              const controls = [...dialog.querySelectorAll('input:not([type=hidden]), textarea, select, button, a[href], [tabindex]')]
                .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0)
                .filter(e => !(e.tagName === 'DIV' && !e.hasAttribute('role') && !e.hasAttribute('aria-label') && e.childElementCount === 0));
              controls.forEach((e, i) => e.setAttribute('data-keyboard-stop', String(i)));
              return controls.length;
            }
            """);
        Assert.True(count > 0, $"{what}: the dialog has no control to Tab to.");
        var reached = new HashSet<string>();
        var stops = new List<string>();
        for (var press = 0; press < 4 * count + 8 && (reached.Count < count || press <= count + 1); press++)
        {
            await page.Keyboard.PressAsync("Tab");
            await ExpectFocusOnAControlInsideAsync(page, $"{what} after Tab through {string.Join(" → ", stops)}");
            stops.Add(await page.EvaluateAsync<string>(DescribeActive));
            if (await page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('data-keyboard-stop')") is { } stop)
                reached.Add(stop);
        }
        if (reached.Count < count)
        {
            var missed = await page.EvaluateAsync<string[]>("""
                reached => [...document.querySelectorAll('[role=dialog] [data-keyboard-stop]')]
                  .filter(e => !reached.includes(e.getAttribute('data-keyboard-stop')))
                  .map(e => e.getAttribute('aria-label') ?? e.labels?.[0]?.textContent?.trim() ?? e.textContent?.trim() ?? e.tagName)
                """, reached.ToArray());
            Assert.Fail($"{what}: Tab never reached {string.Join(", ", missed)}; it went {string.Join(" → ", stops)}");
        }
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
