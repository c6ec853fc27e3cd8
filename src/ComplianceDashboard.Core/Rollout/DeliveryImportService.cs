using System.Text;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>What an accepted delivery file changed.</summary>
public sealed record DeliveryImportSummary(int Inserted, int Replaced, int Unchanged)
{
    public int Rows => Inserted + Replaced + Unchanged;
}

/// <summary>The outcome of an import: a summary, or every error found (and nothing written).</summary>
public sealed record DeliveryImportOutcome(DeliveryImportSummary? Summary, IReadOnlyList<ImportError> Errors)
{
    public bool Accepted => Summary is not null;
}

/// <summary>
/// Imports daily delivery figures atomically and idempotently: the whole file is validated first, then
/// applied in one transaction; re-sending a key replaces its row and the batch's audit entry records the
/// previous values.
/// </summary>
public sealed class DeliveryImportService(ICampaignRepository campaigns, IDeliveryStatsRepository stats, IAuditLog audit, IUnitOfWork store,
    RequestBudget? budget = null)
{
    private readonly RequestBudget _budget = budget ?? RequestBudget.Defaults;

    public const string EntityType = "DeliveryStats";

    public Result<DeliveryImportOutcome> Import(Actor actor, byte[] content, string source)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        var (rows, errors) = DeliveryStatsCsv.Parse(content, new Reference(campaigns), _budget);
        if (errors.Count > 0) return new DeliveryImportOutcome(null, errors);

        return store.Write<DeliveryImportOutcome>(() =>
        {
            int inserted = 0, replaced = 0, unchanged = 0;
            var previous = new StringBuilder();
            foreach (var (line, row) in rows)
            {
                var existing = stats.Find(row.Id);
                if (existing is null) inserted++;
                else if (existing.SameCounts(row)) { unchanged++; continue; }
                else
                {
                    replaced++;
                    previous.Append($"; replaced {row.Id} (line {line}), previously {existing.DescribeCounts()}");
                }
                stats.Upsert(row);
            }
            var summary = new DeliveryImportSummary(inserted, replaced, unchanged);
            var campaignsTouched = string.Join(", ", rows.Select(r => r.Row.CampaignId).Distinct().Order(StringComparer.Ordinal));
            var days = rows.Select(r => r.Row.Date).ToList();
            audit.Append(actor, "rollout.delivery-stats-imported", EntityType, campaignsTouched,
                $"Imported {summary.Rows} rows from {source} for {campaignsTouched}, {days.Min():yyyy-MM-dd} to {days.Max():yyyy-MM-dd}: " +
                $"{inserted} inserted, {replaced} replaced, {unchanged} unchanged{previous}");
            return new DeliveryImportOutcome(summary, []);
        });
    }

    private sealed class Reference(ICampaignRepository campaigns) : IDeliveryReferenceData
    {
        private readonly Dictionary<string, Campaign?> _campaigns = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _cohorts = new(StringComparer.Ordinal);

        public Campaign? Campaign(string code)
        {
            if (!_campaigns.TryGetValue(code, out var campaign))
                _campaigns[code] = campaign = campaigns.Find(code);
            return campaign;
        }

        public bool HasCohort(string campaignId, string cohortCode)
        {
            if (!_cohorts.TryGetValue(campaignId, out var codes))
                _cohorts[campaignId] = codes = campaigns.CohortsOf(campaignId).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
            return codes.Contains(cohortCode);
        }
    }
}
