using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Jurisdictions;

internal sealed class PostgresJurisdictionRepository(PostgresStore store) : IJurisdictionRepository
{
    private readonly AggregateTable<Jurisdiction> _jurisdictions = AggregateTables.Jurisdictions(store);

    public Jurisdiction? Find(string code) => _jurisdictions.Find(code);
    public IReadOnlyList<Jurisdiction> All() => _jurisdictions.All();
    public Result<Jurisdiction> Save(Jurisdiction jurisdiction) => _jurisdictions.Save(jurisdiction, "Jurisdiction");
}
