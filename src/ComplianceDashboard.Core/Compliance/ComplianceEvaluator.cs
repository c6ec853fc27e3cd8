using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance.Checks;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>Evaluates the catalogue as of a moment from the repositories (semantics in docs/compliance.md). Read-only.</summary>
public sealed class ComplianceEvaluator : IComplianceEvaluator
{
    private readonly IJurisdictionRepository _jurisdictions;
    private readonly IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> _checks;

    public ComplianceEvaluator(
        IJurisdictionRepository jurisdictions, IAssessmentRepository assessments, ICampaignRepository campaigns,
        IDeliveryStatsRepository deliveryStats, IObjectionRepository objections, IAuditLog audit,
        IEnumerable<IRecordedChainHeads> recordedHeads, IRegulatorLogRepository regulatorLog,
        ITrainingRunRepository trainingRuns, IStoreInfo storeInfo, Complaints.IComplaintRepository complaints,
        AnonymityEvidencePolicy? anonymityEvidence = null)
    {
        _jurisdictions = jurisdictions;
        ICheckGroup[] groups =
        [
            new AssessmentChecks(assessments, trainingRuns, anonymityEvidence ?? new AnonymityEvidencePolicy()),
            new RolloutChecks(campaigns, deliveryStats),
            new ObjectionChecks(objections),
            new ProgrammeChecks(audit, recordedHeads, regulatorLog, trainingRuns, objections, storeInfo),
            new ComplaintChecks(complaints),
        ];
        _checks = groups.SelectMany(g => g.Checks).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (CheckCatalogue.All.FirstOrDefault(c => !_checks.ContainsKey(c.Id)) is { } missing)
            throw new InvalidOperationException($"Check {missing.Id} has no evaluation.");
    }

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf) => Evaluate(jurisdiction, asOf, CheckCatalogue.All);

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks) =>
        Evaluate(jurisdiction, asOf, checks, AsOfCut.EventsUpToT);

    public IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, AsOfCut cut) => Evaluate(jurisdiction, asOf, CheckCatalogue.All, cut);

    private IReadOnlyList<CheckResult> Evaluate(string jurisdiction, DateTime asOf, IEnumerable<CheckDefinition> checks, AsOfCut cut)
    {
        var at = TimeProviderExtensions.TruncateToMs(asOf.Kind == DateTimeKind.Local ? asOf.ToUniversalTime() : DateTime.SpecifyKind(asOf, DateTimeKind.Utc));
        var found = _jurisdictions.Find(jurisdiction);
        if (found is null)
            return checks.Select(c => new CheckResult
            {
                CheckId = c.Id, Jurisdiction = jurisdiction, AsOf = at, Outcome = CheckOutcome.Fail,
                Measured = "Unknown jurisdiction", Threshold = "", Explanation = $"Jurisdiction {jurisdiction} does not exist.",
            }).ToList();
        var context = new CheckContext(found, at, cut);
        return checks.Select(c => _checks[c.Id](context)).ToList();
    }
}
