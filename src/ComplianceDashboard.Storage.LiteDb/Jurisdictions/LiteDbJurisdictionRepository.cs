using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Jurisdictions;

internal sealed class LiteDbJurisdictionRepository(LiteDbStore store) : IJurisdictionRepository
{
    private readonly AggregateCollection<Jurisdiction> _jurisdictions = new(store, "jurisdictions");

    public Jurisdiction? Find(string code) => _jurisdictions.Find(code);
    public IReadOnlyList<Jurisdiction> All() => _jurisdictions.All();
    public Result<Jurisdiction> Save(Jurisdiction jurisdiction) => _jurisdictions.Save(jurisdiction, "Jurisdiction");
}
