using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Evidence;

/// <summary>The controller named on every pack's cover (configuration "ComplianceDashboard:Controller").</summary>
public sealed record EvidencePackOptions(string Controller = "The controller (set ComplianceDashboard:Controller)");

/// <summary>Collects what a pack prints from the stores, as of the pack's as-of time, following <see cref="PackCut"/>. Read-only.</summary>
public sealed class EvidenceSnapshotBuilder(
    IJurisdictionRepository jurisdictions, IAssessmentRepository assessments, ICampaignRepository campaigns,
    IDeliveryStatsRepository deliveries, IObjectionRepository objections, IRegulatorLogRepository regulatorLog,
    IAuditLog audit, IComplianceRunRepository runs, ITrainingRunRepository trainingRuns, IGateOverrideRepository gateOverrides, IStoreInfo storeInfo,
    IComplianceEvaluator evaluator, EvidencePackOptions options, Complaints.IComplaintRepository complaints, Complaints.ComplaintOptions complaintOptions)
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The snapshot for valid parameters (the caller validated them), or null when the jurisdiction does not exist.</summary>
    public EvidenceSnapshot? Build(PackParameters parameters)
    {
        var code = parameters.Jurisdiction;
        if (jurisdictions.Find(code) is not { } jurisdiction) return null;
        var asOf = parameters.AsOf;
        var asOfDay = DateOnly.FromDateTime(asOf);
        var start = parameters.PeriodStartUtc();
        var end = parameters.PeriodEndUtc();
        var endDay = DateOnly.FromDateTime(end);

        var history = jurisdiction.StateHistory.Where(s => s.At <= asOf).ToArray();
        jurisdiction = jurisdiction with
        {
            StateHistory = history,
            State = history.Length > 0 ? history[^1].To : jurisdiction.StateHistory.FirstOrDefault()?.From ?? jurisdiction.State,
        };

        var lia = LiaAt(code, asOf);
        // Campaigns, notices and cohorts by the time they were recorded; delivery rows by their day, for the campaigns kept.
        var allCampaigns = campaigns.All().Where(c => c.JurisdictionCode == code).OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var ownCampaigns = allCampaigns.Where(c => c.CreatedAt <= asOf).ToArray();
        var allNotices = allCampaigns.SelectMany(c => campaigns.NoticesOf(c.Id)).Where(n => n.EffectiveFrom <= endDay).ToArray();
        var notices = allNotices.Where(n => n.CreatedAt <= asOf && ownCampaigns.Any(c => c.Id == n.CampaignId))
            .OrderBy(n => n.CampaignId, StringComparer.Ordinal).ThenBy(n => n.EffectiveFrom).ThenBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var allCohorts = allCampaigns.SelectMany(c => campaigns.CohortsOf(c.Id)).ToArray();
        var cohorts = allCohorts.Where(c => c.CreatedAt <= asOf && ownCampaigns.Any(k => k.Id == c.CampaignId)).ToList();
        var rows = ownCampaigns.SelectMany(c => deliveries.OfCampaign(c.Id)).Where(r => r.Date <= endDay).ToList();
        var rollout = RolloutMetrics.Compute(ownCampaigns, cohorts, rows, _ => jurisdiction.ActualTrainingStart ?? jurisdiction.PlannedTrainingStart,
            new RolloutFilter(JurisdictionCode: code, From: parameters.PeriodFrom, To: endDay));
        var objectionSnapshot = objections.Snapshot();
        var inPeriod = ObjectionMetricsCalculator.Compute(objectionSnapshot,
            new ObjectionFilter(Jurisdiction: code, From: parameters.PeriodFrom, To: endDay), asOfDay, rollout.Funnel.Displayed);
        // The backlog is every open objection at the as-of date, whenever it was received, as check 8 counts it.
        var open = ObjectionMetricsCalculator.Compute(objectionSnapshot, new ObjectionFilter(Jurisdiction: code), asOfDay);
        var objectionMetrics = inPeriod with
        {
            Pending = open.Pending, OverdueNow = open.OverdueNow, DueWithin7Days = open.DueWithin7Days, Backlog = open.Backlog,
        };

        // The same whole days the figures count (the as-of day counts whole), so each list matches its count.
        var refusals = objections.RefusedOnDays(code, parameters.PeriodFrom, endDay).Select(o => new PackRefusal
        {
            ObjectionId = o.Id, Platform = o.Platform, Channel = o.Channel, ReceivedAt = o.ReceivedAt, RefusedAt = o.ResolvedAt!.Value,
            DueDate = o.DueDate, WithinLegalLimit = o.WithinLegalLimit == true, Grounds = o.RefusalGrounds ?? "",
        }).ToArray();
        var extensions = objections.ExtendedOnDays(code, parameters.PeriodFrom, endDay).Select(o => new PackExtension
        {
            ObjectionId = o.Id, Platform = o.Platform, Channel = o.Channel, ReceivedAt = o.ReceivedAt, NotifiedAt = o.ExtensionNotifiedAt!.Value,
            DueDate = o.DueDate, Reason = o.ExtensionReason ?? "",
        }).ToArray();

        var interactions = regulatorLog.InteractionsOf(code).Where(i => i.RecordedAt <= asOf)
            .OrderBy(i => i.Date).ThenBy(i => i.RecordedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToArray();
        var commitments = regulatorLog.CommitmentsOf(code).Where(c => c.RecordedAt <= asOf)
            .OrderBy(c => c.MadeOn).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var latestRun = runs.History(code, Epoch, asOf).LastOrDefault();
        // No monitoring on record at the as-of time: evaluate the checks as of it, with the same cut, so the asks are rated.
        var retrospective = latestRun is null ? new ComplianceRun
        {
            Id = $"retrospective-{code}", Jurisdiction = code, AsOf = asOf, RanAt = asOf, Trigger = RunTrigger.OnDemand,
            RanBy = "this pack (retrospective evaluation)", Results = [.. evaluator.Evaluate(code, asOf, AsOfCut.RecordedByT)],
        } : null;
        var runHistory = runs.History(code, start, end).ToArray();
        var training = trainingRuns.ForJurisdiction(code).Where(t => t.RegisteredAt <= asOf)
            .OrderBy(t => t.RegisteredAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToArray();

        var overrides = gateOverrides.ForJurisdiction(code)
            .Where(o => o.WasInForceDuring(start, end < asOf ? end : asOf))
            // An end after the as-of time had not happened yet as of it.
            .Select(o => o.EndedAt > asOf ? o with { EndedAt = null, EndedBy = "", EndReason = "" } : o)
            .ToArray();

        var related = new HashSet<string>(StringComparer.Ordinal) { code };
        related.UnionWith(assessments.All().Where(a => a.Versions.Any(v => v.Jurisdictions.Contains(code))).Select(a => a.Id));
        related.UnionWith(ownCampaigns.Select(c => c.Id));
        related.UnionWith(cohorts.Select(c => c.Id));
        related.UnionWith(notices.Select(n => n.Id));
        related.UnionWith(interactions.Select(i => i.Id));
        related.UnionWith(commitments.Select(c => c.Id));
        related.UnionWith(runHistory.Select(r => r.Id));
        related.UnionWith(training.Select(t => t.Id));
        related.UnionWith(overrides.Select(o => o.Id));
        var (extract, head) = Audit(code, related, start, end, asOf);

        var leftOutCampaigns = allCampaigns.Where(c => c.CreatedAt > asOf && c.FirstDay <= endDay).ToArray();
        PackLeftOut[] leftOut =
        [
            new() { Records = "campaigns", Record = "campaign", Count = leftOutCampaigns.Length },
            new() { Records = "notice versions", Record = "notice version", Count = allNotices.Length - notices.Length },
            new() { Records = "cohorts", Record = "cohort", Count = allCohorts.Count(c => c.SendFrom <= endDay && !cohorts.Contains(c)) },
            new()
            {
                Records = "daily delivery rows of those campaigns", Record = "daily delivery row of those campaigns",
                Count = leftOutCampaigns.Sum(c => deliveries.OfCampaign(c.Id).Count(r => r.Date >= parameters.PeriodFrom && r.Date <= endDay)),
            },
            new()
            {
                Records = "regulator interactions", Record = "regulator interaction",
                Count = regulatorLog.InteractionsOf(code).Count(i => i.RecordedAt > asOf && i.Date <= endDay),
            },
            new() { Records = "commitments", Record = "commitment", Count = regulatorLog.CommitmentsOf(code).Count(c => c.RecordedAt > asOf && c.MadeOn <= endDay) },
        ];
        leftOut = [.. leftOut.Where(l => l.Count > 0)];

        return new EvidenceSnapshot
        {
            Parameters = parameters,
            Controller = options.Controller,
            Demo = storeInfo.Info.Mode == StoreMode.Demo,
            Jurisdiction = jurisdiction,
            Lia = lia,
            Campaigns = ownCampaigns,
            Notices = notices,
            Rollout = rollout,
            Objections = objectionMetrics,
            Refusals = refusals,
            Extensions = extensions,
            Interactions = interactions,
            Commitments = commitments,
            AuditExtract = extract,
            LatestRun = latestRun,
            RetrospectiveRun = retrospective,
            RunHistory = runHistory,
            TrainingRuns = training,
            GateOverrides = overrides,
            ChainHead = head,
            LeftOut = leftOut.Length > 0 ? leftOut : null,
            Complaints = ComplaintsAt(code, parameters.PeriodFrom, endDay, asOf),
        };
    }

    /// <summary>The jurisdiction's complaints as they stood at <paramref name="asOf"/>, or null when it had none by then.</summary>
    private PackComplaints? ComplaintsAt(string code, DateOnly from, DateOnly to, DateTime asOf)
    {
        var known = complaints.All().Where(c => c.Jurisdiction == code).Select(c => c.AsOf(asOf)).OfType<Complaints.Complaint>()
            .OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        if (known.Count == 0) return null;
        var day = DateOnly.FromDateTime(asOf);
        var filter = new Complaints.ComplaintFilter(Jurisdiction: code, From: from, To: to);
        var policy = complaintOptions.PolicyFor(code);
        return new PackComplaints
        {
            Policy = policy.Describe(),
            Statutory = policy.Statutory,
            Figures = Complaints.ComplaintMetricsCalculator.Compute(known, filter, day),
            Overdue = known.Where(c => c.AcknowledgementOverdue(day)).OrderBy(c => c.AcknowledgementDue).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray(),
            Records = known.Where(filter.Matches).Select(c => c with { OutcomeSummary = null }).ToArray(),
        };
    }

    private LiaInForce? LiaAt(string code, DateTime asOf)
    {
        var approved = assessments.All()
            .SelectMany(a => a.Versions.Select(v => (Assessment: a, Version: v)))
            .Where(x => x.Version.Jurisdictions.Contains(code) && x.Version.ApprovedAt is { } at && at <= asOf
                        && x.Version.Status is AssessmentStatus.Approved or AssessmentStatus.Superseded)
            .OrderBy(x => x.Version.ApprovedAt).ThenBy(x => x.Assessment.Id, StringComparer.Ordinal).ThenBy(x => x.Version.Number)
            .ToList();
        if (approved.Count == 0) return null;
        var (assessment, version) = approved[^1];
        // What a reader saw at the as-of time: a later supersession is not yet known.
        var shown = version with { Status = AssessmentStatus.Approved, SupersededBy = null, History = version.History.Where(h => h.At <= asOf).ToArray() };
        var previous = approved.Take(approved.Count - 1).Where(x => x.Assessment.Id == assessment.Id).Select(x => x.Version).LastOrDefault();
        return new LiaInForce
        {
            AssessmentId = assessment.Id,
            OwnerName = assessment.OwnerName,
            Version = shown,
            PreviousNumber = previous?.Number,
            ChangesSincePrevious = previous is null ? [] : Changes(previous, version),
        };
    }

    private static string[] Changes(AssessmentVersion previous, AssessmentVersion current)
    {
        var diff = AssessmentDiff.Compare(previous, current);
        var lines = new List<string>();
        if (diff.TitleChanged) lines.Add($"Title changed from \"{previous.Title}\" to \"{current.Title}\".");
        if (diff.JurisdictionsChanged) lines.Add($"Jurisdictions changed from {string.Join(", ", previous.Jurisdictions)} to {string.Join(", ", current.Jurisdictions)}.");
        foreach (var q in diff.Changed)
        {
            var what = q.Change switch { ChangeKind.Added => "answered", ChangeKind.Removed => "answer removed", _ => "answer changed" };
            lines.Add($"{q.Question.Key} {q.Question.Text}: {what}" + (q.ValueChanged ? $" (recorded value: \"{q.LeftValue}\" → \"{q.RightValue}\")" : "") + ".");
        }
        return [.. lines];
    }

    private (AuditEntry[] Extract, ChainHead Head) Audit(string code, HashSet<string> related, DateTime start, DateTime end, DateTime asOf)
    {
        var word = new Regex($@"(?<![A-Za-z0-9]){Regex.Escape(code)}(?![A-Za-z0-9])", RegexOptions.CultureInvariant);
        var extract = new List<AuditEntry>();
        var head = ChainHead.Empty;
        var packPrefix = $"EP-{code}-";
        foreach (var entry in audit.ReadAll())
        {
            if (entry.At > asOf) break;
            head = new ChainHead(entry.Sequence, entry.Hash);
            if (entry.At < start || entry.At > end) continue;
            if (related.Contains(entry.EntityId) || entry.EntityId.StartsWith(packPrefix, StringComparison.Ordinal) || word.IsMatch(entry.Summary))
                extract.Add(entry);
        }
        return ([.. extract], head);
    }
}
