using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Jurisdictions;

/// <summary>Where the programme stands in a jurisdiction.</summary>
public enum ProgrammeState
{
    Planned,
    Notifying,
    Paused,
    Suspended,
    Training,
    Completed,
}

/// <summary>The data protection authority of a jurisdiction.</summary>
public sealed record Regulator
{
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
}

/// <summary>A dated move between programme states with its reason.</summary>
public sealed record StateChange
{
    public ProgrammeState From { get; init; }
    public ProgrammeState To { get; init; }
    public DateTime At { get; init; }
    public string By { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>A market the programme runs in, its regulator, law, deadline policy and state.</summary>
public sealed record Jurisdiction : Aggregate
{
    public string Code => Id;
    public string Name { get; init; } = "";
    public Regulator Regulator { get; init; } = new();
    public string GoverningLaw { get; init; } = "";
    public string LegalBasisArticle { get; init; } = "";
    public string ObjectionRightArticle { get; init; } = "";
    public DeadlinePolicy DeadlinePolicy { get; init; } = new();
    public DateOnly? PlannedTrainingStart { get; init; }
    public DateOnly? ActualTrainingStart { get; init; }
    public ProgrammeState State { get; init; }
    public StateChange[] StateHistory { get; init; } = [];
    public DateTime CreatedAt { get; init; }

    /// <summary>When the programme entered its current state, or null if it never moved.</summary>
    public DateTime? StateSince => StateHistory.Length == 0 ? null : StateHistory[^1].At;

    public string StateDescription => StateHistory.Length == 0 ? "" : StateHistory[^1].Reason;
}

/// <summary>Stores jurisdictions.</summary>
public interface IJurisdictionRepository
{
    Jurisdiction? Find(string code);
    IReadOnlyList<Jurisdiction> All();
    Result<Jurisdiction> Save(Jurisdiction jurisdiction);
}
