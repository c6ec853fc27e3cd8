using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.DurabilityProbe;

/// <summary>The figures of a crash drill (issue 8): every kill, and what survived it.</summary>
public sealed record CrashDrillReport(
    int Iterations, int Kills, int KillsDuringStartUp, int KillsDuringImport, int KillsDuringCheckpoint,
    int AcknowledgedBatches, int AcknowledgedRows, int LostBatches, int PartialBatches, int FailedOpens,
    int BrokenChains, int RollupMismatches, long StoredObjections, double Seconds)
{
    public bool Clean => LostBatches == 0 && PartialBatches == 0 && FailedOpens == 0 && BrokenChains == 0 && RollupMismatches == 0;

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
}

/// <summary>
/// Runs objection imports, audited changes and checkpoints in a child process, kills it with SIGKILL at random
/// moments (while it starts, imports or checkpoints), reopens the store and checks that every acknowledged import is
/// whole, no import is half there, the audit chain verifies and the rollups (and the refusals kept beside the records) equal a recomputation from the records.
/// </summary>
public static class CrashDrill
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <param name="child">Starts the work loop (<see cref="Work"/>) in a new process for a folder, first batch number and seed.</param>
    public static CrashDrillReport Run(string folder, int iterations, int seed, Func<string, int, int, ProcessStartInfo> child, TextWriter progress)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        int kills = 0, startUp = 0, import = 0, checkpoint = 0, lost = 0, partial = 0, failedOpens = 0, broken = 0, mismatches = 0;
        var acknowledged = new Dictionary<string, int>(StringComparer.Ordinal);
        var begun = new Dictionary<string, int>(StringComparer.Ordinal);
        long stored = 0;
        for (var i = 0; i < iterations; i++)
        {
            var moment = random.Next(10) switch { < 2 => Moment.StartUp, < 4 => Moment.Checkpoint, _ => Moment.Import };
            using var victim = Victim.Start(child(folder, i * 1_000, random.Next()));
            var killed = victim.KillAt(moment, random);
            if (killed) kills++;
            switch (moment)
            {
                case Moment.StartUp when killed: startUp++; break;
                case Moment.Checkpoint when killed: checkpoint++; break;
                case Moment.Import when killed: import++; break;
            }
            foreach (var (batch, rows) in victim.Acknowledged) acknowledged[batch] = rows;
            foreach (var (batch, rows) in victim.Begun) begun[batch] = rows;

            var check = Verify(folder, acknowledged, begun);
            if (check is null)
            {
                failedOpens++;
                progress.WriteLine($"iteration {i + 1}: the store did not open");
                continue;
            }
            lost += check.Value.Lost;
            partial += check.Value.Partial;
            if (!check.Value.ChainIntact) broken++;
            if (!check.Value.RollupsMatch) mismatches++;
            stored = check.Value.Stored;
            // A begun batch is settled once checked: it is either whole (and now counts as stored) or absent for good.
            begun.Clear();
            if ((i + 1) % 10 == 0 || i + 1 == iterations)
                progress.WriteLine($"iteration {i + 1}/{iterations}: {kills} kills, {acknowledged.Count} acknowledged imports, {stored:N0} objections stored, {lost} lost, {partial} partial");
        }
        return new CrashDrillReport(iterations, kills, startUp, import, checkpoint, acknowledged.Count, acknowledged.Values.Sum(),
            lost, partial, failedOpens, broken, mismatches, stored, Math.Round(watch.Elapsed.TotalSeconds, 1));
    }

    private static (int Lost, int Partial, bool ChainIntact, bool RollupsMatch, long Stored)? Verify(
        string folder, Dictionary<string, int> acknowledged, Dictionary<string, int> begun)
    {
        LiteDbStore store;
        try
        {
            store = LiteDbStore.Open(new StoreOptions(folder, DemoMode: false), TimeProvider.System);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
        using (store)
        using (var services = new ServiceCollection().AddComplianceCore().AddLiteDbStorage(store).BuildServiceProvider())
        {
            var objections = services.GetRequiredService<IObjectionRepository>();
            var all = objections.All().ToList();
            var perBatch = all.GroupBy(o => BatchOf(o.Id)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var lost = acknowledged.Count(a => perBatch.GetValueOrDefault(a.Key) != a.Value);
            var partial = begun.Count(b => !acknowledged.ContainsKey(b.Key) && perBatch.GetValueOrDefault(b.Key) is var n && n != 0 && n != b.Value);
            foreach (var b in begun.Where(b => !acknowledged.ContainsKey(b.Key) && perBatch.GetValueOrDefault(b.Key) == b.Value))
                acknowledged[b.Key] = b.Value; // committed just before the kill, not yet acknowledged: whole, so it must stay
            var chain = services.GetRequiredService<AuditService>().Verify(Actor.System).Value;
            var expected = Describe(RollupDeltas.Recompute(all));
            var actual = Describe(objections.StoredRollups().Where(r => !r.IsEmpty));
            // The outcomes kept beside the records (refusals here) must agree with the records too.
            var refused = all.Where(o => o.Status == ObjectionStatus.Refused).Select(o => o.Id).Order(StringComparer.Ordinal);
            var refusedKept = all.Select(o => o.Jurisdiction).Distinct()
                .SelectMany(j => objections.RefusedBy(j, DateTime.MaxValue)).Select(o => o.Id).Order(StringComparer.Ordinal);
            return (lost, partial, chain.Intact, expected.SequenceEqual(actual) && refused.SequenceEqual(refusedKept), all.Count);
        }
    }

    private static List<string> Describe(IEnumerable<ObjectionRollup> rollups) => rollups
        .Select(r => $"{r.Id} {r.Received} {r.CarriedOver} {r.Honoured} {r.Refused} {r.Withdrawn} {r.AnsweredWithinLimit} {string.Join('.', r.HonourBuckets)}:{string.Join('.', r.HonourCounts)}")
        .Order(StringComparer.Ordinal).ToList();

    private static string BatchOf(string objectionId) => objectionId[..objectionId.IndexOf('-')];

    /// <summary>
    /// The child's loop: imports of 1–800 objections (ids B{batch}-{row}), audited jurisdiction edits and a checkpoint
    /// every few imports, printing "begin", "ack" and "checkpoint" lines only around the real calls.
    /// </summary>
    public static int Work(string folder, int firstBatch, int seed, TextWriter output)
    {
        var random = new Random(seed);
        output.WriteLine("starting");
        using var store = LiteDbStore.Open(new StoreOptions(folder, DemoMode: false), TimeProvider.System);
        using var services = new ServiceCollection().AddComplianceCore().AddLiteDbStorage(store).BuildServiceProvider();
        var jurisdictions = services.GetRequiredService<JurisdictionService>();
        if (jurisdictions.Find("UK") is null && !jurisdictions.CreateFromPreset(Actor.CommandLine, "UK").Succeeded) return 1;
        var objections = services.GetRequiredService<ObjectionService>();
        output.WriteLine("ready");
        for (var batch = firstBatch; batch < firstBatch + 1_000; batch++)
        {
            var rows = random.Next(1, 801);
            output.WriteLine($"begin B{batch} {rows}");
            var report = objections.Import(Actor.CommandLine, new MemoryStream(Csv(batch, rows, random)), $"drill-{batch}.csv", checkpointLargeImports: false);
            if (!report.Succeeded || !report.Value.Accepted) return 1;
            output.WriteLine($"ack B{batch} {rows}");
            var uk = jurisdictions.Find("UK")!;
            if (!jurisdictions.Update(Actor.CommandLine, "UK", uk.Version, JurisdictionDetails.From(uk) with { Name = $"United Kingdom {batch}" }).Succeeded) return 1;
            if (batch % 3 == 0)
            {
                output.WriteLine("checkpoint");
                services.GetRequiredService<IStoreMaintenance>().Checkpoint();
            }
        }
        return 0;
    }

    private static byte[] Csv(int batch, int rows, Random random)
    {
        var now = DateTime.UtcNow;
        var csv = new StringBuilder(string.Join(",", ObjectionCsv.RequiredColumns)).Append('\n');
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        for (var i = 0; i < rows; i++)
        {
            var received = now.AddHours(-random.Next(1, 24 * 60));
            var answered = random.Next(3) > 0 && received.AddHours(30) < now;
            var outcome = !answered ? "received,,"
                : i % 25 == 0 ? $"refused,{Iso(received.AddHours(random.Next(1, 30)))},Could not verify the account"
                : $"honoured,{Iso(received.AddHours(random.Next(1, 30)))},";
            csv.Append($"B{batch}-{i},psn-{batch}-{i},UK,{(i % 2 == 0 ? "facebook" : "instagram")},in_app_form,{Iso(received)},")
               .Append(outcome).Append(",false,\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private enum Moment
    {
        StartUp,
        Import,
        Checkpoint,
    }

    /// <summary>The child process and what it printed.</summary>
    private sealed class Victim : IDisposable
    {
        private readonly Process _process;
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private readonly SemaphoreSlim _signal = new(0);

        private Victim(Process process) => _process = process;

        public static Victim Start(ProcessStartInfo start)
        {
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            var victim = new Victim(new Process { StartInfo = start });
            victim._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (victim._gate) victim._lines.Add(e.Data);
                victim._signal.Release();
            };
            victim._process.ErrorDataReceived += (_, _) => { };
            victim._process.Start();
            victim._process.BeginOutputReadLine();
            victim._process.BeginErrorReadLine();
            return victim;
        }

        public IEnumerable<(string Batch, int Rows)> Acknowledged => Lines("ack ");
        public IEnumerable<(string Batch, int Rows)> Begun => Lines("begin ");

        private List<(string, int)> Lines(string prefix)
        {
            lock (_gate)
                return _lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(l => l.Split(' ')).Select(p => (p[1], int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        }

        /// <summary>Waits for the chosen moment (a line, then a short random delay) and kills; false if the child ended first.</summary>
        public bool KillAt(Moment moment, Random random)
        {
            var (line, skip) = moment switch
            {
                Moment.StartUp => ("starting", 0),
                Moment.Checkpoint => ("checkpoint", random.Next(0, 2)),
                _ => ("begin ", random.Next(0, 4)),
            };
            var deadline = DateTime.UtcNow + Patience;
            while (Count(line) <= skip)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline) return false;
                _signal.Wait(TimeSpan.FromMilliseconds(200));
            }
            // Spin a random few milliseconds into the work: the point is an unpredictable moment, not a wait.
            var spin = Stopwatch.StartNew();
            var into = random.Next(0, moment == Moment.StartUp ? 400 : 60);
            while (spin.ElapsedMilliseconds < into && !_process.HasExited) Thread.SpinWait(1_000);
            if (_process.HasExited) return false;
            _process.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally blocks, no flushes
            _process.WaitForExit();
            return true;
        }

        private int Count(string prefix)
        {
            lock (_gate) return _lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
            _signal.Dispose();
        }
    }
}

/// <summary>Flushes every line: the drill must see "ack" the moment an import returned.</summary>
public sealed class LineFlushingWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;
    public override void Write(char value) => inner.Write(value);

    public override void WriteLine(string? value)
    {
        inner.WriteLine(value);
        inner.Flush();
    }
}
