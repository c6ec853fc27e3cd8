using Bunit;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Pages.Compliance;

namespace ComplianceDashboard.Web.Tests.Components;

/// <summary>Areas not built yet say so plainly instead of showing invented numbers.</summary>
public sealed class NotYetAvailableTests : ComponentTestBase
{
    public NotYetAvailableTests()
    {
        SignInAs(Role.ComplianceOfficer);
        SeedDemoProgramme();
    }

    public static TheoryData<Type> Pages => new(
        typeof(CompliancePage));

    [Theory]
    [MemberData(nameof(Pages))]
    public void APlannedArea_SaysNotYetAvailable_AndShowsNoNumbers(Type page)
    {
        var rendered = Context.Render(builder =>
        {
            builder.OpenComponent(0, page);
            builder.CloseComponent();
        });

        var notice = rendered.Find("[aria-label='Not yet available']");
        Assert.Contains("Not yet available.", notice.TextContent);
        var text = string.Concat(rendered.Nodes.Select(n => n.TextContent));
        Assert.DoesNotContain(text, char.IsDigit);
        Assert.Empty(rendered.FindAll("table, svg.mud-chart, .mud-chart"));
    }
}
