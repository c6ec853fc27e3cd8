using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplianceDashboard.Core.Demo;
using Microsoft.Playwright;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// N interactive sessions in headless Chromium that reuse one saved sign-in (storage state) and click between Overview and
/// Objections, each click timed in the page from the click until the page's heading is in the document and the next frame
/// has been produced (what the person sees; Playwright's own round trips are not counted); an optional think time between
/// clicks; the server's working set before and with the circuits open; console errors, page errors and Blazor's reconnect
/// dialog counted as circuit errors.
/// </summary>
internal static class BrowserLoad
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

    /// <summary>Clicks the navigation link of an area and resolves with the milliseconds until its h1 shows and a frame follows.</summary>
    private const string TimedClick = """
        async area => {
          const link = [...document.querySelectorAll('.mud-navmenu a')].find(a => a.textContent.trim() === area);
          if (!link) throw new Error(`no navigation link ${area}`);
          const shown = () => { const h = document.querySelector('h1'); return h !== null && h.textContent.trim() === area; };
          const start = performance.now();
          const changed = new Promise((resolve, reject) => {
            const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); resolve(); } });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); reject(new Error(`${area} did not show within 60 s`)); }, 60000);
          });
          link.click();
          await changed;
          await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - start;
        }
        """;

    public sealed record Options(int Sessions, int Clicks, int WarmUpRounds, int ThinkMs);

    public static async Task<JsonObject> RunAsync(AppServer server, Options options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ComplianceDashboard.Testing.TestPrograms.Locate("chromium"),
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(60_000);
        var state = Path.Combine(Path.GetTempPath(), $"cd-load-state-{Guid.NewGuid():N}.json");
        try
        {
            // One sign-in, saved and reused by every session (as a returning user's cookie would be). Its circuit stays
            // open through the run, so the working set "before" already holds one circuit and needs no wait for a disconnect.
            await using var warmUp = await browser.NewContextAsync(ContextOptions(server, null));
            var first = await warmUp.NewPageAsync();
            await first.GotoAsync("/signin");
            await first.GetByLabel("E-mail address").FillAsync(DemoAccounts.All.First(a => a.Role == Core.Identity.Role.ComplianceOfficer).Email);
            await first.GetByLabel("Password").FillAsync(DemoAccounts.Password);
            await first.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await WaitInteractiveAsync(first);
            // Warm the server's pages the way a server in use is warm: compiled (the JIT's tiers settle after some tens of
            // page changes) and its first-use caches filled. These clicks are not counted.
            var warmUpTimes = new List<double>();
            for (var round = 0; round < options.WarmUpRounds; round++)
            {
                warmUpTimes.Add(await ClickAsync(first, "Objections"));
                warmUpTimes.Add(await ClickAsync(first, "Overview"));
            }
            await warmUp.StorageStateAsync(new() { Path = state });
            var before = server.WorkingSetMb();

            var errors = new ConcurrentBag<string>();
            var firstLoads = new ConcurrentBag<double>();
            var contexts = new List<(IBrowserContext Context, IPage Page)>();
            for (var i = 0; i < options.Sessions; i++)
            {
                var context = await browser.NewContextAsync(ContextOptions(server, state));
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
            var machineBefore = LoadHarness.MachineBusyTime();
            var phase = Stopwatch.StartNew();
            var interactions = new ConcurrentBag<double>();
            await Task.WhenAll(contexts.Select(async (c, session) =>
            {
                // A person reads a page before the next click; the pause is drawn per click so sessions do not click in step.
                var random = new Random(session);
                for (var round = 0; round < options.Clicks; round++)
                    foreach (var area in new[] { "Objections", "Overview" })
                    {
                        if (options.ThinkMs > 0) await Task.Delay(random.Next(options.ThinkMs / 2, options.ThinkMs * 3 / 2));
                        interactions.Add(await ClickAsync(c.Page, area));
                    }
            }));
            var seconds = phase.Elapsed.TotalSeconds;
            var after = server.WorkingSetMb();
            var serverCpu = (server.CpuTime() - cpuBefore).TotalMilliseconds;
            var machineCpu = (LoadHarness.MachineBusyTime() - machineBefore).TotalMilliseconds;
            var reconnects = 0;
            foreach (var (_, page) in contexts)
                if (await page.Locator("#components-reconnect-modal").IsVisibleAsync()) reconnects++;
            foreach (var (context, _) in contexts) await context.DisposeAsync();

            var times = interactions.ToList();
            var loads = firstLoads.ToList();
            foreach (var e in errors.Take(5)) Console.WriteLine("  " + e);
            return new JsonObject
            {
                ["sessions"] = options.Sessions,
                ["think_ms"] = options.ThinkMs,
                ["warm_up_clicks"] = warmUpTimes.Count,
                ["warm_up_last_10_p50_ms"] = warmUpTimes.Count == 0 ? null : Math.Round(Harness.Percentile(warmUpTimes.TakeLast(10).ToList(), 0.5)),
                ["interactions"] = times.Count,
                ["interactions_per_s"] = Math.Round(times.Count / seconds, 1),
                ["interaction_p50_ms"] = Math.Round(Harness.Percentile(times, 0.5)),
                ["interaction_p95_ms"] = Math.Round(Harness.Percentile(times, 0.95)),
                ["interaction_max_ms"] = Math.Round(times.Max()),
                ["first_load_p95_ms"] = Math.Round(Harness.Percentile(loads, 0.95)),
                ["working_set_before_mb"] = before,
                ["working_set_open_mb"] = open,
                ["working_set_after_clicks_mb"] = after,
                ["growth_per_circuit_mb"] = Math.Round((Math.Max(open, after) - before) / options.Sessions, 2),
                // How much of an interaction is the server's work; the rest is Chromium and waiting for a core.
                ["server_cpu_ms_per_interaction"] = Math.Round(serverCpu / Math.Max(1, times.Count), 1),
                // Both cores' busy time while the sessions clicked, and the server's share of it: on this machine the 20
                // Chromium renderers share the two cores with the server, which a real deployment's users do not.
                ["machine_cpu_busy_fraction"] = Math.Round(machineCpu / (seconds * 1000 * Environment.ProcessorCount), 2),
                ["server_share_of_busy_cpu"] = Math.Round(serverCpu / Math.Max(1, machineCpu), 2),
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

    private static BrowserNewContextOptions ContextOptions(AppServer server, string? state) =>
        new() { BaseURL = server.BaseAddress.ToString(), Locale = "en-GB", StorageStatePath = state };

    private static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

    /// <summary>Clicks an area in the navigation and times it in the page until that area's heading shows.</summary>
    private static Task<double> ClickAsync(IPage page, string area) => page.EvaluateAsync<double>(TimedClick, area);
}
