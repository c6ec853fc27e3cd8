using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.DurabilityProbe;
using Microsoft.Extensions.DependencyInjection;

// Usage: ComplianceDashboard.DurabilityProbe <data folder> [max writes]
// Saves one jurisdiction per iteration through the real services and prints "ack <code>" only after
// the write has returned, so every acknowledged code must survive the process being killed.
//        ComplianceDashboard.DurabilityProbe drill <data folder> <iterations> [result.json]
// Runs the crash drill (CrashDrill): kills a child running "work" at random moments and checks the store each time.
if (args.Length >= 3 && args[0] == "drill")
{
    var iterations = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var self = typeof(CrashDrill).Assembly.Location;
    var report = CrashDrill.Run(args[1], iterations, seed: Environment.TickCount, (folder, first, seed) =>
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(self);
        foreach (var a in new[] { "work", folder, $"{first}", $"{seed}" }) start.ArgumentList.Add(a);
        return start;
    }, Console.Out);
    Console.WriteLine(report.ToJson());
    if (args.Length >= 4) File.WriteAllText(args[3], report.ToJson());
    return report.Clean ? 0 : 1;
}
if (args.Length == 4 && args[0] == "work")
    return CrashDrill.Work(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), new LineFlushingWriter(Console.Out));
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("Usage: ComplianceDashboard.DurabilityProbe <data folder> [max writes]");
    return 64;
}
var maxWrites = args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;

LiteDbStore store;
try
{
    store = LiteDbStore.Open(new StoreOptions(args[0], DemoMode: false), TimeProvider.System);
}
catch (StoreUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using (store)
using (var services = new ServiceCollection().AddComplianceCore().AddLiteDbStorage(store).BuildServiceProvider())
{
    var jurisdictions = services.GetRequiredService<JurisdictionService>();
    var template = JurisdictionDetails.From(JurisdictionPresets.Find("EU")!);
    var first = jurisdictions.All().Count + 1;
    for (var n = first; n < first + maxWrites; n++)
    {
        var code = $"P{n:D7}";
        var created = jurisdictions.Create(Actor.CommandLine, template with { Code = code, Name = $"Probe {n}" });
        if (!created.Succeeded)
        {
            Console.Error.WriteLine($"Write {code} failed: {created.Failure!.Message}");
            return 1;
        }
        Console.Out.WriteLine($"ack {code}");
        Console.Out.Flush();
    }
}
return 0;

