using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>Reads the rollout: the funnel, coverage and objection windows for a filter.</summary>
public sealed class RolloutQueryService(ICampaignRepository campaigns, IDeliveryStatsRepository stats, IJurisdictionRepository jurisdictions)
{
    public Result<RolloutReport> Report(Actor actor, RolloutFilter filter)
    {
        if (actor.Require(Permission.ViewProgramme) is { } denied) return denied;
        var all = campaigns.All();
        var scope = all.Where(c => (filter.JurisdictionCode is null || c.JurisdictionCode == filter.JurisdictionCode)
                                   && (filter.CampaignId is null || c.Id == filter.CampaignId)).ToList();
        var cohorts = scope.SelectMany(c => campaigns.CohortsOf(c.Id)).ToList();
        var rows = scope.SelectMany(c => stats.OfCampaign(c.Id)).ToList();
        var starts = jurisdictions.All().ToDictionary(j => j.Code, j => j.ActualTrainingStart ?? j.PlannedTrainingStart, StringComparer.Ordinal);
        return RolloutMetrics.Compute(scope, cohorts, rows, code => starts.GetValueOrDefault(code), filter);
    }
}
