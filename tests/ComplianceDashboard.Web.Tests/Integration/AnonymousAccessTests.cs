using System.Net;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class AnonymousAccessTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Health_Answers200_WithoutSigningIn()
    {
        using var response = await factory.CreateBrowser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ok\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/jurisdictions")]
    [InlineData("/audit")]
    [InlineData("/administration")]
    public async Task APage_RedirectsAnAnonymousVisitorToSignIn_WithTheReturnUrl(string path)
    {
        using var response = await factory.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost"), response.RedirectTarget());
        Assert.Equal("/signin", target.AbsolutePath);
        var query = QueryHelpers.ParseQuery(target.Query);
        var returnUrl = query.FirstOrDefault(q => q.Key.Equals("returnUrl", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        Assert.Equal(path, returnUrl);
    }

    [Fact]
    public async Task TheSignInPage_CarriesTheReturnUrlIntoItsForm()
    {
        var page = await factory.CreateBrowser().GetPageAsync("/signin?ReturnUrl=%2Faudit");

        var form = Assert.Single(page.Forms, f => f.GetAttribute("action") == "/account/signin");
        Assert.Equal("/audit", form.QuerySelector("input[name=returnUrl]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task TheApi_Answers401_ToAnAnonymousCaller_InsteadOfRedirecting()
    {
        using var response = await factory.CreateBrowser().GetAsync("/api/v1/jurisdictions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
