using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Compliance;

internal sealed class PostgresComplianceRunRepository(PostgresStore store) : IComplianceRunRepository
{
    private readonly AggregateTable<ComplianceRun> _runs = AggregateTables.ComplianceRuns(store);

    public Result<ComplianceRun> Save(ComplianceRun run) => _runs.Save(run, "Compliance run");

    public ComplianceRun? Latest(string jurisdiction) =>
        _runs.Where("jurisdiction = $1", "ran_at DESC, id DESC LIMIT 1", jurisdiction).SingleOrDefault();

    public IReadOnlyList<ComplianceRun> All() => _runs.All();

    public IReadOnlyList<ComplianceRun> History(string jurisdiction, DateTime from, DateTime to) =>
        _runs.Where("jurisdiction = $1 AND ran_at >= $2 AND ran_at <= $3", "ran_at, id", jurisdiction, from, to);
}

internal sealed class PostgresTrainingRunRepository(PostgresStore store) : ITrainingRunRepository
{
    private readonly AggregateTable<TrainingRun> _runs = AggregateTables.TrainingRuns(store);

    public TrainingRun? Find(string runId) => _runs.Find(runId);
    public IReadOnlyList<TrainingRun> ForJurisdiction(string jurisdiction) => _runs.Where("jurisdiction = $1", "registered_at, id", jurisdiction);
    public IReadOnlyList<TrainingRun> All() => _runs.All();
    public Result<TrainingRun> Save(TrainingRun run) => _runs.Save(run, "Training run");
}

internal sealed class PostgresGateOverrideRepository(PostgresStore store) : IGateOverrideRepository
{
    private readonly AggregateTable<GateOverride> _overrides = AggregateTables.GateOverrides(store);

    public GateOverride? Find(string id) => _overrides.Find(id);
    public IReadOnlyList<GateOverride> ForJurisdiction(string jurisdiction) => _overrides.Where("jurisdiction = $1", "opened_at, id", jurisdiction);
    public IReadOnlyList<GateOverride> All() => _overrides.All();
    public Result<GateOverride> Save(GateOverride gateOverride) => _overrides.Save(gateOverride, "Gate override");
}
