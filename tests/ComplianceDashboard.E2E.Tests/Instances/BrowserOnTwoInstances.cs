using ComplianceDashboard.Testing.Instances;
using Microsoft.Playwright;

namespace ComplianceDashboard.E2E.Tests.Instances;

/// <summary>
/// Two real app processes on one PostgreSQL database (<see cref="TwoInstances"/>, in Development so the build output's
/// static assets are served, with the data-protection certificate all the same) and a headless Chromium.
/// </summary>
public sealed class BrowserOnTwoInstances : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TwoInstances Apps { get; } = new() { Environment = "Development" };
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Apps.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
        environment["LANG"] = "en_GB.UTF-8";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Testing.TestPrograms.Locate("chromium"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Env = environment,
        });
    }

    /// <summary>A browser of its own (cookies included) whose relative addresses go to <paramref name="instance"/>.</summary>
    public async Task<IPage> NewPageAsync(AppInstance instance)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = instance.Address.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Apps.DisposeAsync();
    }
}
