using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Rollout;

internal sealed class PostgresRegulatorLogRepository(PostgresStore store) : IRegulatorLogRepository
{
    private readonly AggregateTable<RegulatorInteraction> _interactions = AggregateTables.RegulatorInteractions(store);
    private readonly AggregateTable<RegulatorCommitment> _commitments = AggregateTables.RegulatorCommitments(store);

    public IReadOnlyList<RegulatorInteraction> InteractionsOf(string jurisdictionCode) => _interactions.Where("jurisdiction = $1", "id", jurisdictionCode);
    public Result<RegulatorInteraction> Save(RegulatorInteraction interaction) => _interactions.Save(interaction, "Regulator interaction");

    public RegulatorCommitment? FindCommitment(string id) => _commitments.Find(id);
    public IReadOnlyList<RegulatorCommitment> CommitmentsOf(string jurisdictionCode) => _commitments.Where("jurisdiction = $1", "id", jurisdictionCode);
    public IReadOnlyList<RegulatorInteraction> AllInteractions() => _interactions.All();
    public IReadOnlyList<RegulatorCommitment> AllCommitments() => _commitments.All();
    public Result<RegulatorCommitment> Save(RegulatorCommitment commitment) => _commitments.Save(commitment, "Regulator commitment");
}
