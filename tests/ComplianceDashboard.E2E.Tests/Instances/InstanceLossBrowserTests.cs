using ComplianceDashboard.Testing;
using ComplianceDashboard.Testing.Instances;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Instances;

/// <summary>
/// Issue 16 item 6: a person working through the router on one of two instances when that instance dies. Blazor tries to
/// reconnect, the router sends the attempt to the other instance, which does not know the circuit, so the page reloads
/// there: still signed in (the keys are shared) and on the page the person was on. A class of its own: it kills an instance.
/// </summary>
public sealed class InstanceLossBrowserTests(BrowserOnTwoInstances fixture) : IClassFixture<BrowserOnTwoInstances>, IDisposable
{
    private readonly string _routerFolder = Path.Combine(Path.GetTempPath(), $"cd-nginx-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_routerFolder)) Directory.Delete(_routerFolder, recursive: true);
    }

    /// <summary>The instance that answered a navigation through the router, by the address nginx names in X-Upstream.</summary>
    private AppInstance AnsweredBy(IResponse? response)
    {
        Assert.NotNull(response);
        var upstream = response.Headers[NginxRouter.UpstreamHeader.ToLowerInvariant()];
        return new[] { fixture.Apps.A, fixture.Apps.B }.Single(i => upstream.EndsWith($":{i.Address.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheInstanceServingAPersonDies_ThePageComesBackFromTheOtherInstance_SignedIn_OnTheSamePage()
    {
        using var router = await NginxRouter.StartAsync(TestPrograms.Locate("nginx"), [fixture.Apps.A.Address, fixture.Apps.B.Address], _routerFolder);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = router.Address.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var app = new DashboardPages(page);
        await app.SignInAsAsync("officer@demo.example");
        await app.WaitUntilInteractiveAsync();

        var serving = AnsweredBy(await page.GotoAsync("/objections"));
        await app.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Objections", Level = 1 })).ToBeVisibleAsync();

        serving.Kill();

        // The reload lands on the other instance: wait for a document it answered, then for its circuit.
        var reloaded = await page.WaitForResponseAsync(r => r.Request.ResourceType == "document", new() { Timeout = 120_000 });
        var other = AnsweredBy(reloaded);
        Assert.NotSame(serving, other);
        await app.WaitUntilInteractiveAsync();
        Assert.EndsWith("/objections", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Objections", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Olivia Officer");
        await context.CloseAsync();
    }
}
