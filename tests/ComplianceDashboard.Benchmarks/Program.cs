using System.Diagnostics;
using System.Globalization;
using System.Text;
using ComplianceDashboard.Benchmarks;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.LiteDb.Objections;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

// Usage:
//   objections [--store litedb|postgres] [--connection CS] [--rows 1000000] [--json result.json] [--queries 200] [--scans 5] [--keep DIR]
//     (--store postgres starts a throwaway PostgreSQL cluster, fsync on, unless --connection names a server to create databases on;
//      --no-raw skips its raw COPY baseline, for a metrics-only run at 10,000,000 rows)
//   crash [--iterations 200] [--json result.json]   (kills a writing child process at random moments)
//   packs [--store litedb|postgres] [--connection CS] [--rows 1000000] [--runs 10] [--json result.json]
//   load [--store litedb|postgres] [--instances N] [--rows 100000] [--levels 1,4,16,32] [--seconds 6] [--sessions 20] [--clicks 3] [--no-browser] [--json result.json]
//     (--store postgres starts a throwaway cluster and N app instances on it, measures the APIs with 1 and then N instances,
//      and puts the browser sessions behind nginx, which must be installed: apt-get install -y nginx)
//   coldstart DIR      (internal: opens a store and answers the first metrics query)
//   crash-work DIR FIRST SEED   (internal: the child the crash drill kills)
if (args.Length >= 2 && args[0] == "coldstart")
{
    var watch = Stopwatch.StartNew();
    using var store = LiteDbStore.Open(new StoreOptions(args[1], DemoMode: false), TimeProvider.System);
    using var services = Harness.Services(store);
    var metrics = services.GetRequiredService<ObjectionService>().Metrics(ObjectionFilter.All);
    Console.WriteLine($"ready {watch.ElapsedMilliseconds} {metrics.Received}");
    return 0;
}
if (args.Length >= 2 && args[0] == "coldstart-postgres")
{
    var watch = Stopwatch.StartNew();
    using var store = ComplianceDashboard.Storage.Postgres.Common.PostgresStore.Open(
        new ComplianceDashboard.Storage.Postgres.Common.PostgresOptions(args[1], DemoMode: false), TimeProvider.System);
    using var services = PostgresBenchmark.Services(store);
    var metrics = services.GetRequiredService<ObjectionService>().Metrics(ObjectionFilter.All);
    Console.WriteLine($"ready {watch.ElapsedMilliseconds} {metrics.Received}");
    return 0;
}
if (args.Length == 4 && args[0] == "crash-work")
    return ComplianceDashboard.DurabilityProbe.CrashDrill.Work(args[1], int.Parse(args[2], CultureInfo.InvariantCulture),
        int.Parse(args[3], CultureInfo.InvariantCulture), new ComplianceDashboard.DurabilityProbe.LineFlushingWriter(Console.Out));
if (args.Length >= 1 && args[0] == "crash")
    return Harness.Crash(args);
if (args.Length >= 2 && args[0] == "parse")
{
    // Times the CSV parse and validation alone on a generated file (to see where ingest time goes).
    var n = int.Parse(args[1], CultureInfo.InvariantCulture);
    var path = Path.GetTempFileName();
    Harness.WriteCsv(path, n, DateTime.UtcNow);
    var watch = Stopwatch.StartNew();
    var docs = Harness.Documents(path, DateTime.UtcNow);
    Console.WriteLine($"parse+validate+decide: {n / watch.Elapsed.TotalSeconds:N0} rows/s ({docs.Count:N0} rows)");
    watch.Restart();
    var rollups = RollupDeltas.Recompute(docs);
    Console.WriteLine($"rollups: {n / watch.Elapsed.TotalSeconds:N0} rows/s ({rollups.Count:N0} rollups)");
    var mapper = Mapping.Create();
    watch.Restart();
    foreach (var d in docs) mapper.ToDocument(d);
    Console.WriteLine($"BSON mapping: {n / watch.Elapsed.TotalSeconds:N0} rows/s");
    File.Delete(path);
    return 0;
}
if (args.Length >= 1 && args[0] == "load")
    return await LoadHarness.RunAsync(args);
if (args.Length >= 1 && args[0] == "packs")
    return PackBenchmark.Run(args);
