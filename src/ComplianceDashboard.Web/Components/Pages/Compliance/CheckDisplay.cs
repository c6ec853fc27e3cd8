using ComplianceDashboard.Core.Compliance;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Compliance;

/// <summary>How the UI names and colours check outcomes and asks.</summary>
public static class CheckDisplay
{
    public static string Label(CheckOutcome? outcome) => outcome switch
    {
        CheckOutcome.Pass => "Pass",
        CheckOutcome.Warning => "Warning",
        CheckOutcome.Fail => "Fail",
        CheckOutcome.NotApplicable => "Not applicable",
        _ => "Not run",
    };

    public static Color Colour(CheckOutcome? outcome) => outcome switch
    {
        CheckOutcome.Pass => Color.Success,
        CheckOutcome.Warning => Color.Warning,
        CheckOutcome.Fail => Color.Error,
        _ => Color.Default,
    };

    public static string Icon(CheckOutcome? outcome) => outcome switch
    {
        CheckOutcome.Pass => Icons.Material.Filled.CheckCircle,
        CheckOutcome.Warning => Icons.Material.Filled.Warning,
        CheckOutcome.Fail => Icons.Material.Filled.Cancel,
        CheckOutcome.NotApplicable => Icons.Material.Filled.DoNotDisturbOn,
        _ => Icons.Material.Filled.HorizontalRule,
    };

    public static string Ask(RegulatorAsk ask) => ask switch
    {
        RegulatorAsk.Transparency => "Transparency",
        RegulatorAsk.SafeguardsBeforeTraining => "Safeguards before training",
        RegulatorAsk.RouteToObject => "Route to object",
        RegulatorAsk.OngoingCompliance => "Ongoing compliance",
        _ => ask.ToString(),
    };

    public static string Href(string jurisdiction, string checkId) =>
        $"/compliance/{Uri.EscapeDataString(jurisdiction)}/{Uri.EscapeDataString(checkId)}";
}
