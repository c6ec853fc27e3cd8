using System.Diagnostics;
using System.Globalization;
using System.Text;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.LiteDb.Objections;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Benchmarks;

/// <summary>Data generation and measuring helpers of the objections benchmark.</summary>
internal static class Harness
{
    public static ServiceProvider Services(LiteDbStore store) =>
        new ServiceCollection().AddComplianceCore().AddLiteDbStorage(store).BuildServiceProvider();

    /// <summary>
    /// Realistic rows over the last 190 days: 80% UK, most honoured within days, a few refused, withdrawn or open. Their ids
    /// start at <paramref name="firstId"/>, so a second file of new objections can follow a first.
    /// </summary>
    public static void WriteCsv(string path, int rows, DateTime now, int firstId = 0)
    {
        var random = new Random(1 + firstId);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine(string.Join(",", ObjectionCsv.RequiredColumns));
        string[] channels = ["in_app_form", "in_app_form", "in_app_form", "web_form", "email", "verbal", "other"];
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        for (var i = firstId; i < firstId + rows; i++)
        {
            var jurisdiction = random.Next(20) switch { < 16 => "UK", < 19 => "EU", _ => "BR" };
            var received = now.AddDays(-190 + 189 * Math.Pow(random.NextDouble(), 1.5)).AddMinutes(-10);
            var hours = Math.Exp(Math.Log(30) + 0.9 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            var resolved = received.AddHours(hours);
            var roll = random.NextDouble();
            var (status, resolvedAt, grounds) = roll switch
            {
                _ when roll < 0.004 || resolved >= now => ("received", "", ""),
                < 0.0045 => ("refused", Iso(resolved), "\"Could not verify the account, after two requests\""),
                < 0.015 => ("withdrawn", Iso(resolved), ""),
                _ => ("honoured", Iso(resolved), ""),
            };
            writer.Write($"BM-{i:D8},psn-{(uint)HashCode.Combine(i, 17):x8},{jurisdiction},{(random.Next(5) < 3 ? "facebook" : "instagram")},{channels[random.Next(channels.Length)]},");
            writer.WriteLine($"{Iso(received)},{status},{resolvedAt},{grounds},{(random.Next(12) == 0 ? "true" : "false")},");
        }
    }

    /// <summary>The documents the import stores for the same file (parsed and decided, not timed).</summary>
    public static List<Objection> Documents(string csvPath, DateTime now)
    {
        var policies = JurisdictionPresets.All.ToDictionary(j => j.Code, j => j.DeadlinePolicy);
        using var file = File.OpenRead(csvPath);
        var (rows, _) = ObjectionCsv.Read(file, policies.Keys.ToHashSet(), now.AddHours(1));
        return rows.Select(r => r.Objection.Decide(policies[r.Objection.Jurisdiction]) with { Version = 1, BatchId = "raw" }).ToList();
    }

    /// <summary>Wall-clock and CPU seconds of one timed step (CPU time is the whole process's, so it counts GC threads too).</summary>
    public readonly record struct Timing(double Seconds, double CpuSeconds);

    private static Timing Time(Action step)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        step();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>
    /// The real import path into a new store (jurisdictions from the presets): parse, validate, decide, one durable
    /// transaction with the rollups; no checkpoint. <paramref name="stored"/> is what it stored, read back untimed, after
    /// <paramref name="peakWorkingSetMb"/> (the process's peak working set so far) is taken, so the peak is the import's.
    /// </summary>
    public static Timing Import(string directory, string csvPath, out List<Objection> stored, out double peakWorkingSetMb)
    {
        using var store = LiteDbStore.Open(new StoreOptions(directory, DemoMode: false), TimeProvider.System);
        using var services = Services(store);
        foreach (var preset in JurisdictionPresets.All)
            services.GetRequiredService<JurisdictionService>().CreateFromPreset(Actor.System, preset.Code);
        var service = services.GetRequiredService<ObjectionService>();
        using var file = File.OpenRead(csvPath);
        var result = default(Result<ImportReport>);
        var timing = Time(() => result = service.Import(Actor.System, file, "benchmark", checkpointLargeImports: false));
        if (!result.Succeeded || !result.Value.Accepted)
            throw new InvalidOperationException("Import failed: " + (result.Succeeded ? string.Join("; ", result.Value.Errors.Take(5)) : result.Failure!.Message));
        peakWorkingSetMb = PeakWorkingSetMb();
        stored = services.GetRequiredService<IObjectionRepository>().All().ToList();
        return timing;
    }

    /// <summary>The baseline: raw LiteDB InsertBulk of <paramref name="documents"/> with the objections' indexes into a fresh file, one transaction, log flushed.</summary>
    public static Timing InsertBulk(string directory, IReadOnlyList<Objection> documents)
    {
        Directory.CreateDirectory(directory);
        using var data = new FileStream(Path.Combine(directory, "raw.db"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 8192, FileOptions.RandomAccess);
        using var log = new FileStream(Path.Combine(directory, "raw-log.db"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 8192, FileOptions.RandomAccess);
        using var db = new LiteDatabase(data, Mapping.Create(), log);
        var collection = db.GetCollection<Objection>(LiteDbObjectionRepository.Collection);
        LiteDbObjectionRepository.EnsureIndexes(collection);
        return Time(() =>
        {
            db.BeginTrans();
            collection.InsertBulk(documents, 5_000);
            db.Commit();
            log.Flush(true);
        });
    }

    public static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0);
    }

    /// <summary>The one-minute load average (Linux), to read the wall-clock figures against.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load) ? load : -1;

    public static ObjectionFilter RandomFilter(Random random, DateTime now)
    {
        string[] jurisdictions = ["UK", "EU", "BR"];
        var from = random.Next(3) == 0 ? (DateOnly?)null : DateOnly.FromDateTime(now.AddDays(-random.Next(30, 190)));
        var to = from is null || random.Next(2) == 0 ? (DateOnly?)null : from.Value.AddDays(random.Next(1, 60));
        return new ObjectionFilter(
            random.Next(2) == 0 ? null : jurisdictions[random.Next(3)],
            random.Next(2) == 0 ? null : (Platform)random.Next(2),
            random.Next(3) == 0 ? (ObjectionChannel)random.Next(5) : null,
            from, to);
    }

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Starts this harness as a new process on the store and times it until the first metrics answer.</summary>
    /// <param name="store">The LiteDB data folder, or with <paramref name="postgres"/> the PostgreSQL connection string.</param>
    public static long ColdStart(string store, bool postgres = false)
    {
        var directory = store;
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Harness).Assembly.Location);
        start.ArgumentList.Add(postgres ? "coldstart-postgres" : "coldstart");
        start.ArgumentList.Add(directory);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine();
        var elapsed = watch.ElapsedMilliseconds;
        process.WaitForExit();
        if (line is null || !line.StartsWith("ready", StringComparison.Ordinal))
            throw new InvalidOperationException("The cold-start process did not answer.");
        return elapsed;
    }

    /// <summary>The crash drill (issue 8): a child process importing and checkpointing is killed at random moments.</summary>
    public static int Crash(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var iterations = int.Parse(Option("--iterations", "200"), CultureInfo.InvariantCulture);
        var json = Option("--json", "");
        var folder = Path.Combine(Path.GetTempPath(), "cd-crash-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var self = Environment.ProcessPath!;
            var report = DurabilityProbe.CrashDrill.Run(folder, iterations, seed: 20261128, (dir, first, seed) =>
            {
                var start = new ProcessStartInfo(self);
                if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Harness).Assembly.Location);
                foreach (var a in new[] { "crash-work", dir, $"{first}", $"{seed}" }) start.ArgumentList.Add(a);
                return start;
            }, Console.Out);
            Console.WriteLine();
            Console.WriteLine($"{"measure",-28} {"value",10}   goal");
            Console.WriteLine($"{"iterations",-28} {report.Iterations,10}   ≥ 200");
            Console.WriteLine($"{"kills (start-up/import/checkpoint)",-28} {report.Kills,10}   {report.KillsDuringStartUp}/{report.KillsDuringImport}/{report.KillsDuringCheckpoint}");
            Console.WriteLine($"{"acknowledged imports",-28} {report.AcknowledgedBatches,10}   ({report.AcknowledgedRows:N0} rows)");
            Console.WriteLine($"{"lost imports",-28} {report.LostBatches,10}   0");
            Console.WriteLine($"{"partial imports",-28} {report.PartialBatches,10}   0");
            Console.WriteLine($"{"failed opens",-28} {report.FailedOpens,10}   0");
            Console.WriteLine($"{"broken audit chains",-28} {report.BrokenChains,10}   0");
            Console.WriteLine($"{"rollup mismatches",-28} {report.RollupMismatches,10}   0");
            Console.WriteLine($"{"seconds",-28} {report.Seconds,10}");
            if (json.Length > 0) File.WriteAllText(json, report.ToJson());
            return report.Clean ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
