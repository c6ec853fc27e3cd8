using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Rollout;

internal sealed class LiteDbRegulatorLogRepository : IRegulatorLogRepository
{
    private readonly AggregateCollection<RegulatorInteraction> _interactions;
    private readonly AggregateCollection<RegulatorCommitment> _commitments;

    public LiteDbRegulatorLogRepository(LiteDbStore store)
    {
        _interactions = new AggregateCollection<RegulatorInteraction>(store, "regulator_interactions");
        _interactions.Collection.EnsureIndex(i => i.JurisdictionCode);
        _commitments = new AggregateCollection<RegulatorCommitment>(store, "regulator_commitments");
        _commitments.Collection.EnsureIndex(c => c.JurisdictionCode);
    }

    public IReadOnlyList<RegulatorInteraction> InteractionsOf(string jurisdictionCode) =>
        _interactions.Collection.Find(i => i.JurisdictionCode == jurisdictionCode).ToList();

    public Result<RegulatorInteraction> Save(RegulatorInteraction interaction) => _interactions.Save(interaction, "Regulator interaction");

    public RegulatorCommitment? FindCommitment(string id) => _commitments.Find(id);

    public IReadOnlyList<RegulatorCommitment> CommitmentsOf(string jurisdictionCode) =>
        _commitments.Collection.Find(c => c.JurisdictionCode == jurisdictionCode).ToList();

    public IReadOnlyList<RegulatorInteraction> AllInteractions() => [.. _interactions.All().OrderBy(i => i.Id, StringComparer.Ordinal)];

    public IReadOnlyList<RegulatorCommitment> AllCommitments() => [.. _commitments.All().OrderBy(c => c.Id, StringComparer.Ordinal)];

    public Result<RegulatorCommitment> Save(RegulatorCommitment commitment) => _commitments.Save(commitment, "Regulator commitment");
}
