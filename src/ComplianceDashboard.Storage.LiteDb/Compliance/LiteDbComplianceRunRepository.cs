using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Compliance;

internal sealed class LiteDbComplianceRunRepository : IComplianceRunRepository
{
    private readonly AggregateCollection<ComplianceRun> _runs;

    public LiteDbComplianceRunRepository(LiteDbStore store)
    {
        _runs = new AggregateCollection<ComplianceRun>(store, "compliance_runs");
        _runs.Collection.EnsureIndex(r => r.Jurisdiction);
        _runs.Collection.EnsureIndex(r => r.RanAt);
    }

    public Result<ComplianceRun> Save(ComplianceRun run) => _runs.Save(run, "Compliance run");

    public ComplianceRun? Latest(string jurisdiction) =>
        _runs.Collection.Query().Where(r => r.Jurisdiction == jurisdiction).OrderByDescending(r => r.RanAt).FirstOrDefault();

    public IReadOnlyList<ComplianceRun> All() => [.. _runs.All().OrderBy(r => r.Id, StringComparer.Ordinal)];

    public IReadOnlyList<ComplianceRun> History(string jurisdiction, DateTime from, DateTime to) =>
        _runs.Collection.Query()
            .Where(r => r.RanAt >= from && r.RanAt <= to)
            .Where(r => r.Jurisdiction == jurisdiction)
            .OrderBy(r => r.RanAt)
            .ToList();
}
