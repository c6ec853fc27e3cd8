namespace ComplianceDashboard.Core.Compliance;

/// <summary>How long after a training run check 16 waits for anonymity tests of the model it produced (ComplianceDashboard:Compliance:AnonymityEvidenceDays).</summary>
public sealed record AnonymityEvidencePolicy(int DaysAfterRun = AnonymityEvidencePolicy.DefaultDays)
{
    public const int DefaultDays = 30;
}
