using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>A model training run registered by a training pipeline, with the objector suppression it applied.</summary>
public sealed record TrainingRun : Aggregate
{
    /// <summary>The pipeline's run id; also the record's id.</summary>
    public string RunId => Id;
    public string Jurisdiction { get; init; } = "";
    public string DatasetSnapshotId { get; init; } = "";

    /// <summary>The version of the model the run produced, when the pipeline reports it; check 16 looks for anonymity tests of it.</summary>
    public string ModelVersion { get; init; } = "";
    public DateTime DataCutoffAt { get; init; }
    public DateTime ObjectionCutoffAt { get; init; }

    /// <summary>SHA-256 (hex) of the suppression list of objectors excluded from the dataset.</summary>
    public string SuppressionListSha256 { get; init; } = "";
    public long SuppressionListSize { get; init; }

    /// <summary>Objectors still found in the dataset after exclusion; anything but 0 fails check 13.</summary>
    public long ObjectorsFoundAfterExclusion { get; init; }
    public DateTime RegisteredAt { get; init; }
    public string RegisteredBy { get; init; } = "";

    /// <summary>True when the run was registered while a gate override was in force.</summary>
    public bool UnderOverride { get; init; }
}

/// <summary>Stores registered training runs.</summary>
public interface ITrainingRunRepository
{
    TrainingRun? Find(string runId);
    IReadOnlyList<TrainingRun> ForJurisdiction(string jurisdiction);

    /// <summary>Every registered run, by id (moving a store).</summary>
    IReadOnlyList<TrainingRun> All();

    /// <summary>Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<TrainingRun> Save(TrainingRun run);
}
