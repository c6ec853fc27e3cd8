using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using Microsoft.Extensions.DependencyInjection;
using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;

namespace ComplianceDashboard.Benchmarks;

/// <summary>
/// "packs [--store litedb|postgres] [--connection CS] [--rows 1000000] [--runs 10] [--json result.json]": builds the UK evidence pack (snapshot + PDF) over N objections,
/// the demo rollout and the demo LIA, <c>runs</c> times, and reports pack_ms_median, pack_ms_max, pack_pages, pages_per_s.
/// </summary>
internal static class PackBenchmark
{
    public static int Run(string[] args)
    {
        string Option(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var rows = int.Parse(Option("--rows", "1000000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(Option("--runs", "10"), CultureInfo.InvariantCulture);
        var jsonPath = Option("--json", "");
        var root = Path.Combine(Path.GetTempPath(), "cd-packbench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var now = DateTime.UtcNow;
            var postgres = Option("--store", "litedb") == "postgres";
            var connection = Option("--connection", "");
            using var cluster = postgres && connection.Length == 0 ? ThrowawayPostgres.Start(durable: true) : null;
            var services = new ServiceCollection().AddComplianceCore().AddSingleton<IEvidencePackRenderer, EvidencePackDocument>();
            using var store = postgres
                ? (IDisposable)PostgresStore.Open(new PostgresOptions(PostgresBenchmark.NewDatabase(cluster?.ConnectionString ?? connection, "packs"), DemoMode: false), TimeProvider.System)
                : LiteDbStore.Open(new StoreOptions(Path.Combine(root, "store"), DemoMode: false), TimeProvider.System);
            using var provider = (store is PostgresStore pg ? services.AddPostgresStorage(pg) : services.AddLiteDbStorage((LiteDbStore)store)).BuildServiceProvider();
            var unitOfWork = provider.GetRequiredService<IUnitOfWork>();
            foreach (var preset in JurisdictionPresets.All)
                provider.GetRequiredService<JurisdictionService>().CreateFromPreset(Actor.System, preset.Code);
            var yesterday = now.Date.AddDays(-1);
            var journal = new DemoJournal();
            var seeded = unitOfWork.Write(() => provider.GetRequiredService<DemoAssessments>().Seed(yesterday, journal)
                .Then(_ => provider.GetRequiredService<DemoRollout>().Seed(DateOnly.FromDateTime(yesterday), journal))
                .Then(added => { journal.AppendTo(provider.GetRequiredService<IAuditLog>()); return Result<int>.Ok(added); }));
            if (!seeded.Succeeded) throw new InvalidOperationException(seeded.Failure!.Message);

            var csv = Path.Combine(root, "objections.csv");
            Harness.WriteCsv(csv, rows, now);
            var watch = Stopwatch.StartNew();
            using (var file = File.OpenRead(csv))
            {
                var imported = provider.GetRequiredService<ObjectionService>().Import(Actor.System, file, "benchmark");
                if (!imported.Succeeded || !imported.Value.Accepted) throw new InvalidOperationException("The objection import failed.");
            }
            provider.GetRequiredService<IStoreMaintenance>().Checkpoint();
            Console.WriteLine($"imported {rows:N0} objections in {watch.Elapsed.TotalSeconds:0.0} s");

            var packs = provider.GetRequiredService<EvidencePackService>();
            var renderer = provider.GetRequiredService<IEvidencePackRenderer>();
            var today = DateOnly.FromDateTime(now);
            var times = new List<double>();
            var pages = 0;
            for (var i = 0; i <= runs; i++)
            {
                var parameters = new PackParameters
                {
                    Jurisdiction = "UK", PeriodFrom = today.AddDays(-90), PeriodTo = today, AsOf = TimeProviderExtensions.TruncateToMs(DateTime.UtcNow),
                    Audience = PackAudience.Regulator, Classification = "BENCHMARK",
                };
                watch.Restart();
                var prepared = packs.Prepare(Actor.System, parameters);
                if (!prepared.Succeeded) throw new InvalidOperationException(prepared.Failure!.Message);
                var p = prepared.Value;
                var rendered = renderer.Render(new EvidencePackHeader(p.Id, p.SnapshotSha256, EvidencePackService.AppVersion, false), p.Snapshot);
                var ms = watch.Elapsed.TotalMilliseconds;
                pages = rendered.PageCount;
                if (i > 0) times.Add(ms); // the first build warms up the JIT and the font cache
                Console.WriteLine($"{(i == 0 ? "warm-up" : $"run {i}")}: {ms:0} ms, {rendered.PageCount} pages, {rendered.Pdf.Length / 1024} KB");
            }
            times.Sort();
            var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            var result = new Dictionary<string, object>
            {
                ["store"] = postgres ? "postgres" : "litedb", ["rows"] = rows, ["runs"] = runs, ["pack_ms_median"] = Math.Round(median, 1), ["pack_ms_max"] = Math.Round(times[^1], 1),
                ["pack_pages"] = pages, ["pages_per_s"] = Math.Round(pages / (median / 1000), 1),
            };
            var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
            Console.WriteLine(json);
            if (jsonPath.Length > 0) File.WriteAllText(jsonPath, json);
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
