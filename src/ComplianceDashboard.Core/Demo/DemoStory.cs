using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Demo;

/// <summary>
/// The demo story's calendar (DESIGN decision 9): it ends yesterday and starts <see cref="Days"/> days earlier, when the
/// first notices went out; the store and its users were set up <see cref="SetUpDaysBeforeStart"/> days before that.
/// </summary>
public static class DemoStory
{
    public const int Days = 190;
    public const int SetUpDaysBeforeStart = 45;

    /// <summary>The story's last day, yesterday (midnight UTC).</summary>
    public static DateTime End(DateTime nowUtc) => DateTime.SpecifyKind(nowUtc.Date.AddDays(-1), DateTimeKind.Utc);

    /// <summary>Day 0 of the story (midnight UTC): the first notices.</summary>
    public static DateTime Start(DateTime end) => end.AddDays(-Days);

    /// <summary>When a demo store was created, as a real programme's would have been: before anything in the story was recorded.</summary>
    public static DateTime StoreCreatedAt(DateTime nowUtc) => Start(End(nowUtc)).AddDays(-SetUpDaysBeforeStart).AddHours(8);
}

/// <summary>
/// The demo's audit entries, each at the story time its record was made, appended in time order at the end of the seeding
/// write: the records are saved in whatever order the seeding goes, the chain's times never go backwards.
/// </summary>
public sealed class DemoJournal
{
    private readonly List<(DateTime At, string Action, string EntityType, string EntityId, string Summary)> _entries = [];

    public void Record(DateTime at, string action, string entityType, string entityId, string summary) =>
        _entries.Add((at, action, entityType, entityId, summary));

    /// <summary>Appends every recorded entry, oldest first (a stable order for entries of the same time). Inside the caller's write.</summary>
    public void AppendTo(IAuditLog audit)
    {
        foreach (var e in _entries.OrderBy(e => e.At))
            audit.Append(Actor.System, e.Action, e.EntityType, e.EntityId, e.Summary, e.At);
        _entries.Clear();
    }
}
