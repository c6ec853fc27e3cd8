using ComplianceDashboard.Core.Objections;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>Checks 8–10: answered within the legal limit, honoured before training, refusals with grounds. Never scans the objections.</summary>
internal sealed class ObjectionChecks(IObjectionRepository objections) : ICheckGroup
{
    public const double WithinLimitThreshold = 0.99;

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.ObjectionsWithinLegalLimit.Id] = WithinLimit,
        [CheckCatalogue.ObjectionsHonouredBeforeTraining.Id] = HonouredBeforeTraining,
        [CheckCatalogue.RefusalsHaveGrounds.Id] = RefusalsHaveGrounds,
    };

    /// <summary>The jurisdiction's day rollups up to T's day (events count on the day they happened; day granularity).</summary>
    internal static IEnumerable<ObjectionRollup> RollupsUpTo(IObjectionRepository objections, string jurisdiction, DateOnly day) =>
        objections.Snapshot().Rollups.Where(r => r.Jurisdiction == jurisdiction && r.Day <= day);

    private CheckResult WithinLimit(CheckContext ctx)
    {
        var check = CheckCatalogue.ObjectionsWithinLegalLimit;
        long answered = 0, within = 0;
        foreach (var r in RollupsUpTo(objections, ctx.Code, ctx.Day))
        {
            answered += r.Honoured + r.Refused;
            within += r.AnsweredWithinLimit;
        }
        var overdue = objections.OverdueAt(ctx.Code, ctx.AsOf);
        double? share = answered == 0 ? null : (double)within / answered;
        var measured = (share is { } s ? $"{Percent(s)} within limit ({Count(within)} of {Count(answered)})" : "None answered yet") + $"; {Count(overdue.Count)} overdue";
        const string threshold = "≥ 99 % within the limit and 0 overdue";
        var problems = new List<string>();
        if (share < WithinLimitThreshold) problems.Add($"only {Percent(share.Value)} of the objections answered by {Date(ctx.Day)} were answered within their legal limit");
        if (overdue.Count > 0)
            problems.Add($"{Count(overdue.Count)} open objection(s) were past their due date on {Date(ctx.Day)} (oldest due {Date(overdue.Min(o => o.DueDate))})");
        return problems.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold, "Objections are answered within their legal limit and none is overdue.", ObjectionsLink)
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold, Capitalise(string.Join("; ", problems)) + ".", ObjectionsLink);
    }

    /// <summary>S is the actual training start when it is set and not after T, otherwise T: everything received before S was resolved before S.</summary>
    private CheckResult HonouredBeforeTraining(CheckContext ctx)
    {
        var check = CheckCatalogue.ObjectionsHonouredBeforeTraining;
        var actual = ctx.Jurisdiction.ActualTrainingStart?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var started = actual is { } a && a <= ctx.AsOf;
        var s = started ? actual!.Value : ctx.AsOf;
        var threshold = "0 open at " + (started ? $"the training start ({Date(DateOnly.FromDateTime(s))})" : "T");
        // Received strictly before S and not resolved strictly before S: open as of the millisecond before S.
        var open = objections.OpenCountAt(ctx.Code, s.AddMilliseconds(-1));
        if (open == 0)
            return ctx.Result(check, CheckOutcome.Pass, "0 open", threshold,
                $"Every objection received before {Date(s)} was resolved before it.", ObjectionsLink);
        // Examples from the objections still open now (the usual case); ones resolved since are counted, not listed.
        // Not with the recorded-by-T cut: which objections are still open now changes after T, the evaluation as of T must not.
        var sDay = DateOnly.FromDateTime(s);
        List<string> examples = ctx.Cut == AsOfCut.RecordedByT ? [] : objections.Snapshot().Open.Where(o => o.Jurisdiction == ctx.Code && o.ReceivedDay < sDay)
            .OrderBy(o => o.ReceivedDay).Take(3).Select(o => o.Id).ToList();
        return ctx.Result(check, CheckOutcome.Fail, $"{Count(open)} open", threshold,
            $"{Count(open)} objection(s) received before {Date(s)} were not resolved before it" +
            (examples.Count > 0 ? $", e.g. {string.Join(", ", examples)}." : "."), ObjectionsLink);
    }

    private CheckResult RefusalsHaveGrounds(CheckContext ctx)
    {
        var check = CheckCatalogue.RefusalsHaveGrounds;
        var refusals = objections.RefusedBy(ctx.Code, ctx.AsOf);
        var without = refusals.Where(o => string.IsNullOrWhiteSpace(o.RefusalGrounds)).Select(o => o.Id).ToList();
        var measured = $"{Count(without.Count)} of {Count(refusals.Count)} refusals without grounds";
        return without.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, "0 without grounds",
                refusals.Count == 0 ? $"No objection was refused by {Date(ctx.Day)}." : "Every refusal states its grounds.", ObjectionsLink)
            : ctx.Result(check, CheckOutcome.Fail, measured, "0 without grounds", $"Refused without grounds: {List(without)}.", ObjectionsLink);
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
