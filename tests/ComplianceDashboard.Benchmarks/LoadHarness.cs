using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// "load [--rows 100000] [--levels 1,4,16,32] [--seconds 6] [--sessions 20] [--clicks 3] [--warm-up-rounds 20] [--think-ms 10000]
/// [--no-browser] [--json FILE]":
/// the real app in a child process on a temp demo store; (a) the metrics and pack-status APIs at increasing concurrency
/// while an import of N objections runs through the API; (b) interactive sessions in headless Chromium.
/// </summary>
internal static class LoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var rows = int.Parse(Option("--rows", "100000"), CultureInfo.InvariantCulture);
        var levels = Option("--levels", "1,4,16,32").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var seconds = double.Parse(Option("--seconds", "6"), CultureInfo.InvariantCulture);
        var sessions = int.Parse(Option("--sessions", "20"), CultureInfo.InvariantCulture);
        var clicks = int.Parse(Option("--clicks", "3"), CultureInfo.InvariantCulture);
        var warmUpRounds = int.Parse(Option("--warm-up-rounds", "20"), CultureInfo.InvariantCulture);
        var thinkMs = int.Parse(Option("--think-ms", "10000"), CultureInfo.InvariantCulture);
        var jsonPath = Option("--json", "");
        var root = Path.Combine(Path.GetTempPath(), "cd-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var report = new JsonObject { ["rows"] = rows, ["seconds_per_level"] = seconds, ["processors"] = Environment.ProcessorCount, ["load_average_at_start"] = LoadAverage() };
        AppServer? server = null;
        try
        {
            var csv = Path.Combine(root, "objections.csv");
            Harness.WriteCsv(csv, rows, DateTime.UtcNow);
            Console.WriteLine($"generated {rows:N0} objections ({new FileInfo(csv).Length / 1048576.0:0.0} MB)");

            server = await AppServer.StartAsync(Path.Combine(root, "data"));
            Console.WriteLine($"app started at {server.BaseAddress} (pid {server.Pid}) in {server.StartSeconds:0.0} s; key scopes read, ingest, reports");
            using var api = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
            api.DefaultRequestHeaders.Add("X-Api-Key", server.ApiKey);

            var packId = await RequestPackAsync(api);
            var paths = new QueryMix(packId);
            await RunLevelAsync(api, paths, 2, 2, _ => false); // warm-up: JIT, connections, first metrics

            // (a) the import runs in the background while each concurrency level is measured.
            var import = ImportAsync(api, csv);
            var levelResults = new JsonArray();
            foreach (var level in levels)
            {
                var result = await RunLevelAsync(api, paths, level, seconds, _ => import.IsCompleted, server);
                levelResults.Add(result.ToJson());
                Console.WriteLine($"  concurrency {level,2}: {result.Throughput,8:N0} req/s  p50 {result.P50,6:0.0} ms  p99 {result.P99,6:0.0} ms  errors {result.Errors}  " +
                                  $"(import running {result.ImportOverlap:P0} of the time)");
            }
            var imported = await import;
            Console.WriteLine($"import: HTTP {imported.Status} in {imported.Seconds:0.0} s: {imported.Body}");
            report["import"] = new JsonObject { ["status"] = imported.Status, ["seconds"] = Math.Round(imported.Seconds, 1), ["answer"] = JsonNode.Parse(imported.Body.Length > 0 && imported.Body[0] == '{' ? imported.Body : "{}") };
            report["api_levels"] = levelResults;
            // The same levels once more with the import finished: what the APIs do on their own.
            var quiet = new JsonArray();
            foreach (var level in levels)
            {
                var result = await RunLevelAsync(api, paths, level, seconds, _ => true, server);
                quiet.Add(result.ToJson());
                Console.WriteLine($"  after import, concurrency {level,2}: {result.Throughput,8:N0} req/s  p50 {result.P50,6:0.0} ms  p99 {result.P99,6:0.0} ms  errors {result.Errors}  " +
                                  $"server CPU {result.ServerCpuMsPerRequest:0.00} ms/request");
            }
            report["api_levels_after_import"] = quiet;

            if (!args.Contains("--no-browser"))
                report["browser"] = await BrowserLoad.RunAsync(server, new BrowserLoad.Options(sessions, clicks, warmUpRounds, thinkMs));

            report["server_peak_working_set_mb"] = server.PeakWorkingSetMb();
            report["load_average_at_end"] = LoadAverage();
            PrintTable(report);
            if (jsonPath.Length > 0) File.WriteAllText(jsonPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return imported.Status == 200 ? 0 : 1;
        }
        finally
        {
            server?.Dispose();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
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

    public sealed record LevelResult(int Concurrency, long Requests, long Errors, double Seconds, double P50, double P99, double MetricsP99, double ImportOverlap, string? FirstError,
        double ServerCpuMsPerRequest = 0)
    {
        public double Throughput => Requests / Seconds;

        public JsonObject ToJson() => new()
        {
            ["concurrency"] = Concurrency, ["requests"] = Requests, ["errors"] = Errors, ["req_per_s"] = Math.Round(Throughput),
            ["p50_ms"] = Math.Round(P50, 2), ["p99_ms"] = Math.Round(P99, 2), ["metrics_p99_ms"] = Math.Round(MetricsP99, 2),
            ["import_running_fraction"] = Math.Round(ImportOverlap, 2), ["first_error"] = FirstError,
            // The server's CPU per request (the import's share included while it runs): what bounds throughput on 2 cores.
            ["server_cpu_ms_per_request"] = Math.Round(ServerCpuMsPerRequest, 3),
        };
    }

    private static async Task<LevelResult> RunLevelAsync(HttpClient api, QueryMix mix, int concurrency, double seconds, Func<int, bool> importDone, AppServer? server = null)
    {
        var cpuBefore = server?.CpuTime() ?? TimeSpan.Zero;
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
        var cpu = server is null ? 0 : (server.CpuTime() - cpuBefore).TotalMilliseconds;
        var all = latencies.SelectMany(l => l).ToList();
        var metricAll = metricLatencies.SelectMany(l => l).ToList();
        return new LevelResult(concurrency, all.Count, errors, elapsed, Harness.Percentile(all, 0.5), Harness.Percentile(all, 0.99),
            metricAll.Count > 0 ? Harness.Percentile(metricAll, 0.99) : 0, samples == 0 ? 0 : (double)overlapping / samples, firstError,
            all.Count == 0 ? 0 : cpu / all.Count);
    }

    private static void PrintTable(JsonObject report)
    {
        Console.WriteLine();
        Console.WriteLine($"{"phase",-16} {"conc.",5} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"import",7} {"srv CPU ms/req",15}   goal: ≥ 1,000 req/s, p99 ≤ 50 ms, 0 errors");
        foreach (var (name, key) in new[] { ("during import", "api_levels"), ("after import", "api_levels_after_import") })
            foreach (var level in report[key]!.AsArray())
                Console.WriteLine($"{name,-16} {level!["concurrency"],5} {level["req_per_s"],8} {level["p50_ms"],8} {level["p99_ms"],8} {level["errors"],7} {level["import_running_fraction"],7} {level["server_cpu_ms_per_request"],15}");
        var import = report["import"]!;
        Console.WriteLine($"import of {report["rows"]} objections: HTTP {import["status"]} in {import["seconds"]} s, answer {import["answer"]!.ToJsonString()}");
        if (report["browser"] is JsonObject b)
        {
            Console.WriteLine();
            Console.WriteLine($"{"browser sessions",-34} {b["sessions"],10}");
            Console.WriteLine($"{"think time between clicks ms",-34} {b["think_ms"],10}   (drawn from ½ to 1½ times)");
            Console.WriteLine($"{"warm-up clicks (not counted)",-34} {b["warm_up_clicks"],10}   last 10 p50 {b["warm_up_last_10_p50_ms"]} ms");
            Console.WriteLine($"{"interactions",-34} {b["interactions"],10}   {b["interactions_per_s"]} per s");
            Console.WriteLine($"{"interaction p50 ms",-34} {b["interaction_p50_ms"],10}");
            Console.WriteLine($"{"interaction p95 ms",-34} {b["interaction_p95_ms"],10}   goal ≤ 200");
            Console.WriteLine($"{"first load p95 ms",-34} {b["first_load_p95_ms"],10}");
            Console.WriteLine($"{"server working set before MB",-34} {b["working_set_before_mb"],10}");
            Console.WriteLine($"{"server working set, circuits open MB",-34} {b["working_set_open_mb"],10}");
            Console.WriteLine($"{"growth per circuit MB",-34} {b["growth_per_circuit_mb"],10}");
            Console.WriteLine($"{"server CPU ms per interaction",-34} {b["server_cpu_ms_per_interaction"],10}");
            Console.WriteLine($"{"machine CPU busy while clicking",-34} {b["machine_cpu_busy_fraction"],10}   server's share {b["server_share_of_busy_cpu"]}");
            Console.WriteLine($"{"circuit errors",-34} {b["circuit_errors"],10}   goal 0");
        }
        Console.WriteLine($"{"server peak working set MB",-34} {report["server_peak_working_set_mb"],10}");
        Console.WriteLine($"load average: {report["load_average_at_start"]} at start, {report["load_average_at_end"]} at end");
    }
}
