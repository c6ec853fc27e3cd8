using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Rollout;

internal sealed class PostgresRegulatorLogRepository(PostgresStore store) : IRegulatorLogRepository
{
    private readonly AggregateTable<RegulatorInteraction> _interactions =
        new(store, "regulator_interactions", new IndexedColumn<RegulatorInteraction>("jurisdiction", i => i.JurisdictionCode));
    private readonly AggregateTable<RegulatorCommitment> _commitments =
        new(store, "regulator_commitments", new IndexedColumn<RegulatorCommitment>("jurisdiction", c => c.JurisdictionCode));

    public IReadOnlyList<RegulatorInteraction> InteractionsOf(string jurisdictionCode) => _interactions.Where("jurisdiction = $1", "id", jurisdictionCode);
    public Result<RegulatorInteraction> Save(RegulatorInteraction interaction) => _interactions.Save(interaction, "Regulator interaction");

    public RegulatorCommitment? FindCommitment(string id) => _commitments.Find(id);
    public IReadOnlyList<RegulatorCommitment> CommitmentsOf(string jurisdictionCode) => _commitments.Where("jurisdiction = $1", "id", jurisdictionCode);
    public Result<RegulatorCommitment> Save(RegulatorCommitment commitment) => _commitments.Save(commitment, "Regulator commitment");
}
