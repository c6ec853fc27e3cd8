namespace ComplianceDashboard.Core.Common;

/// <summary>A consistency boundary saved as a whole; <see cref="Version"/> guards against saving a stale copy.</summary>
public abstract record Aggregate
{
    public string Id { get; init; } = "";
    public int Version { get; init; }
}