if (args.Length == 0 || args[0] != "objections")
{
    Console.Error.WriteLine("Usage: objections [--rows N] [--json result.json] [--queries 200] [--scans 5] | crash [--iterations N] [--json result.json]");
    return 64;
}
string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var rows = int.Parse(Option("--rows", "1000000"), CultureInfo.InvariantCulture);
var queries = int.Parse(Option("--queries", "200"), CultureInfo.InvariantCulture);
var scans = int.Parse(Option("--scans", "5"), CultureInfo.InvariantCulture);
var jsonPath = Option("--json", "");
var root = Path.Combine(Path.GetTempPath(), "cd-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
var report = new Dictionary<string, object>();
try
{
    var now = DateTime.UtcNow;
    var csvPath = Path.Combine(root, "objections.csv");
    var sw = Stopwatch.StartNew();
    Harness.WriteCsv(csvPath, rows, now);
    Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(csvPath).Length / 1048576.0:0} MB) in {sw.Elapsed.TotalSeconds:0.0} s");

    // 0. Warm-up: both timed paths run once on a small file into throwaway stores, so neither pays the JIT.
    var warmCsv = Path.Combine(root, "warm.csv");
    Harness.WriteCsv(warmCsv, 2_000, now);
    if (Option("--store", "litedb") == "postgres")
    {
        var connection = Option("--connection", "");
        foreach (var (key, value) in PostgresBenchmark.Run(connection.Length > 0 ? connection : null, csvPath, warmCsv, rows, queries, now,
                     rawBaseline: !args.Contains("--no-raw")))
            report[key] = value;
        report["rows"] = rows;
        report["queries"] = queries;
        report["load_average"] = Harness.LoadAverage();
        Console.WriteLine();
        foreach (var (key, value) in report) Console.WriteLine($"{key,-32} {value,14}");
        if (jsonPath.Length > 0)
            File.WriteAllText(jsonPath, System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
    report["store"] = "litedb";
    Harness.Import(Path.Combine(root, "warm-real"), warmCsv, out var warmDocuments, out _);
    Harness.InsertBulk(Path.Combine(root, "warm-raw"), warmDocuments);

    // 1. Ingest through the real import path: parse, validate, one durable transaction with the rollups.
    var realDir = Path.Combine(root, "real");
    var ingest = Harness.Import(realDir, csvPath, out var stored, out var importPeakMb);
    Console.WriteLine($"import: {rows / ingest.Seconds:N0} rows/s ({ingest.Seconds:0.0} s, {ingest.CpuSeconds:0.0} s CPU)");
    ObjectionSnapshot snapshot;
    List<long> metricTimes = [];
    using (var store = LiteDbStore.Open(new StoreOptions(realDir, DemoMode: false), TimeProvider.System))
    using (var services = Harness.Services(store))
    {
        var service = services.GetRequiredService<ObjectionService>();

        // 2. The full metric set for random filter combinations.
        var random = new Random(7);
        var filters = Enumerable.Range(0, queries).Select(_ => Harness.RandomFilter(random, now)).ToList();
        service.Metrics(ObjectionFilter.All); // the first read builds nothing: the snapshot was loaded at start and kept on commit
        foreach (var filter in filters)
        {
            var t = Stopwatch.GetTimestamp();
            service.Metrics(filter);
            metricTimes.Add(Stopwatch.GetTimestamp() - t);
        }
        snapshot = services.GetRequiredService<IObjectionRepository>().Snapshot();

        // 2b. Every compliance check for UK as of now and as of 60 days ago (the objection checks must not scan).
        var evaluator = services.GetRequiredService<ComplianceDashboard.Core.Compliance.IComplianceEvaluator>();
        foreach (var (name, asOf) in new[] { ("compliance_eval_now_ms", now), ("compliance_eval_60_days_ago_ms", now.AddDays(-60)) })
        {
            var evalTimes = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                sw.Restart();
                evaluator.Evaluate("UK", asOf);
                evalTimes.Add(sw.Elapsed.TotalMilliseconds);
            }
            report[name] = Math.Round(Harness.Percentile(evalTimes, 0.5), 1);
            Console.WriteLine($"{name}: {report[name]} ms (median of 5)");
        }

        // Scan baseline: the same figures computed by reading the records from LiteDB for each filter.
        var repository = (LiteDbObjectionRepository)services.GetRequiredService<IObjectionRepository>();
        var scanTimes = new List<double>();
        foreach (var filter in filters.Take(scans))
        {
            sw.Restart();
            var records = repository.Stream(new ObjectionQuery(filter, Take: int.MaxValue)).ToList();
            var scanned = new ObjectionSnapshot(RollupDeltas.Recompute(records),
                records.Where(o => o.IsOpen).Select(o => new OpenObjection(o.Id, o.Jurisdiction, o.Platform, o.Channel, DateOnly.FromDateTime(o.ReceivedAt), o.DueDate)).ToList());
            var fromScan = ObjectionMetricsCalculator.Compute(scanned, filter, DateOnly.FromDateTime(now));
            scanTimes.Add(sw.Elapsed.TotalMilliseconds);
            var fromRollups = service.Metrics(filter);
            if (fromScan.Received != fromRollups.Received || fromScan.Pending != fromRollups.Pending)
                Console.WriteLine($"note: scan and rollups differ for {filter} (events outside the received range count in rollups only)");
        }
        report["scan_baseline_ms"] = Math.Round(Harness.Percentile(scanTimes, 0.5), 1);
    }
    var ms = metricTimes.Select(t => t * 1000.0 / Stopwatch.Frequency).ToList();
    report["metrics_p50_ms"] = Math.Round(Harness.Percentile(ms, 0.5), 3);
    report["metrics_p95_ms"] = Math.Round(Harness.Percentile(ms, 0.95), 3);

    // Baseline: raw LiteDB InsertBulk of the same documents (exactly those the import stored) with the same indexes into a fresh file.
    var raw = Harness.InsertBulk(Path.Combine(root, "raw"), stored);
    stored = [];
    Console.WriteLine($"raw InsertBulk: {rows / raw.Seconds:N0} rows/s ({raw.Seconds:0.0} s, {raw.CpuSeconds:0.0} s CPU)");

    // 3. Cold start: a fresh process opens the 1M store and answers the first metrics query.
    using (var store = LiteDbStore.Open(new StoreOptions(realDir, DemoMode: false), TimeProvider.System))
        store.Checkpoint(); // as the app does after a large import; not part of any timing
    var cold = Harness.ColdStart(realDir);

    report["ingest_rows_per_s"] = Math.Round(rows / ingest.Seconds);
    report["raw_insertbulk_rows_per_s"] = Math.Round(rows / raw.Seconds);
    report["cold_start_ms"] = cold;
    // The import's peak (the process up to the end of the import); the whole run's peak also counts the raw baseline,
    // which holds every document in memory to time InsertBulk alone.
    report["peak_working_set_mb"] = importPeakMb;
    report["run_peak_working_set_mb"] = Harness.PeakWorkingSetMb();
    report["rows"] = rows;
    report["queries"] = queries;
    report["rollup_documents"] = snapshot.Rollups.Count;
    report["open_objections"] = snapshot.Open.Count;
    report["ingest_vs_raw"] = Math.Round(raw.Seconds / ingest.Seconds, 2);
    report["ingest_cpu_vs_raw"] = Math.Round(raw.CpuSeconds / ingest.CpuSeconds, 2);
    report["load_average"] = Harness.LoadAverage();
    report["scan_vs_metrics_p50"] = Math.Round((double)report["scan_baseline_ms"] / Math.Max(0.001, (double)report["metrics_p50_ms"]));

    Console.WriteLine();
    Console.WriteLine($"{"measure",-28} {"value",14}   goal");
    void Line(string name, object value, string goal) => Console.WriteLine($"{name,-28} {value,14}   {goal}");
    Line("ingest rows/s", report["ingest_rows_per_s"], "≥ 0.6 × raw");
    Line("raw InsertBulk rows/s", report["raw_insertbulk_rows_per_s"], "");
    Line("ingest ÷ raw", report["ingest_vs_raw"], "≥ 0.6");
    Line("ingest ÷ raw (CPU time)", report["ingest_cpu_vs_raw"], "(robust to other load)");
    Line("metrics p50 ms", report["metrics_p50_ms"], "≤ 5");
    Line("metrics p95 ms", report["metrics_p95_ms"], "≤ 20");
    Line("scan baseline ms (median)", report["scan_baseline_ms"], "");
    Line("scan ÷ metrics p50", report["scan_vs_metrics_p50"], "≥ 100");
    Line("cold start ms", report["cold_start_ms"], "≤ 5000");
    Line("peak working set MB", report["peak_working_set_mb"], "≤ 1024 (the import)");
    Line("run peak working set MB", report["run_peak_working_set_mb"], "(with the raw baseline's documents)");
    Line("load average (1 min)", report["load_average"], "(other processes on the machine)");
    if (jsonPath.Length > 0)
        File.WriteAllText(jsonPath, System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
finally
{
    if (!args.Contains("--keep")) Directory.Delete(root, recursive: true);
}
