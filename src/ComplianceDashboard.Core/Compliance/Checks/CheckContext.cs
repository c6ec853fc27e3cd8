using System.Globalization;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>One evaluation: the jurisdiction, the as-of moment and what has been read for it so far (read once, shared by the checks).</summary>
internal sealed class CheckContext(Jurisdiction jurisdiction, DateTime asOf, AsOfCut cut = AsOfCut.EventsUpToT)
{
    private readonly Dictionary<string, object> _cache = [];

    public Jurisdiction Jurisdiction { get; } = jurisdiction;
    public string Code => Jurisdiction.Code;
    public DateTime AsOf { get; } = asOf;
    public AsOfCut Cut { get; } = cut;

    /// <summary>Whether a record with this recording time is read: always, unless the cut leaves out what was recorded after T.</summary>
    public bool Known(DateTime recordedAt) => Cut == AsOfCut.EventsUpToT || recordedAt <= AsOf;

    /// <summary>The UTC day of <see cref="AsOf"/>: the granularity of delivery rows and objection rollups.</summary>
    public DateOnly Day => DateOnly.FromDateTime(AsOf);

    /// <summary>The training start the checks measure against: the actual start once known, else the planned one.</summary>
    public DateOnly? TrainingStart => Jurisdiction.ActualTrainingStart ?? Jurisdiction.PlannedTrainingStart;

    public T Cached<T>(string key, Func<T> read) where T : notnull
    {
        if (_cache.TryGetValue(key, out var value)) return (T)value;
        var read1 = read();
        _cache[key] = read1;
        return read1;
    }

    public CheckResult Result(CheckDefinition check, CheckOutcome outcome, string measured, string threshold, string explanation, params EvidenceLink[] evidence) => new()
    {
        CheckId = check.Id,
        Jurisdiction = Code,
        AsOf = AsOf,
        Outcome = outcome,
        Measured = measured,
        Threshold = threshold,
        Explanation = explanation,
        Evidence = evidence,
    };
}

/// <summary>How the checks word dates, percentages and counts (en-GB, invariant digits).</summary>
internal static class CheckText
{
    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static string Date(DateTime d) => d.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.GetCultureInfo("en-GB"));

    public static string Percent(double share) => (share * 100).ToString("0.0#", CultureInfo.InvariantCulture) + " %";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string> items, int max = 5)
    {
        var all = items.ToList();
        return all.Count <= max ? string.Join(", ", all) : string.Join(", ", all.Take(max)) + $" and {all.Count - max} more";
    }

    public static CheckOutcome Worst(IEnumerable<CheckOutcome> outcomes) =>
        outcomes.DefaultIfEmpty(CheckOutcome.Pass).MaxBy(o => o.Severity());

    public static EvidenceLink Jurisdiction(string code) => new($"Jurisdiction {code}", $"/jurisdictions/{Uri.EscapeDataString(code)}");

    public static readonly EvidenceLink RolloutLink = new("Rollout", "/rollout");

    public static readonly EvidenceLink ObjectionsLink = new("Objections", "/objections");

    public static readonly EvidenceLink AuditLink = new("Audit log", "/audit");
}

/// <summary>A group of checks that read the same records.</summary>
internal interface ICheckGroup
{
    IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks { get; }
}
