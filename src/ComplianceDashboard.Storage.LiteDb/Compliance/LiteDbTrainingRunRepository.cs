using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Compliance;

internal sealed class LiteDbTrainingRunRepository : ITrainingRunRepository
{
    private readonly AggregateCollection<TrainingRun> _runs;

    public LiteDbTrainingRunRepository(LiteDbStore store)
    {
        _runs = new AggregateCollection<TrainingRun>(store, "training_runs");
        _runs.Collection.EnsureIndex(r => r.Jurisdiction);
    }

    public TrainingRun? Find(string runId) => _runs.Find(runId);

    public IReadOnlyList<TrainingRun> ForJurisdiction(string jurisdiction) =>
        _runs.Collection.Find(r => r.Jurisdiction == jurisdiction).OrderBy(r => r.RegisteredAt).ToList();

    public IReadOnlyList<TrainingRun> All() => [.. _runs.All().OrderBy(r => r.Id, StringComparer.Ordinal)];

    public Result<TrainingRun> Save(TrainingRun run) => _runs.Save(run, "Training run");
}
