using System.Diagnostics;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Storage.Postgres.Objections;
using ComplianceDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// The objections benchmark on the PostgreSQL store: a throwaway cluster with durable settings (fsync on) unless
/// --connection names a server, a database per step, the real import path, metrics, and the raw binary COPY baseline.
/// </summary>
internal static class PostgresBenchmark
{
    public static Dictionary<string, object> Run(string? connection, string csvPath, string warmCsv, int rows, int queries, DateTime now, bool rawBaseline = true)
    {
        using var cluster = connection is null ? ThrowawayPostgres.Start(durable: true) : null;
        var server = connection ?? cluster!.ConnectionString;
        var report = new Dictionary<string, object> { ["store"] = "postgres" };

        Import(NewDatabase(server, "warm"), warmCsv, out _);
        var database = NewDatabase(server, "real");
        var ingest = Import(database, csvPath, out var peakMb);
        Console.WriteLine($"import: {rows / ingest.Seconds:N0} rows/s ({ingest.Seconds:0.0} s; CPU: {ingest.ClientCpuSeconds:0.0} s here, {ingest.ServerCpuSeconds:0.0} s in the server)");
        report["peak_working_set_mb"] = peakMb;

        var metricTimes = new List<double>();
        using (var store = PostgresStore.Open(new PostgresOptions(database, DemoMode: false), TimeProvider.System))
        using (var services = Services(store))
        {
            var service = services.GetRequiredService<ObjectionService>();
            var random = new Random(7);
            var filters = Enumerable.Range(0, queries).Select(_ => Harness.RandomFilter(random, now)).ToList();
            service.Metrics(ObjectionFilter.All); // loads the cached copy once; later reads only check its version
            foreach (var filter in filters)
            {
                var t = Stopwatch.GetTimestamp();
                service.Metrics(filter);
                metricTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            var snapshot = services.GetRequiredService<IObjectionRepository>().Snapshot();
            report["rollup_documents"] = snapshot.Rollups.Count;
            report["open_objections"] = snapshot.Open.Count;
            var evaluator = services.GetRequiredService<Core.Compliance.IComplianceEvaluator>();
            foreach (var (name, asOf) in new[] { ("compliance_eval_now_ms", now), ("compliance_eval_60_days_ago_ms", now.AddDays(-60)) })
            {
                var times = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    evaluator.Evaluate("UK", asOf);
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                report[name] = Math.Round(Harness.Percentile(times, 0.5), 1);
            }
        }
        report["metrics_p50_ms"] = Math.Round(Harness.Percentile(metricTimes, 0.5), 3);
        report["metrics_p95_ms"] = Math.Round(Harness.Percentile(metricTimes, 0.95), 3);

        report["ingest_rows_per_s"] = Math.Round(rows / ingest.Seconds);
        report["ingest_client_cpu_s"] = Math.Round(ingest.ClientCpuSeconds, 1);
        report["ingest_server_cpu_s"] = Math.Round(ingest.ServerCpuSeconds, 1);
        if (rawBaseline)
        {
            var raw = RawCopy(database, NewDatabase(server, "raw"), Path.GetDirectoryName(csvPath)!);
            Console.WriteLine($"raw COPY: {rows / raw.Seconds:N0} rows/s ({raw.Seconds:0.0} s; CPU: {raw.ClientCpuSeconds:0.0} s here, {raw.ServerCpuSeconds:0.0} s in the server)");
            report["raw_copy_rows_per_s"] = Math.Round(rows / raw.Seconds);
            report["raw_copy_server_cpu_s"] = Math.Round(raw.ServerCpuSeconds, 1);
            report["ingest_vs_raw"] = Math.Round(raw.Seconds / ingest.Seconds, 2);
            // CPU seconds of both sides (harness and the database's server process), which other load on the machine barely moves.
            report["ingest_cpu_vs_raw"] = Math.Round((raw.ClientCpuSeconds + raw.ServerCpuSeconds) / (ingest.ClientCpuSeconds + ingest.ServerCpuSeconds), 2);
        }
        report["cold_start_ms"] = Harness.ColdStart(database, postgres: true);
        report["run_peak_working_set_mb"] = Harness.PeakWorkingSetMb();
        return report;
    }

    /// <summary>
    /// The app's services on the store. The per-file row limit (5,000,000 by default) is lifted, as an operator would with
    /// ComplianceDashboard:Budget:MaxRows, so that --rows 10000000 imports one file.
    /// </summary>
    public static ServiceProvider Services(PostgresStore store) =>
        new ServiceCollection()
            .AddSingleton(RequestBudget.Defaults with { MaxRows = long.MaxValue })
            .AddComplianceCore().AddPostgresStorage(store).BuildServiceProvider();

    /// <summary>A COPY of millions of rows takes longer than Npgsql's default 30 s command timeout on a loaded machine.</summary>
    private static string NoTimeout(string connection) => new NpgsqlConnectionStringBuilder(connection) { CommandTimeout = 0 }.ConnectionString;

    /// <summary>A new migrated database on the server; returns its connection string.</summary>
    public static string NewDatabase(string server, string name)
    {
        var database = $"cd_bench_{name}_{Guid.NewGuid():N}"[..30];
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>The real import path: parse, validate, decide, COPY into staging, set-based apply and rollups, one durable commit.</summary>
    private static StepTiming Import(string database, string csvPath, out double peakMb)
    {
        using var store = PostgresStore.Open(new PostgresOptions(database, DemoMode: false), TimeProvider.System);
        using var services = Services(store);
        foreach (var preset in JurisdictionPresets.All)
            services.GetRequiredService<JurisdictionService>().CreateFromPreset(Actor.System, preset.Code);
        using var file = File.OpenRead(csvPath);
        var meter = StepMeter.Start(database);
        var result = services.GetRequiredService<ObjectionService>().Import(Actor.System, file, "benchmark");
        var elapsed = meter.Stop();
        if (!result.Succeeded || !result.Value.Accepted)
            throw new InvalidOperationException("Import failed: " + (result.Succeeded ? string.Join("; ", result.Value.Errors.Take(5)) : result.Failure!.Message));
        peakMb = Harness.PeakWorkingSetMb();
        return elapsed;
    }

    /// <summary>
    /// The baseline: a binary COPY of the same rows (exactly those the import stored, with their history) into an identically
    /// indexed objections table of a fresh database, one transaction, durable commit. The rows are exported from the imported
    /// database to a file first (untimed), so the timed COPY only streams bytes the server must store, in bounded memory at any size.
    /// </summary>
    private static StepTiming RawCopy(string source, string database, string folder)
    {
        // Opening a store migrates the fresh database: the same table and indexes as the store's.
        PostgresStore.Open(new PostgresOptions(database, DemoMode: false), TimeProvider.System).Dispose();
        var file = Path.Combine(folder, "objections.copy");
        using (var connection = new NpgsqlConnection(NoTimeout(source)))
        {
            connection.Open();
            using var output = File.Create(file);
            using var export = connection.BeginRawBinaryCopy($"COPY objections ({ObjectionRows.Columns}) TO STDOUT (FORMAT BINARY)");
            export.CopyTo(output, 1 << 20);
        }
        try
        {
            using var connection = new NpgsqlConnection(NoTimeout(database));
            connection.Open();
            using var input = File.OpenRead(file);
            var meter = StepMeter.Start(database);
            using (var transaction = connection.BeginTransaction())
            {
                using (var copy = connection.BeginRawBinaryCopy($"COPY objections ({ObjectionRows.Columns}) FROM STDIN (FORMAT BINARY)"))
                    input.CopyTo(copy, 1 << 20);
                transaction.Commit();
            }
            return meter.Stop();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One timed step: wall-clock seconds, this process's CPU seconds, and the CPU seconds of the database's server processes.</summary>
    private readonly record struct StepTiming(double Seconds, double ClientCpuSeconds, double ServerCpuSeconds);

    /// <summary>
    /// Times a step and the CPU it costs on both sides. The server side is read from /proc: every process whose command line
    /// names the step's database (PostgreSQL titles each backend "postgres: user database host …"); the cluster's shared
    /// writers (WAL writer, checkpointer) are not counted, for either step. Zero where /proc cannot be read.
    /// </summary>
    private sealed class StepMeter
    {
        private readonly string _database;
        private readonly Stopwatch _watch;
        private readonly TimeSpan _clientCpu;
        private readonly Dictionary<int, double> _serverCpu;

        private StepMeter(string database)
        {
            _database = new NpgsqlConnectionStringBuilder(database).Database!;
            _serverCpu = ServerCpu(_database);
            using var self = Process.GetCurrentProcess();
            _clientCpu = self.TotalProcessorTime;
            _watch = Stopwatch.StartNew();
        }

        public static StepMeter Start(string database) => new(database);

        public StepTiming Stop()
        {
            var seconds = _watch.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            var client = (self.TotalProcessorTime - _clientCpu).TotalSeconds;
            var server = ServerCpu(_database).Sum(p => p.Value - _serverCpu.GetValueOrDefault(p.Key));
            return new StepTiming(seconds, client, server);
        }

        private static Dictionary<int, double> ServerCpu(string database)
        {
            var cpu = new Dictionary<int, double>();
            if (!Directory.Exists("/proc")) return cpu;
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
                try
                {
                    var title = File.ReadAllText(Path.Combine(folder, "cmdline"));
                    if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains($" {database} ", StringComparison.Ordinal)) continue;
                    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): user and system time in clock ticks.
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    cpu[pid] = (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) +
                                long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // The process ended while being read.
                }
            }
            return cpu;
        }
    }
}
