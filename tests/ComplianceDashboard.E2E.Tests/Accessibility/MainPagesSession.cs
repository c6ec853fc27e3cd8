using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Accessibility;

/// <summary>
/// One server and one signed-in browser context per role, shared by the tests that visit every main page
/// (accessibility checks, keyboard use, user-guide screenshots), so the suite signs in once per role.
/// </summary>
public sealed class MainPagesSession : IAsyncLifetime
{
    private readonly Dictionary<string, IBrowserContext> _contexts = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public DashboardServer Server { get; } = new();

    /// <summary>The viewport of every page: the size of the user-guide screenshots.</summary>
    public static readonly ViewportSize Viewport = new() { Width = 1280, Height = 800 };

    /// <summary>The version of the EU assessment that a legal reviewer sent back (made by <see cref="InitializeAsync"/>).</summary>
    public const int SentBackEuVersion = 3;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        SendBackARevisionOfTheEuAssessment();
    }

    /// <summary>
    /// The demo story leaves no version open for review (the EU's first was withdrawn for one on the AI template), so
    /// the session makes one before any of its tests runs, through the services as the people would: the officer
    /// revises the EU assessment and submits it, and a legal reviewer sends it back. Every test of the collection
    /// therefore sees the same data, whatever the order they run in.
    /// </summary>
    private void SendBackARevisionOfTheEuAssessment()
    {
        var assessments = Server.Services.GetRequiredService<AssessmentService>();
        static Actor Demo(string email) => DemoAccounts.All.Where(a => a.Email == email).Select(a => Actor.User(a.Email, a.Name, a.Role)).Single();
        var officer = Demo(MainPages.Officer);
        var revised = assessments.Revise(officer, DemoAssessments.EuId, 2);
        Assert.True(revised.Succeeded, revised.Failure?.Message);
        Assert.Equal(SentBackEuVersion, revised.Value.Latest().Number);
        foreach (var step in new[]
                 {
                     assessments.Submit(officer, DemoAssessments.EuId, SentBackEuVersion),
                     assessments.RequestChanges(Demo(MainPages.Legal), DemoAssessments.EuId, SentBackEuVersion, "Say which model version the next anonymity tests will cover."),
                 })
            Assert.True(step.Succeeded, step.Failure?.Message);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts.Values) await context.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A browser context with no session cookie.</summary>
    public async Task<IPage> NewAnonymousPageAsync()
    {
        var context = await NewContextAsync();
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new tab in the role's context whose browser prefers the theme (prefers-color-scheme), as a person with a
    /// dark desktop arrives: the layout follows that preference, so the session cookie is shared by both themes.
    /// </summary>
    public async Task<IPage> NewPageAsAsync(string email, MainPages.Theme theme)
    {
        var page = await NewPageAsAsync(email);
        await page.EmulateMediaAsync(new() { ColorScheme = theme == MainPages.Theme.Dark ? ColorScheme.Dark : ColorScheme.Light });
        return page;
    }

    /// <summary>A new tab in the role's context, signed in on first use and reused afterwards.</summary>
    public async Task<IPage> NewPageAsAsync(string email)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_contexts.TryGetValue(email, out var context))
            {
                context = await NewContextAsync();
                var page = await context.NewPageAsync();
                await new DashboardPages(page).SignInAsAsync(email, DemoAccounts.Password);
                await Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();
                await page.CloseAsync();
                _contexts[email] = context;
            }
            return await context.NewPageAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "en-GB",
            ViewportSize = Viewport,
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        return context;
    }

    /// <summary>Opens a path and waits until the circuit is live and the page has its level-1 heading.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MainPagesCollection : ICollectionFixture<MainPagesSession>
{
    public const string Name = "Main pages";
}
