using Microsoft.Playwright;
using static ComplianceDashboard.E2E.Tests.Accessibility.MainPages;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>axe-core on every main page and every dialog in real Chromium, in both themes: no serious or critical violation.</summary>
[Collection(MainPagesCollection.Name)]
public sealed class AccessibilityTests(MainPagesSession session)
{
    public static TheoryData<string> Pages() => new(All.Select(v => v.Name));

    /// <summary>Every page behind sign-in: the sign-in page is static and has no dark theme.</summary>
    public static TheoryData<string> DarkPages() => new(All.Where(v => v.Email is not null).Select(v => v.Name));

    public static TheoryData<string, Theme> Dialogs()
    {
        var data = new TheoryData<string, Theme>();
        foreach (var theme in Enum.GetValues<Theme>())
            foreach (var dialogPage in DialogPages)
                data.Add(dialogPage.Name, theme);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_HasNoSeriousOrCriticalAxeViolation(string name)
    {
        var visit = Named(name);
        var page = visit.Email is null ? await session.NewAnonymousPageAsync() : await session.NewPageAsAsync(visit.Email);
        try
        {
            await visit.OpenAsync(page);
            await AssertNoSeriousViolationAsync(page, name);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(DarkPages))]
    public async Task MainPage_InTheDarkTheme_HasNoSeriousOrCriticalAxeViolation(string name)
    {
        var visit = Named(name);
        var page = await session.NewPageAsAsync(visit.Email!, Theme.Dark);
        try
        {
            await visit.OpenAsync(page);
            await ExpectThemeAsync(page, Theme.Dark);
            await AssertNoSeriousViolationAsync(page, $"{name} in the dark theme");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Opens each dialog of the page in turn, checks the dialog (the page behind has its own check), and cancels it.</summary>
    [Theory]
    [MemberData(nameof(Dialogs))]
    public async Task EveryDialogOfThePage_HasNoSeriousOrCriticalAxeViolation(string name, Theme theme)
    {
        var dialogPage = DialogPageNamed(name);
        var page = await session.NewPageAsAsync(dialogPage.Email, theme);
        try
        {
            await dialogPage.OpenAsync(page);
            await ExpectThemeAsync(page, theme);
            var failures = new List<string>();
            foreach (var opener in dialogPage.Dialogs)
            {
                await opener.Button(page).ClickAsync();
                await Expect(Dialog(page)).ToBeVisibleAsync();
                await SettledAsync(page);
                if (await Axe.SeriousViolationsAsync(Dialog(page)) is { } found)
                    failures.Add($"{opener.Dialog} ({theme} theme, {page.Url}):\n{found}");
                await CancelDialogAsync(page);
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task AssertNoSeriousViolationAsync(IPage page, string name)
    {
        var found = await Axe.SeriousViolationsAsync(page);
        Assert.True(found is null, $"{name} ({page.Url}) has serious or critical axe violations:\n{found}");
    }
}
