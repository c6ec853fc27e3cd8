using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests;

/// <summary>Intent-level steps a person takes in the app, found by role and label as a screen reader would.</summary>
public sealed class DashboardPages(IPage page)
{
    public IPage Page => page;

    public async Task SignInAsAsync(string email, string password = DemoAccounts.Password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Blazor Server ignores clicks until its circuit is connected; the layout marks that moment.</summary>
    public Task WaitUntilInteractiveAsync() =>
        Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

    public async Task GoToAsync(string area)
    {
        await page.GetByRole(AriaRole.Navigation).Or(page.Locator(".mud-navmenu")).First
            .GetByRole(AriaRole.Link, new() { Name = area, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = area, Level = 1 })).ToBeVisibleAsync();
    }

    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have signed out.");
    }

    public Task AssertSignInErrorVisibleAsync(string text) =>
        Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(text);
}
