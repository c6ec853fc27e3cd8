using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using static ComplianceDashboard.Core.Compliance.Checks.CheckText;

namespace ComplianceDashboard.Core.Compliance.Checks;

/// <summary>Checks 11–14: the audit chain, regulator commitments, registered training runs and demo data.</summary>
internal sealed class ProgrammeChecks(
    IAuditLog audit, IEnumerable<IRecordedChainHeads> recordedHeads, IRegulatorLogRepository regulatorLog,
    ITrainingRunRepository trainingRuns, IObjectionRepository objections, IStoreInfo storeInfo) : ICheckGroup
{
    /// <summary>An open commitment with no progress this many days after it was made is no longer on track.</summary>
    public const int OpenCommitmentGraceDays = 30;

    public IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Checks => new Dictionary<string, Func<CheckContext, CheckResult>>
    {
        [CheckCatalogue.AuditChainIntact.Id] = AuditChainIntact,
        [CheckCatalogue.CommitmentsOnTrack.Id] = Commitments,
        [CheckCatalogue.NoObjectorInTrainingData.Id] = TrainingRuns,
        [CheckCatalogue.RealData.Id] = RealData,
    };

    /// <summary>
    /// Verifies the whole stored chain, whatever T: a rewrite after T of entries dated before T must show up in a past
    /// evaluation too. The measured count is the entries dated up to T. Shared by every jurisdiction of one evaluation.
    /// </summary>
    private CheckResult AuditChainIntact(CheckContext ctx)
    {
        var check = CheckCatalogue.AuditChainIntact;
        long upToT = 0;
        var heads = recordedHeads.SelectMany(h => h.Recorded()).ToList();
        var verification = AuditChain.Verify(audit.ReadAll().Select(e => { if (e.At <= ctx.AsOf) upToT++; return e; }), heads);
        const string threshold = "Intact, every recorded head on the chain";
        // Heads recorded after T (e.g. packs generated since) are verified but not counted when the cut leaves them out.
        var counted = heads.Count(h => h.RecordedAt is not { } at || ctx.Known(at));
        var measured = $"{Count(upToT)} entries up to T; {counted} recorded head(s)";
        return verification.Intact
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold,
                $"The stored chain verifies, including its {Count(upToT)} entries up to {Date(ctx.AsOf)}" + (counted > 0 ? ", and every recorded head is on it." : "."), AuditLink)
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold, verification.Describe() + ".", AuditLink);
    }

    /// <summary>Met by T, in progress, or open for less than <see cref="OpenCommitmentGraceDays"/> days; a commitment met after T was in progress at T.</summary>
    private CheckResult Commitments(CheckContext ctx)
    {
        var check = CheckCatalogue.CommitmentsOnTrack;
        var made = regulatorLog.CommitmentsOf(ctx.Code).Where(c => c.MadeOn <= ctx.Day && ctx.Known(c.RecordedAt) && c.Status != CommitmentStatus.Withdrawn).ToList();
        var met = made.Count(c => c.Status == CommitmentStatus.Met && c.MetOn <= ctx.Day);
        var stalled = made.Where(c => c.Status == CommitmentStatus.Open && ctx.Day.DayNumber - c.MadeOn.DayNumber > OpenCommitmentGraceDays).ToList();
        var measured = $"{met} met, {made.Count - met - stalled.Count} on track, {stalled.Count} stalled";
        var threshold = $"0 open for more than {OpenCommitmentGraceDays} days without progress";
        EvidenceLink[] links = [Jurisdiction(ctx.Code)];
        if (made.Count == 0)
            return ctx.Result(check, CheckOutcome.Pass, "No commitments", threshold, $"No commitment to the regulator had been made by {Date(ctx.Day)}.", links);
        return stalled.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold, $"All {made.Count} commitments are met or on track.", links)
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold,
                $"Not started: {List(stalled.Select(c => $"\"{c.Text}\" (made {Date(c.MadeOn)})"), 3)}.", links);
    }

    /// <summary>
    /// Each run registered by T found no objector after exclusion, and its suppression list is at least as long as the
    /// objections honoured up to its objection cut-off's day (from the day rollups).
    /// </summary>
    private CheckResult TrainingRuns(CheckContext ctx)
    {
        var check = CheckCatalogue.NoObjectorInTrainingData;
        const string threshold = "0 objectors found; suppression list ≥ honoured objections";
        var runs = trainingRuns.ForJurisdiction(ctx.Code).Where(r => r.RegisteredAt <= ctx.AsOf).ToList();
        EvidenceLink[] links = [Jurisdiction(ctx.Code), ObjectionsLink];
        if (runs.Count == 0)
            return ctx.Result(check, CheckOutcome.Pass, "No runs registered", threshold, $"No training run for {ctx.Code} was registered by {Date(ctx.AsOf)}.", links);
        var rollups = objections.Snapshot().Rollups.Where(r => r.Jurisdiction == ctx.Code).ToList();
        var problems = new List<string>();
        foreach (var run in runs)
        {
            var cutoff = DateOnly.FromDateTime(run.ObjectionCutoffAt);
            var honoured = rollups.Where(r => r.Day <= cutoff).Sum(r => r.Honoured);
            if (run.ObjectorsFoundAfterExclusion != 0)
                problems.Add($"run {run.RunId} found {Count(run.ObjectorsFoundAfterExclusion)} objector(s) in its dataset after exclusion");
            if (run.SuppressionListSize < honoured)
                problems.Add($"run {run.RunId} suppressed {Count(run.SuppressionListSize)} objectors but {Count(honoured)} objections were honoured by {Date(cutoff)}");
        }
        var measured = $"{runs.Count} run(s), {problems.Count} problem(s)";
        return problems.Count == 0
            ? ctx.Result(check, CheckOutcome.Pass, measured, threshold, $"Every registered run excluded every objector honoured by its cut-off.", links)
            : ctx.Result(check, CheckOutcome.Fail, measured, threshold, string.Join("; ", problems) + ".", links);
    }

    private CheckResult RealData(CheckContext ctx)
    {
        var check = CheckCatalogue.RealData;
        return storeInfo.Info.Mode == StoreMode.Demo
            ? ctx.Result(check, CheckOutcome.Warning, "Demo store", "Real store", "This store holds demonstration data: it can never go into a pack for a real regulator.")
            : ctx.Result(check, CheckOutcome.Pass, "Real store", "Real store", "This store holds the programme's real data.");
    }
}
