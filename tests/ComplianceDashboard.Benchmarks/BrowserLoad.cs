using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// N interactive sessions in headless Chromium that reuse one saved sign-in (storage state) and click between Overview and
/// Objections, timing each click until the page's heading shows; the server's working set before and with the circuits open;
/// console errors, page errors and Blazor's reconnect dialog counted as circuit errors.
/// </summary>
internal static class BrowserLoad
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

    public static async Task<JsonObject> RunAsync(AppServer server, int sessions, int clicks)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(60_000);
        var state = Path.Combine(Path.GetTempPath(), $"cd-load-state-{Guid.NewGuid():N}.json");
        try
        {
            // One sign-in, saved and reused by every session (as a returning user's cookie would be).
            await using (var context = await browser.NewContextAsync(Options(server, null)))
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/signin");
                await page.GetByLabel("E-mail address").FillAsync(DemoAccounts.All.First(a => a.Role == Core.Identity.Role.ComplianceOfficer).Email);
                await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                await WaitInteractiveAsync(page);
                // Warm the server's pages once, so JIT and first-use caches are not counted per circuit.
                await ClickAsync(page, "Objections");
                await ClickAsync(page, "Overview");
                await context.StorageStateAsync(new() { Path = state });
                await page.CloseAsync(new() { RunBeforeUnload = true });
            }
            await Task.Delay(2000); // let the warm-up circuit's disconnect reach the server
            var before = server.WorkingSetMb();

            var errors = new ConcurrentBag<string>();
            var firstLoads = new ConcurrentBag<double>();
            var contexts = new List<(IBrowserContext Context, IPage Page)>();
            for (var i = 0; i < sessions; i++)
            {
                var context = await browser.NewContextAsync(Options(server, state));
                var page = await context.NewPageAsync();
                var session = i;
                page.Console += (_, message) => { if (message.Type == "error") errors.Add($"session {session} console: {message.Text}"); };
                page.PageError += (_, error) => errors.Add($"session {session} page error: {error}");
                contexts.Add((context, page));
            }
            // Open every circuit at once, as 20 people arriving together would.
            await Task.WhenAll(contexts.Select(async c =>
            {
                var watch = Stopwatch.StartNew();
                await c.Page.GotoAsync("/");
                await WaitInteractiveAsync(c.Page);
                firstLoads.Add(watch.Elapsed.TotalMilliseconds);
            }));
            var open = server.WorkingSetMb();

            var cpuBefore = server.CpuTime();
            var interactions = new ConcurrentBag<double>();
            await Task.WhenAll(contexts.Select(async c =>
            {
                for (var round = 0; round < clicks; round++)
                {
                    interactions.Add(await ClickAsync(c.Page, "Objections"));
                    interactions.Add(await ClickAsync(c.Page, "Overview"));
                }
            }));
            var after = server.WorkingSetMb();
            var serverCpu = (server.CpuTime() - cpuBefore).TotalMilliseconds;
            var reconnects = 0;
            foreach (var (_, page) in contexts)
                if (await page.Locator("#components-reconnect-modal").IsVisibleAsync()) reconnects++;
            foreach (var (context, _) in contexts) await context.DisposeAsync();

            var times = interactions.ToList();
            var loads = firstLoads.ToList();
            foreach (var e in errors.Take(5)) Console.WriteLine("  " + e);
            return new JsonObject
            {
                ["sessions"] = sessions,
                ["interactions"] = times.Count,
                ["interaction_p50_ms"] = Math.Round(Harness.Percentile(times, 0.5)),
                ["interaction_p95_ms"] = Math.Round(Harness.Percentile(times, 0.95)),
                ["interaction_max_ms"] = Math.Round(times.Max()),
                ["first_load_p95_ms"] = Math.Round(Harness.Percentile(loads, 0.95)),
                ["working_set_before_mb"] = before,
                ["working_set_open_mb"] = open,
                ["working_set_after_clicks_mb"] = after,
                ["growth_per_circuit_mb"] = Math.Round((Math.Max(open, after) - before) / sessions, 2),
                // How much of an interaction is the server's work; the rest is Chromium and waiting for a core.
                ["server_cpu_ms_per_interaction"] = Math.Round(serverCpu / Math.Max(1, times.Count), 1),
                ["console_or_page_errors"] = errors.Count,
                ["reconnect_dialogs"] = reconnects,
                ["circuit_errors"] = errors.Count + reconnects,
            };
        }
        finally
        {
            File.Delete(state);
        }
    }

    private static BrowserNewContextOptions Options(AppServer server, string? state) =>
        new() { BaseURL = server.BaseAddress.ToString(), Locale = "en-GB", StorageStatePath = state };

    private static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

    /// <summary>Clicks an area in the navigation and times it until that area's heading is visible.</summary>
    private static async Task<double> ClickAsync(IPage page, string area)
    {
        var link = page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = area, Exact = true });
        var watch = Stopwatch.StartNew();
        await link.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = area, Level = 1, Exact = true })).ToBeVisibleAsync();
        return watch.Elapsed.TotalMilliseconds;
    }
}
