using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Web.Components.Pages.Rollout;

/// <summary>The editable copy of a campaign behind the campaign editor; the target is edited in percent.</summary>
public sealed class CampaignForm
{
    public string Code { get; set; } = "";
    public string? JurisdictionCode { get; set; }
    public Platform Platform { get; set; }
    public string Name { get; set; } = "";
    public CampaignStatus Status { get; set; }
    public DateTime? PlannedStart { get; set; }
    public DateTime? PlannedEnd { get; set; }
    public DateTime? ActualStart { get; set; }
    public DateTime? ActualEnd { get; set; }
    public int MinimumObjectionWindowDays { get; set; } = Campaign.DefaultMinimumObjectionWindowDays;
    public decimal CoverageTargetPercent { get; set; } = Percent(Campaign.DefaultCoverageTarget);

    public static CampaignForm From(Campaign c) => new()
    {
        Code = c.Code, JurisdictionCode = c.JurisdictionCode, Platform = c.Platform, Name = c.Name, Status = c.Status,
        PlannedStart = At(c.PlannedStart), PlannedEnd = At(c.PlannedEnd), ActualStart = At(c.ActualStart), ActualEnd = At(c.ActualEnd),
        MinimumObjectionWindowDays = c.MinimumObjectionWindowDays, CoverageTargetPercent = Percent(c.CoverageTarget),
    };

    /// <summary>The details to save, or what is missing before the service can judge the rest.</summary>
    public (CampaignDetails? Details, IReadOnlyList<string> Errors) ToDetails()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(JurisdictionCode)) errors.Add("Choose a jurisdiction.");
        if (PlannedStart is null) errors.Add("The planned start is required.");
        if (errors.Count > 0) return (null, errors);
        return (new CampaignDetails(Code, JurisdictionCode!, Platform, Name, Status, Day(PlannedStart)!.Value, Day(PlannedEnd), Day(ActualStart), Day(ActualEnd),
            MinimumObjectionWindowDays, CoverageTargetPercent / 100m), []);
    }

    /// <summary>0.95 as 95, without the trailing zeros decimal arithmetic keeps.</summary>
    private static decimal Percent(decimal share) => share * 100 / 1.0000000000000000000000000000m;

    internal static DateTime? At(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    internal static DateOnly? Day(DateTime? at) => at is { } t ? DateOnly.FromDateTime(t) : null;
}
