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
    public static Dictionary<string, object> Run(string? connection, string csvPath, string warmCsv, int rows, int queries, DateTime now)
    {
        using var cluster = connection is null ? ThrowawayPostgres.Start(durable: true) : null;
        var server = connection ?? cluster!.ConnectionString;
        var report = new Dictionary<string, object> { ["store"] = "postgres" };

        Import(NewDatabase(server, "warm"), warmCsv, out _);
        var database = NewDatabase(server, "real");
        var ingest = Import(database, csvPath, out var peakMb);
        Console.WriteLine($"import: {rows / ingest.TotalSeconds:N0} rows/s ({ingest.TotalSeconds:0.0} s)");
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

        var raw = RawCopy(NewDatabase(server, "raw"), csvPath, now);
        Console.WriteLine($"raw COPY: {rows / raw.TotalSeconds:N0} rows/s ({raw.TotalSeconds:0.0} s)");
        report["ingest_rows_per_s"] = Math.Round(rows / ingest.TotalSeconds);
        report["raw_copy_rows_per_s"] = Math.Round(rows / raw.TotalSeconds);
        report["ingest_vs_raw"] = Math.Round(raw.TotalSeconds / ingest.TotalSeconds, 2);
        report["cold_start_ms"] = Harness.ColdStart(database, postgres: true);
        report["run_peak_working_set_mb"] = Harness.PeakWorkingSetMb();
        return report;
    }

    public static ServiceProvider Services(PostgresStore store) =>
        new ServiceCollection().AddComplianceCore().AddPostgresStorage(store).BuildServiceProvider();

    /// <summary>A new migrated database on the server; returns its connection string.</summary>
    private static string NewDatabase(string server, string name)
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
    private static TimeSpan Import(string database, string csvPath, out double peakMb)
    {
        using var store = PostgresStore.Open(new PostgresOptions(database, DemoMode: false), TimeProvider.System);
        using var services = Services(store);
        foreach (var preset in JurisdictionPresets.All)
            services.GetRequiredService<JurisdictionService>().CreateFromPreset(Actor.System, preset.Code);
        using var file = File.OpenRead(csvPath);
        var watch = Stopwatch.StartNew();
        var result = services.GetRequiredService<ObjectionService>().Import(Actor.System, file, "benchmark");
        var elapsed = watch.Elapsed;
        if (!result.Succeeded || !result.Value.Accepted)
            throw new InvalidOperationException("Import failed: " + (result.Succeeded ? string.Join("; ", result.Value.Errors.Take(5)) : result.Failure!.Message));
        peakMb = Harness.PeakWorkingSetMb();
        return elapsed;
    }

    /// <summary>
    /// The baseline: a binary COPY of the same rows (decided, with their history) into an identically indexed objections
    /// table of a fresh database, one transaction, durable commit. The rows are made before the clock starts.
    /// </summary>
    private static TimeSpan RawCopy(string database, string csvPath, DateTime now)
    {
        // Opening a store migrates the fresh database: the same table and indexes as the store's.
        PostgresStore.Open(new PostgresOptions(database, DemoMode: false), TimeProvider.System).Dispose();
        var batch = new ObjectionImportBatch("raw", "Imported from benchmark");
        var documents = Harness.Documents(csvPath, now).Select(d => ObjectionImportRules.Created(d, batch)).ToList();
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        var watch = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            using (var copy = connection.BeginBinaryImport($"COPY objections ({ObjectionRows.Columns}) FROM STDIN (FORMAT BINARY)"))
            {
                copy.Timeout = TimeSpan.Zero; // no timeout, as the import's statements
                foreach (var o in documents) ObjectionRows.Write(copy, o);
                copy.Complete();
            }
            transaction.Commit();
        }
        return watch.Elapsed;
    }
}
