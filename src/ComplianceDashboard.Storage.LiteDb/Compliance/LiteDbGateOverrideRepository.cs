using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Compliance;

internal sealed class LiteDbGateOverrideRepository : IGateOverrideRepository
{
    private readonly AggregateCollection<GateOverride> _overrides;

    public LiteDbGateOverrideRepository(LiteDbStore store)
    {
        _overrides = new AggregateCollection<GateOverride>(store, "gate_overrides");
        _overrides.Collection.EnsureIndex(o => o.Jurisdiction);
    }

    public GateOverride? Find(string id) => _overrides.Find(id);

    public IReadOnlyList<GateOverride> ForJurisdiction(string jurisdiction) =>
        _overrides.Collection.Find(o => o.Jurisdiction == jurisdiction).OrderBy(o => o.OpenedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<GateOverride> All() => [.. _overrides.All().OrderBy(o => o.Id, StringComparer.Ordinal)];

    public Result<GateOverride> Save(GateOverride gateOverride) => _overrides.Save(gateOverride, "Gate override");
}
