using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Testing.Instances;
using ComplianceDashboard.Web.Auth;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// "load [--store litedb|postgres] [--instances N] [--rows 100000] [--levels 1,4,16,32] [--seconds 6] [--sessions 20] [--clicks 3]
/// [--warm-up-rounds 20] [--think-ms 10000] [--no-browser] [--json FILE]": the real app in child processes; (a) the metrics
/// and pack-status APIs at increasing concurrency while an import of N objections runs through the API, then again after
/// it; (b) interactive sessions in headless Chromium. On LiteDB: one instance on a temp demo store. On PostgreSQL: a
/// throwaway cluster (fsync on) and N instances on one database; (a) is measured with one instance and then, in the same
/// run, with N (the requests spread over them, a second import of new objections running), and (b) goes through nginx in
/// front of the N instances (<see cref="NginxRouter"/>).
/// </summary>
internal static class LoadHarness
{
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var postgres = Option("--store", "litedb") switch
        {
            "litedb" => false,
            "postgres" => true,
            var other => throw new ArgumentException($"--store is '{other}': use litedb or postgres."),
        };
        var instances = int.Parse(Option("--instances", "1"), CultureInfo.InvariantCulture);
        if (instances < 1 || (!postgres && instances > 1))
        {
            Console.Error.WriteLine("--instances: at least 1, and more than one only with --store postgres (a LiteDB store is opened by one process).");
            return 64;
        }
        var rows = int.Parse(Option("--rows", "100000"), CultureInfo.InvariantCulture);
        var levels = Option("--levels", "1,4,16,32").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var seconds = double.Parse(Option("--seconds", "6"), CultureInfo.InvariantCulture);
        var sessions = int.Parse(Option("--sessions", "20"), CultureInfo.InvariantCulture);
        var clicks = int.Parse(Option("--clicks", "3"), CultureInfo.InvariantCulture);
        var warmUpRounds = int.Parse(Option("--warm-up-rounds", "20"), CultureInfo.InvariantCulture);
        var thinkMs = int.Parse(Option("--think-ms", "10000"), CultureInfo.InvariantCulture);
        var jsonPath = Option("--json", "");
        var report = new JsonObject
        {
            ["store"] = postgres ? "postgres" : "litedb", ["instances"] = instances, ["rows"] = rows, ["seconds_per_level"] = seconds,
            ["processors"] = Environment.ProcessorCount, ["load_average_at_start"] = LoadAverage(),
        };
        using var cluster = postgres ? ThrowawayPostgres.Start(durable: true) : null;
        var root = Path.Combine(Path.GetTempPath(), "cd-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var servers = new List<AppInstance>();
        try
        {
            // On PostgreSQL the instances share the data-protection certificate the app requires there in Production.
            var deployment = cluster is null ? null : new InstanceDeployment(PostgresBenchmark.NewDatabase(cluster.ConnectionString, "load"), root)
            {
                Environment = InstanceEnvironment, DemoObjections = DemoObjections, SignInPermitsPerMinute = SignInPermitsPerMinute, AdditionalSettings = Logging,
            };
            var (first, key) = await StartFirstInstanceAsync(deployment, root);
            servers.Add(first);
            Console.WriteLine($"instance 1 answering at {servers[0].Address}; API key scopes read, ingest, reports");

            // (a) with one instance, then (in the same run) with all of them.
            var configurations = new JsonArray();
            string? packId = null;
            foreach (var count in instances == 1 ? [1] : new[] { 1, instances })
            {
                while (servers.Count < count)
                {
                    var name = (servers.Count + 1).ToString(CultureInfo.InvariantCulture);
                    servers.Add(await AppInstance.StartAsync(name, deployment!.Settings(name), StartBound));
                    Console.WriteLine($"instance {name} answering at {servers[^1].Address}");
                }
                var csv = Path.Combine(root, $"objections-{count}.csv");
                Harness.WriteCsv(csv, rows, DateTime.UtcNow, firstId: configurations.Count * rows);
                Console.WriteLine($"{count} instance(s): generated {rows:N0} new objections ({new FileInfo(csv).Length / 1048576.0:0.0} MB)");
                var clients = servers.Take(count).Select(s => ApiClient(s, key)).ToList();
                try
                {
                    packId ??= await RequestPackAsync(clients[0]);
                    configurations.Add(await MeasureApiAsync(clients, servers.Take(count).ToList(), new QueryMix(packId), csv, levels, seconds));
                }
                finally
                {
                    foreach (var client in clients) client.Dispose();
                }
                File.Delete(csv);
            }
            report["configurations"] = configurations;
            if (configurations.Count > 1) report["ratio_n_vs_1"] = Ratios(configurations);

            if (!args.Contains("--no-browser"))
            {
                var options = new BrowserLoad.Options(sessions, clicks, warmUpRounds, thinkMs, ["Objections", "Overview"]);
                if (deployment is null)
                    report["browser"] = await BrowserLoad.RunAsync(servers[0].Address, servers, options);
                else if (NginxRouter.Locate() is not { } nginx)
                {
                    Console.WriteLine(NginxRouter.InstallHint);
                    report["browser_skipped"] = NginxRouter.InstallHint;
                }
                else
                {
                    using var router = await NginxRouter.StartAsync(nginx, servers.Select(s => s.Address).ToList(), Path.Combine(root, "nginx"));
                    Console.WriteLine($"nginx in front of {servers.Count} instance(s) at {router.Address}");
                    report["browser"] = await BrowserLoad.RunAsync(router.Address, servers,
                        options with { Areas = ["Objections", "Rollout", "Compliance"], Dialog = ("Rollout", "New campaign") });
                }
            }

            report["working_set_at_end_mb"] = new JsonObject(servers.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.WorkingSetMb())));
            report["load_average_at_end"] = LoadAverage();
            PrintTable(report);
            if (jsonPath.Length > 0) File.WriteAllText(jsonPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return configurations.All(c => (int)c!["import"]!["status"]! == 200) ? 0 : 1;
        }
        catch
        {
            // What the instances logged (warnings and errors) says why a run failed.
            foreach (var server in servers)
                Console.Error.WriteLine($"--- instance {server.Name}, last lines of its output:\n{string.Join('\n', server.Output.Split('\n').TakeLast(60))}");
            throw;
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The environment of the instances: Development only because a build (not a publish) serves blazor.web.js and
    /// MudBlazor's assets from the static web assets manifest there alone; logging at warnings as in production.
    /// </summary>
    private const string InstanceEnvironment = "Development";
    private static readonly Dictionary<string, string> Logging = new() { ["Logging:LogLevel:Default"] = "Warning" };
    private const int DemoObjections = 2000;
    private const int SignInPermitsPerMinute = 10_000;

    /// <summary>Instance 1 on a demo store (a LiteDB folder, or the deployment's database) and an API key for it.</summary>
    private static async Task<(AppInstance Server, string Key)> StartFirstInstanceAsync(InstanceDeployment? deployment, string root)
    {
        if (deployment is not null)
        {
            var started = await deployment.StartAsync(["1"], StartBound);
            return (started[0], await CreateKeyAsync(deployment.Settings("1")));
        }
        var settings = new Dictionary<string, string>(Logging)
        {
            ["ASPNETCORE_ENVIRONMENT"] = InstanceEnvironment,
            ["ComplianceDashboard:DataDirectory"] = Path.Combine(root, "data"),
            ["ComplianceDashboard:DemoMode"] = "true",
            ["ComplianceDashboard:Demo:Objections"] = DemoObjections.ToString(CultureInfo.InvariantCulture),
            ["ComplianceDashboard:Compliance:ScheduleEnabled"] = "false",
            ["ComplianceDashboard:SignIn:PermitsPerMinute"] = SignInPermitsPerMinute.ToString(CultureInfo.InvariantCulture),
        };
        var key = await CreateKeyAsync(settings); // before the app opens (and locks) the LiteDB store
        return (await AppInstance.StartAsync("1", settings, StartBound), key);
    }

    /// <summary>An API key (read, ingest, reports) made with the app's command line, as an operator would.</summary>
    private static async Task<string> CreateKeyAsync(IReadOnlyDictionary<string, string> settings)
    {
        var output = await AppInstance.RunCommandAsync(settings, "apikeys", "create", "--name", "load harness", "--scope", "read,ingest,reports");
        return output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cdk_", StringComparison.Ordinal))
               ?? throw new InvalidOperationException($"The CLI printed no key: {output}");
    }

    private static HttpClient ApiClient(AppInstance server, string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }

    /// <summary>
    /// The API levels on <paramref name="clients"/> (one per instance; client w of a level sends to instance w mod N, as a
    /// layer-4 balancer spreads connections) while an import runs through the first instance, then the same levels after it.
    /// </summary>
    private static async Task<JsonObject> MeasureApiAsync(List<HttpClient> clients, List<AppInstance> servers, QueryMix paths, string csv, int[] levels, double seconds)
    {
        await RunLevelAsync(clients, paths, 2 * clients.Count, 2, _ => false); // warm-up: JIT, connections, first metrics
        var import = ImportAsync(clients[0], csv);
        var during = new JsonArray();
        foreach (var level in levels)
        {
            var result = await RunLevelAsync(clients, paths, level, seconds, _ => import.IsCompleted, servers);
            during.Add(result.ToJson());
            Console.WriteLine($"  {servers.Count} instance(s), concurrency {level,2}: {result.Throughput,8:N0} req/s  p50 {result.P50,6:0.0} ms  p95 {result.P95,6:0.0} ms  " +
                              $"p99 {result.P99,6:0.0} ms  errors {result.Errors}  (import running {result.ImportOverlap:P0} of the time)");
        }
        var imported = await import;
        Console.WriteLine($"  import: HTTP {imported.Status} in {imported.Seconds:0.0} s: {imported.Body}");
        // The same levels once more with the import finished: what the APIs do on their own.
        var quiet = new JsonArray();
        foreach (var level in levels)
        {
            var result = await RunLevelAsync(clients, paths, level, seconds, _ => true, servers);
            quiet.Add(result.ToJson());
            Console.WriteLine($"  {servers.Count} instance(s), after import, concurrency {level,2}: {result.Throughput,8:N0} req/s  p50 {result.P50,6:0.0} ms  " +
                              $"p99 {result.P99,6:0.0} ms  errors {result.Errors}  server CPU {result.ServerCpuMsPerRequest:0.00} ms/request");
        }
        return new JsonObject
        {
            ["instances"] = servers.Count,
            ["import"] = new JsonObject
            {
                ["status"] = imported.Status, ["seconds"] = Math.Round(imported.Seconds, 1),
                ["answer"] = JsonNode.Parse(imported.Body.Length > 0 && imported.Body[0] == '{' ? imported.Body : "{}"),
            },
            ["api_levels"] = during,
            ["api_levels_after_import"] = quiet,
        };
    }

    /// <summary>Requests/s with N instances divided by requests/s with one, level by level, during and after the import.</summary>
    private static JsonObject Ratios(JsonArray configurations)
    {
        JsonArray Of(string key) => new(configurations[0]![key]!.AsArray().Zip(configurations[^1]![key]!.AsArray(), (one, n) => (JsonNode?)new JsonObject
        {
            ["concurrency"] = (int)one!["concurrency"]!,
            ["ratio"] = Math.Round((double)n!["req_per_s"]! / Math.Max(1, (double)one["req_per_s"]!), 2),
        }).ToArray());
        return new JsonObject { ["during_import"] = Of("api_levels"), ["after_import"] = Of("api_levels_after_import") };
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    /// <summary>The time every processor of the machine has spent busy since boot (user, system, interrupts), from /proc/stat.</summary>
    public static TimeSpan MachineBusyTime()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = ticks.Sum() - ticks[3] - ticks[4]; // all but idle and iowait
        return TimeSpan.FromMilliseconds(busy * 10.0); // USER_HZ is 100 on Linux
    }

    private static async Task<string> RequestPackAsync(HttpClient api)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var response = await api.PostAsJsonAsync("/api/v1/evidence-packs", new
        {
            jurisdiction = "UK", periodFrom = today.AddDays(-90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            periodTo = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), audience = "internal", classification = "LOAD TEST",
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Pack request answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private sealed record ImportOutcome(int Status, double Seconds, string Body);

    private static async Task<ImportOutcome> ImportAsync(HttpClient api, string csv)
    {
        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(csv);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await api.PostAsync("/api/v1/objections", content);
        return new ImportOutcome((int)response.StatusCode, watch.Elapsed.TotalSeconds, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Nine metrics queries with random filters for every pack-status read.</summary>
    private sealed class QueryMix(string packId)
    {
        public string Next(Random random)
        {
            if (random.Next(10) == 0) return $"/api/v1/evidence-packs/{packId}";
            var f = Harness.RandomFilter(random, DateTime.UtcNow);
            var query = new List<string>();
            if (f.Jurisdiction is { } j) query.Add($"jurisdiction={j}");
            if (f.Platform is { } p) query.Add($"platform={p.Token()}");
            if (f.Channel is { } c) query.Add($"channel={c.Token()}");
            if (f.From is { } from) query.Add($"from={from:yyyy-MM-dd}");
            if (f.To is { } to) query.Add($"to={to:yyyy-MM-dd}");
            return "/api/v1/objections/metrics" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        }
    }

    public sealed record LevelResult(int Concurrency, long Requests, long Errors, double Seconds, double P50, double P95, double P99, double MetricsP99, double ImportOverlap,
        string? FirstError, double ServerCpuMsPerRequest = 0)
    {
        public double Throughput => Requests / Seconds;

        public JsonObject ToJson() => new()
        {
            ["concurrency"] = Concurrency, ["requests"] = Requests, ["errors"] = Errors, ["req_per_s"] = Math.Round(Throughput),
            ["p50_ms"] = Math.Round(P50, 2), ["p95_ms"] = Math.Round(P95, 2), ["p99_ms"] = Math.Round(P99, 2), ["metrics_p99_ms"] = Math.Round(MetricsP99, 2),
            ["import_running_fraction"] = Math.Round(ImportOverlap, 2), ["first_error"] = FirstError,
            // The servers' CPU per request (the import's share included while it runs): what bounds throughput on 2 cores.
            ["server_cpu_ms_per_request"] = Math.Round(ServerCpuMsPerRequest, 3),
        };
    }

    private static async Task<LevelResult> RunLevelAsync(List<HttpClient> clients, QueryMix mix, int concurrency, double seconds, Func<int, bool> importDone,
        List<AppInstance>? servers = null)
    {
        var cpuBefore = servers?.Select(s => s.CpuTime()).ToList();
        var latencies = new List<double>[concurrency];
        var metricLatencies = new List<double>[concurrency];
        long errors = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        long samples = 0, overlapping = 0;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + concurrency);
            var mine = latencies[w] = new List<double>(4096);
            var metrics = metricLatencies[w] = new List<double>(4096);
            var api = clients[w % clients.Count];
            while (watch.Elapsed < deadline)
            {
                var path = mix.Next(random);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await api.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {path}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name} {path}", null);
                }
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                mine.Add(ms);
                if (path.Contains("metrics", StringComparison.Ordinal)) metrics.Add(ms);
                Interlocked.Increment(ref samples);
                if (!importDone(0)) Interlocked.Increment(ref overlapping);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpu = servers is null ? 0 : servers.Select((s, i) => (s.CpuTime() - cpuBefore![i]).TotalMilliseconds).Sum();
        var all = latencies.SelectMany(l => l).ToList();
        var metricAll = metricLatencies.SelectMany(l => l).ToList();
        return new LevelResult(concurrency, all.Count, errors, elapsed, Harness.Percentile(all, 0.5), Harness.Percentile(all, 0.95), Harness.Percentile(all, 0.99),
            metricAll.Count > 0 ? Harness.Percentile(metricAll, 0.99) : 0, samples == 0 ? 0 : (double)overlapping / samples, firstError,
            all.Count == 0 ? 0 : cpu / all.Count);
    }

    private static void PrintTable(JsonObject report)
    {
        Console.WriteLine();
        Console.WriteLine($"{"instances",9} {"phase",-14} {"conc.",5} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7} {"import",7} {"srv CPU ms/req",15}   goal: ≥ 1,000 req/s, p99 ≤ 50 ms, 0 errors");
        foreach (var configuration in report["configurations"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var (name, key) in new[] { ("during import", "api_levels"), ("after import", "api_levels_after_import") })
                foreach (var level in configuration[key]!.AsArray())
                    Console.WriteLine($"{configuration["instances"],9} {name,-14} {level!["concurrency"],5} {level["req_per_s"],8} {level["p50_ms"],8} {level["p95_ms"],8} {level["p99_ms"],8} " +
                                      $"{level["errors"],7} {level["import_running_fraction"],7} {level["server_cpu_ms_per_request"],15}");
            var import = configuration["import"]!;
            Console.WriteLine($"{configuration["instances"],9} import of {report["rows"]} objections: HTTP {import["status"]} in {import["seconds"]} s, answer {import["answer"]!.ToJsonString()}");
        }
        if (report["ratio_n_vs_1"] is JsonObject ratios)
            foreach (var (name, key) in new[] { ("during import", "during_import"), ("after import", "after_import") })
                Console.WriteLine($"req/s with {report["instances"]} instances ÷ with 1, {name}: " +
                                  string.Join(", ", ratios[key]!.AsArray().Select(r => $"{r!["ratio"]} at {r["concurrency"]} clients")));
        if (report["browser"] is JsonObject b)
        {
            Console.WriteLine();
            Console.WriteLine($"{"browser sessions",-34} {b["sessions"],10}   areas {b["areas"]}{(b["dialog"] is { } d ? $", dialog {d}" : "")}");
            Console.WriteLine($"{"think time between clicks ms",-34} {b["think_ms"],10}   (drawn from ½ to 1½ times)");
            Console.WriteLine($"{"warm-up clicks (not counted)",-34} {b["warm_up_clicks"],10}   last 10 p50 {b["warm_up_last_10_p50_ms"]} ms");
            Console.WriteLine($"{"interactions",-34} {b["interactions"],10}   {b["interactions_per_s"]} per s");
            Console.WriteLine($"{"interaction p50 ms",-34} {b["interaction_p50_ms"],10}");
            Console.WriteLine($"{"interaction p95 ms",-34} {b["interaction_p95_ms"],10}   goal ≤ 200");
            if (b["dialog_p95_ms"] is { } dialog) Console.WriteLine($"{"dialog opening p95 ms",-34} {dialog,10}");
            Console.WriteLine($"{"first load p95 ms",-34} {b["first_load_p95_ms"],10}");
            Console.WriteLine($"{"servers' working set before MB",-34} {b["working_set_before_mb"],10}");
            Console.WriteLine($"{"servers' working set, circuits open MB",-34} {b["working_set_open_mb"],10}");
            Console.WriteLine($"{"growth per circuit MB",-34} {b["growth_per_circuit_mb"],10}");
            Console.WriteLine($"{"server CPU ms per interaction",-34} {b["server_cpu_ms_per_interaction"],10}");
            Console.WriteLine($"{"machine CPU busy while clicking",-34} {b["machine_cpu_busy_fraction"],10}   servers' share {b["server_share_of_busy_cpu"]}");
            Console.WriteLine($"{"circuit errors",-34} {b["circuit_errors"],10}   goal 0 ({b["failed_interactions"]} failed interactions, {b["reconnect_dialogs"]} reconnect dialogs at the end)");
            if (b["sessions_per_instance"] is JsonObject placed)
            {
                Console.WriteLine($"{"sessions per instance (nginx)",-34} {string.Join(", ", placed.Select(p => $"{p.Key}: {p.Value}")),10}");
                Console.WriteLine($"{"sessions answered by 2+ instances",-34} {b["sessions_answered_by_several_instances"],10}   goal 0 (sticky)");
            }
        }
        else if (report["browser_skipped"] is { } skipped)
            Console.WriteLine(skipped);
        Console.WriteLine($"servers' working set at the end MB: {report["working_set_at_end_mb"]!.ToJsonString()}");
        Console.WriteLine($"load average: {report["load_average_at_start"]} at start, {report["load_average_at_end"]} at end");
    }
}
