using System.Net;
using AngleSharp.Html.Parser;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Tests.Hosting;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>The roles table (DESIGN.md) over HTTP, one signed-in demo account per role.</summary>
public sealed class RoleAccessTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryRole_CanOpenTheProgrammePages(Role role)
    {
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(role));

        foreach (var path in new[] { "/", "/jurisdictions", "/audit", "/assessments" })
        {
            using var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} got {(int)response.StatusCode} for {path}.");
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Administration_IsOpenToAdminsOnly_OthersAreSentToForbidden(Role role)
    {
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(role));

        using var response = await browser.GetAsync("/administration");

        if (role == Role.Admin)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal("Administration", page.QuerySelector("h1")?.TextContent.Trim());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/forbidden", response.RedirectTarget());
            var forbidden = await browser.GetPageAsync(response.RedirectTarget());
            Assert.Equal("Access denied", forbidden.QuerySelector("h1")?.TextContent.Trim());
        }
    }
}
