using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Demo;

/// <summary>
/// Seeds a few hundred demo UK complaints (s.164A DPA 2018), each from the person behind a demo objection and linked to it:
/// most acknowledged within days, a few acknowledged late, a handful overdue now, outcomes told for most, a few taken to the
/// ICO. Deterministic (seeded random), marked with batch id "demo", seeded once, after the objections.
/// </summary>
public sealed class DemoComplaints(IComplaintRepository complaints, IObjectionRepository objections, IAuditLog audit, IUnitOfWork store,
    ComplaintOptions options, DemoSize size)
{
    public const string BatchId = "demo";
    public const int MaxComplaints = 300;

    private static readonly string[] Summaries =
    [
        "Objection confirmed as honoured; the account is excluded from training datasets.",
        "Notice suppression fixed for the account; apology sent.",
        "Explained what the notice covers and how to object.",
        "Confirmed no content of the account was used in training.",
    ];

    /// <summary>How many complaints a demo of this size gets: a few hundred by default, fewer for the small demos of tests.</summary>
    public int Count => size.Objections <= 0 ? 0 : Math.Clamp(size.Objections / 100, 20, MaxComplaints);

    public static string Id(int i) => $"DEMO-C-UK-{i:D4}";

    /// <summary>Seeds the complaints unless they are already there; returns how many were added.</summary>
    public Result<int> Seed(DateTime storyEnd)
    {
        var count = Count;
        if (count == 0 || complaints.Find(Id(0)) is not null) return 0;
        var now = storyEnd.AddDays(1).AddMinutes(-1);
        var random = new Random(17);
        var sampleIds = Enumerable.Range(0, count * 3).Select(_ => $"DEMO-UK-{random.Next(0, size.Objections):D7}").Distinct().ToList();
        var sample = objections.FindMany(sampleIds).Values.Where(o => o.ReceivedAt < now.AddDays(-2)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        if (sample.Count == 0) return 0;
        // Objections old enough for a complaint received 31 to 45 days ago to follow them.
        var early = sample.Where(o => o.ReceivedAt < now.AddDays(-46)).ToList();
        var policy = options.PolicyFor("UK");
        var records = new List<Complaint>(count);
        for (var i = 0; i < count; i++)
        {
            // About one in twenty-five is a recent complaint nobody acknowledged: overdue now.
            var overdue = i % 25 == 7 && early.Count > 0;
            var objection = overdue ? early[random.Next(early.Count)] : sample[random.Next(sample.Count)];
            var received = Ms(overdue
                ? now.AddDays(-random.Next(31, 45)).AddMinutes(-random.Next(0, 1440))
                : objection.ReceivedAt.AddHours(random.Next(6, 24 * 30)));
            if (received > now) received = Ms(now.AddHours(-random.Next(1, 30)));
            var c = new Complaint
            {
                Id = Id(i),
                SubjectRef = objection.SubjectRef,
                Jurisdiction = "UK",
                Channel = random.NextDouble() switch { < 0.40 => ComplaintChannel.InAppForm, < 0.65 => ComplaintChannel.WebForm, < 0.85 => ComplaintChannel.Email, < 0.93 => ComplaintChannel.SocialMedia, < 0.97 => ComplaintChannel.Post, _ => ComplaintChannel.Phone },
                ReceivedAt = received,
                Category = objection.Status == ObjectionStatus.Refused ? ComplaintCategory.ObjectionNotHonoured : random.NextDouble() switch
                {
                    < 0.35 => ComplaintCategory.NotifiedAfterObjecting, < 0.55 => ComplaintCategory.ObjectionNotHonoured, < 0.75 => ComplaintCategory.NoticeUnclear,
                    < 0.90 => ComplaintCategory.TrainingOnMyData, < 0.95 => ComplaintCategory.Children, _ => ComplaintCategory.Other,
                },
                LinkedObjectionIds = [objection.Id],
                BatchId = BatchId,
                Version = 1,
            }.Decide(policy);
            if (!overdue) c = Handle(c, random, now);
            records.Add(c);
        }
        return store.Write<int>(() =>
        {
            var saved = complaints.Save(records, []);
            if (!saved.Succeeded) return saved.Failure!;
            // Recorded as a real programme would have: at the end of the story (yesterday), not at seeding time.
            audit.Append(Actor.System, "complaints.imported", ComplaintService.BatchEntityType, BatchId,
                $"Demo: seeded {records.Count} UK complaints linked to demo objections", now);
            return records.Count;
        });
    }

    /// <summary>What happened to a complaint by <paramref name="now"/>: acknowledgement, updates, outcome, escalation.</summary>
    private static Complaint Handle(Complaint c, Random random, DateTime now)
    {
        var roll = random.NextDouble();
        // Mostly within a few days; about 4 % late (after day 30); the rest not yet acknowledged (new, or overdue).
        var acknowledged = roll < 0.90 ? c.ReceivedAt.AddHours(random.Next(1, 24 * 5))
            : roll < 0.94 ? c.ReceivedAt.AddDays(random.Next(31, 40))
            : (DateTime?)null;
        if (acknowledged is null || acknowledged > now) return c;
        c = c with { AcknowledgedAt = Ms(acknowledged.Value) };
        var told = acknowledged.Value.AddDays(random.Next(5, 70));
        if (random.NextDouble() < 0.8 && told <= now)
        {
            var outcome = random.NextDouble() switch { < 0.50 => ComplaintOutcome.NotUpheld, < 0.75 => ComplaintOutcome.PartlyUpheld, < 0.90 => ComplaintOutcome.Upheld, _ => ComplaintOutcome.Withdrawn };
            c = c with { OutcomeAt = Ms(told), Outcome = outcome, OutcomeSummary = outcome == ComplaintOutcome.Withdrawn ? null : Summaries[random.Next(Summaries.Length)] };
            if (told.AddDays(10) <= now && random.NextDouble() < 0.06)
                c = c with { EscalatedAt = Ms(told.AddDays(random.Next(3, 10))), RegulatorReference = $"IC-{random.Next(100000, 999999)}-{(char)('A' + random.Next(26))}{random.Next(1, 9)}" };
        }
        else if (acknowledged.Value.AddDays(14) <= now)
        {
            c = c with { ProgressUpdatedAt = Ms(acknowledged.Value.AddDays(14)) };
        }
        return c;
    }

    private static DateTime Ms(DateTime t) => TimeProviderExtensions.TruncateToMs(t);
}
