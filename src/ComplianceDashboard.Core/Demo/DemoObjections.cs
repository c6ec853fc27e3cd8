using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Demo;

/// <summary>How many demo UK objections to seed (<c>ComplianceDashboard:Demo:Objections</c>); EU gets a tenth, Brazil a twentieth.</summary>
public sealed record DemoSize(int Objections = DemoSize.DefaultObjections)
{
    public const int DefaultObjections = 200_000;
}

/// <summary>
/// Seeds the demo objections in one transaction: mostly honoured within days, a small overdue tail, a few
/// refusals with grounds, withdrawals, extensions and carried-over objectors, over the notification windows
/// of the demo story. Deterministic (seeded random), marked with batch id "demo", and seeded once.
/// </summary>
public sealed class DemoObjections(IObjectionRepository objections, IJurisdictionRepository jurisdictions, IAuditLog audit, IUnitOfWork store, DemoSize size)
{
    public const string BatchId = "demo";
    private static readonly string[] RefusalGrounds =
    [
        "Manifestly unfounded: the request concerns a different controller's processing",
        "Duplicate of an objection already honoured for the same account",
        "Could not verify that the requester holds the account",
    ];

    /// <summary>Seeds the objections unless they are already there; returns how many were added.</summary>
    public Result<int> Seed(DateTime storyEnd)
    {
        if (size.Objections <= 0 || objections.Find(Id("UK", 0)) is not null) return 0;
        var policies = jurisdictions.All().ToDictionary(j => j.Code, j => j.DeadlinePolicy);
        if (!policies.ContainsKey("UK")) return 0;
        var now = storyEnd.AddDays(1).AddMinutes(-1);
        var records = new List<Objection>(size.Objections * 23 / 20);
        Generate(records, "UK", size.Objections, policies["UK"], storyEnd, now, windows: [(0, 23), (120, 190)], seed: 1);
        if (policies.TryGetValue("EU", out var eu)) Generate(records, "EU", size.Objections / 10, eu, storyEnd, now, windows: [(0, 23)], seed: 2);
        if (policies.TryGetValue("BR", out var br)) Generate(records, "BR", size.Objections / 20, br, storyEnd, now, windows: [(10, 41)], seed: 3);
        var rollups = RollupDeltas.Recompute(records);
        return store.Write<int>(() =>
        {
            objections.Save(records, [], rollups);
            // Recorded at the end of the story (the last objections arrive then), after everything else the demo recorded.
            audit.Append(Actor.System, "objections.imported", ObjectionService.BatchEntityType, BatchId,
                $"Demo: seeded {records.Count} objections ({string.Join(", ", records.GroupBy(r => r.Jurisdiction).Select(g => $"{g.Key} {g.Count()}"))})", now);
            return records.Count;
        });
    }

    private static string Id(string jurisdiction, int i) => $"DEMO-{jurisdiction}-{i:D7}";

    private static void Generate(List<Objection> into, string jurisdiction, int count, DeadlinePolicy policy, DateTime end, DateTime now,
        (int From, int To)[] windows, int seed)
    {
        var random = new Random(seed);
        var start = DemoStory.Start(end);
        var days = windows.Sum(w => w.To - w.From);
        for (var i = 0; i < count; i++)
        {
            // Spread over the notification windows, busier at the start of each (the notices go out).
            var offset = (int)(Math.Pow(random.NextDouble(), 1.6) * days);
            var window = windows[0];
            foreach (var w in windows)
            {
                window = w;
                if (offset < w.To - w.From) break;
                offset -= w.To - w.From;
            }
            var received = TimeProviderExtensions.TruncateToMs(start.AddDays(window.From + offset).AddSeconds(random.Next(0, 86_400)));
            if (received > now) received = now.AddHours(-random.Next(1, 48));
            var o = new Objection
            {
                Id = Id(jurisdiction, i),
                SubjectRef = $"psn-{jurisdiction.ToLowerInvariant()}-{(uint)HashCode.Combine(seed, i):x8}",
                Jurisdiction = jurisdiction,
                Platform = random.NextDouble() < 0.62 ? Platform.Facebook : Platform.Instagram,
                Channel = random.NextDouble() switch { < 0.70 => ObjectionChannel.InAppForm, < 0.90 => ObjectionChannel.WebForm, < 0.96 => ObjectionChannel.Email, < 0.98 => ObjectionChannel.Verbal, _ => ObjectionChannel.Other },
                ReceivedAt = received,
                CarriedOver = random.NextDouble() < 0.08,
                BatchId = BatchId,
                Version = 1,
            };
            if (random.NextDouble() < 0.02) o = o with { ExtensionNotifiedAt = received.AddDays(random.Next(2, 20)), ExtensionReason = "Several linked accounts to trace" };
            var roll = random.NextDouble();
            // Most are honoured within days (log-normal, median about 30 hours); a small tail stays open past its due date.
            var hours = Math.Exp(Math.Log(30) + 0.9 * Normal(random));
            var resolved = TimeProviderExtensions.TruncateToMs(received.AddHours(hours));
            if (o.ExtensionNotifiedAt is { } ext && ext > now) o = o with { ExtensionNotifiedAt = null, ExtensionReason = null };
            if (roll < 0.004) { /* the overdue tail: left open */ }
            else if (roll < 0.0045) o = o with { Status = ObjectionStatus.Refused, ResolvedAt = resolved, RefusalGrounds = RefusalGrounds[random.Next(RefusalGrounds.Length)] };
            else if (roll < 0.015) o = o with { Status = ObjectionStatus.Withdrawn, ResolvedAt = resolved };
            else if (resolved <= now) o = o with { Status = ObjectionStatus.Honoured, ResolvedAt = resolved };
            o = o.Decide(policy);
            into.Add(o with
            {
                History = [new() { Status = ObjectionStatus.Received, At = o.ReceivedAt, By = "Demo data", Note = "Received" },
                    .. o.ResolvedAt is { } at ? [new ObjectionStatusChange { Status = o.Status, At = at, By = "Demo data", Note = o.RefusalGrounds ?? o.Status.ToString() }] : Array.Empty<ObjectionStatusChange>()],
            });
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
