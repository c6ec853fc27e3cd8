using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Testing.Instances;
using Microsoft.Playwright;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// N interactive sessions in headless Chromium that click through areas of the app (and, behind a router, open a dialog),
/// each click timed in the page from the click until the page's heading (or the dialog) is in the document and the next
/// frame has been produced (what the person sees; Playwright's own round trips are not counted); an optional think time
/// between clicks; the servers' working set before and with the circuits open. Circuit errors: console errors, page
/// errors, interactions that failed (the session then opens the app again) and Blazor's reconnect dialog at the end. On
/// one server the sessions reuse one saved sign-in; behind a router each session signs in itself, so each has a session
/// cookie of its own for the router to place it by, and the instance that answered each request is read from the router's
/// X-Upstream header.
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

    /// <summary>Opens a dialog by clicking the button named by the argument and resolves with the milliseconds until the dialog shows and a frame follows.</summary>
    private const string TimedDialog = """
        async name => {
          const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === name);
          if (!button) throw new Error(`no button ${name}`);
          const shown = () => document.querySelector('.mud-dialog') !== null;
          const start = performance.now();
          const opened = new Promise((resolve, reject) => {
            const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); resolve(); } });
            observer.observe(document.body, { childList: true, subtree: true });
            setTimeout(() => { observer.disconnect(); reject(new Error(`the dialog of ${name} did not show within 60 s`)); }, 60000);
          });
          button.click();
          await opened;
          await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - start;
        }
        """;

    /// <param name="Areas">The navigation links each session clicks in turn, every round.</param>
    /// <param name="Dialog">The area and the button whose dialog each session opens (and cancels) once a round; none when null.</param>
    public sealed record Options(int Sessions, int Clicks, int WarmUpRounds, int ThinkMs, IReadOnlyList<string> Areas, (string Area, string Button)? Dialog = null);

    /// <summary>
    /// The sessions go to <paramref name="address"/>: the one server, or a router in front of <paramref name="servers"/>
    /// (then each session signs in through it, and the servers are warmed up directly, each of them).
    /// </summary>
    public static async Task<JsonObject> RunAsync(Uri address, IReadOnlyList<AppInstance> servers, Options options)
    {
        var routed = servers.Count > 1 || address != servers[0].Address;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestPrograms.Locate("chromium"),
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(60_000);
        var state = Path.Combine(Path.GetTempPath(), $"cd-load-state-{Guid.NewGuid():N}.json");
        var warmUps = new List<IBrowserContext>();
        try
        {
            // Warm each server's pages the way a server in use is warm: compiled (the JIT's tiers settle after some tens of
            // page changes) and its first-use caches filled, in a session signed in on that server directly. These clicks are
            // not counted; the sessions stay open through the run, so the working set "before" already holds one circuit each.
            var warmUpTimes = new List<double>();
            foreach (var server in servers)
            {
                var warmUp = await browser.NewContextAsync(ContextOptions(server.Address, null));
                warmUps.Add(warmUp);
                var first = await SignedInPageAsync(warmUp);
                for (var round = 0; round < options.WarmUpRounds; round++)
                    foreach (var area in options.Areas.Append("Overview").Distinct())
                        warmUpTimes.Add(await ClickAsync(first, area));
                if (!routed) await warmUp.StorageStateAsync(new() { Path = state });
            }
            var before = Math.Round(servers.Sum(s => s.WorkingSetMb()), 1);

            var errors = new ConcurrentBag<string>();
            var firstLoads = new ConcurrentBag<double>();
            var sessions = new List<Session>();
            for (var i = 0; i < options.Sessions; i++)
            {
                // On one server every session reuses the saved sign-in (as a returning user's cookie would be).
                var context = await browser.NewContextAsync(ContextOptions(address, routed ? null : state));
                var page = await context.NewPageAsync();
                var session = new Session(i, context, page);
                page.Console += (_, message) => { if (message.Type == "error") errors.Add($"session {session.Number} console: {message.Text}"); };
                page.PageError += (_, error) => errors.Add($"session {session.Number} page error: {error}");
                page.Response += (_, response) => { if (response.Headers.TryGetValue(NginxRouter.UpstreamHeader.ToLowerInvariant(), out var upstream)) session.Answered(upstream); };
                sessions.Add(session);
            }
            // Open every circuit at once, as 20 people arriving together would (behind the router: signing in first).
            await Task.WhenAll(sessions.Select(async s =>
            {
                var watch = Stopwatch.StartNew();
                if (routed)
                {
                    await SignedInPageAsync(s.Context, s.Page);
                    s.SignedIn();
                }
                await s.Page.GotoAsync("/");
                await WaitInteractiveAsync(s.Page);
                firstLoads.Add(watch.Elapsed.TotalMilliseconds);
            }));
            var open = Math.Round(servers.Sum(s => s.WorkingSetMb()), 1);

            var cpuBefore = servers.Select(s => s.CpuTime()).ToList();
            var machineBefore = LoadHarness.MachineBusyTime();
            var phase = Stopwatch.StartNew();
            var interactions = new ConcurrentBag<double>();
            var dialogs = new ConcurrentBag<double>();
            var failed = new ConcurrentBag<string>();
            await Task.WhenAll(sessions.Select(async s =>
            {
                // A person reads a page before the next click; the pause is drawn per click so sessions do not click in step.
                var random = new Random(s.Number);
                Task ThinkAsync() => options.ThinkMs > 0 ? Task.Delay(random.Next(options.ThinkMs / 2, options.ThinkMs * 3 / 2)) : Task.CompletedTask;
                for (var round = 0; round < options.Clicks; round++)
                    foreach (var area in options.Areas)
                    {
                        try
                        {
                            await ThinkAsync();
                            interactions.Add(await ClickAsync(s.Page, area));
                            if (options.Dialog is not { } dialog || dialog.Area != area) continue;
                            await ThinkAsync();
                            var opened = await s.Page.EvaluateAsync<double>(TimedDialog, dialog.Button);
                            interactions.Add(opened);
                            dialogs.Add(opened);
                            await s.Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                            await Assertions.Expect(s.Page.Locator(".mud-dialog")).ToHaveCountAsync(0);
                        }
                        catch (PlaywrightException e)
                        {
                            // A lost circuit (the page reloads under the click, or never shows the area) is what the run is
                            // to report, not a reason to stop it: counted, then the session opens the app again and goes on.
                            failed.Add($"session {s.Number}, {area}: {e.Message.Split('\n')[0]}");
                            await s.Page.GotoAsync("/");
                            await WaitInteractiveAsync(s.Page);
                        }
                    }
            }));
            var seconds = phase.Elapsed.TotalSeconds;
            var after = Math.Round(servers.Sum(s => s.WorkingSetMb()), 1);
            var serverCpu = servers.Select((s, i) => (s.CpuTime() - cpuBefore[i]).TotalMilliseconds).Sum();
            var machineCpu = (LoadHarness.MachineBusyTime() - machineBefore).TotalMilliseconds;
            var reconnects = 0;
            foreach (var s in sessions)
                if (await s.Page.Locator("#components-reconnect-modal").IsVisibleAsync()) reconnects++;
            foreach (var s in sessions) await s.Context.DisposeAsync();

            var times = interactions.ToList();
            var loads = firstLoads.ToList();
            foreach (var e in errors.Concat(failed).Take(10)) Console.WriteLine("  " + e);
            var result = new JsonObject
            {
                ["sessions"] = options.Sessions,
                ["areas"] = string.Join(", ", options.Areas),
                ["dialog"] = options.Dialog is { } d ? $"{d.Button} on {d.Area}" : null,
                ["think_ms"] = options.ThinkMs,
                ["warm_up_clicks"] = warmUpTimes.Count,
                ["warm_up_last_10_p50_ms"] = warmUpTimes.Count == 0 ? null : Math.Round(Harness.Percentile(warmUpTimes.TakeLast(10).ToList(), 0.5)),
                ["interactions"] = times.Count,
                ["interactions_per_s"] = Math.Round(times.Count / seconds, 1),
                ["interaction_p50_ms"] = Math.Round(Harness.Percentile(times, 0.5)),
                ["interaction_p95_ms"] = Math.Round(Harness.Percentile(times, 0.95)),
                ["interaction_max_ms"] = Math.Round(times.Max()),
                ["dialog_p95_ms"] = dialogs.IsEmpty ? null : Math.Round(Harness.Percentile(dialogs.ToList(), 0.95)),
                ["first_load_p95_ms"] = Math.Round(Harness.Percentile(loads, 0.95)),
                ["working_set_before_mb"] = before,
                ["working_set_open_mb"] = open,
                ["working_set_after_clicks_mb"] = after,
                ["growth_per_circuit_mb"] = Math.Round((Math.Max(open, after) - before) / options.Sessions, 2),
                // How much of an interaction is the servers' work; the rest is Chromium and waiting for a core.
                ["server_cpu_ms_per_interaction"] = Math.Round(serverCpu / Math.Max(1, times.Count), 1),
                // Both cores' busy time while the sessions clicked, and the servers' share of it: on this machine the 20
                // Chromium renderers share the two cores with the servers, which a real deployment's users do not.
                ["machine_cpu_busy_fraction"] = Math.Round(machineCpu / (seconds * 1000 * Environment.ProcessorCount), 2),
                ["server_share_of_busy_cpu"] = Math.Round(serverCpu / Math.Max(1, machineCpu), 2),
                ["console_or_page_errors"] = errors.Count,
                ["reconnect_dialogs"] = reconnects,
                ["failed_interactions"] = failed.Count,
                ["circuit_errors"] = errors.Count + reconnects + failed.Count,
            };
            if (routed)
            {
                // Where the router placed each session (the instance that answered its requests once it was signed in), and
                // how many sessions were answered by more than one instance after signing in (0 when the router is sticky).
                var names = servers.ToDictionary(s => $"{s.Address.Host}:{s.Address.Port}", s => s.Name);
                result["sessions_per_instance"] = new JsonObject(sessions.GroupBy(s => s.Landing is { } l ? names.GetValueOrDefault(l, l) : "unknown")
                    .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));
                result["sessions_answered_by_several_instances"] = sessions.Count(s => s.Upstreams.Count > 1);
            }
            return result;
        }
        finally
        {
            foreach (var warmUp in warmUps) await warmUp.DisposeAsync();
            File.Delete(state);
        }
    }

    /// <summary>One browser session; after it signed in, the upstream addresses the router named in its answers.</summary>
    private sealed class Session(int number, IBrowserContext context, IPage page)
    {
        private readonly ConcurrentDictionary<string, int> _upstreams = new();
        private volatile bool _signedIn;

        public int Number => number;
        public IBrowserContext Context => context;
        public IPage Page => page;
        public ICollection<string> Upstreams => _upstreams.Keys;
        public string? Landing => _upstreams.Keys.FirstOrDefault();

        public void SignedIn() => _signedIn = true;

        public void Answered(string upstream)
        {
            if (_signedIn) _upstreams.TryAdd(upstream, 0);
        }
    }

    /// <summary>Signs in as the demo compliance officer in <paramref name="context"/> and waits until the page is interactive.</summary>
    private static async Task<IPage> SignedInPageAsync(IBrowserContext context, IPage? page = null)
    {
        page ??= await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail address").FillAsync(DemoAccounts.All.First(a => a.Role == Core.Identity.Role.ComplianceOfficer).Email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitInteractiveAsync(page);
        return page;
    }

    private static BrowserNewContextOptions ContextOptions(Uri address, string? state) =>
        new() { BaseURL = address.ToString(), Locale = "en-GB", StorageStatePath = state };

    private static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#circuit-state[data-interactive='true']")).ToBeAttachedAsync();

    /// <summary>Clicks an area in the navigation and times it in the page until that area's heading shows.</summary>
    private static Task<double> ClickAsync(IPage page, string area) => page.EvaluateAsync<double>(TimedClick, area);
}
