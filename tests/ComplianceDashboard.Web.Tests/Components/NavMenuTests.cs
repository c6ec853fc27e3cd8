using Bunit;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Components.Layout;

namespace ComplianceDashboard.Web.Tests.Components;

public sealed class NavMenuTests : ComponentTestBase
{
    private static readonly string[] Areas =
        ["Overview", "Jurisdictions", "Assessments", "Rollout", "Objections", "Complaints", "Compliance", "Evidence packs", "Audit log"];

    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(Roles))]
    public void ListsEveryArea_AndAdministrationOnlyForAnAdmin(Role role)
    {
        SignInAs(role);

        var menu = Context.Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        string[] expected = role == Role.Admin ? [.. Areas, "Administration"] : Areas;
        Assert.Equal(expected, links);
    }
}
