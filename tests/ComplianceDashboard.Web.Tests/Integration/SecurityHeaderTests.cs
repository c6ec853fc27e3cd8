using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class SecurityHeaderTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/health")]
    [InlineData("/api/v1/jurisdictions")]
    [InlineData("/")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_WhateverItsStatus(string path)
    {
        using var response = await factory.CreateBrowser().GetAsync(path);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ThePolicy_AllowsOnlyTheAppsOwnScripts_AndNoFraming()
    {
        using var response = await factory.CreateBrowser().GetAsync("/signin");
        var directives = string.Join(";", response.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);

        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["object-src"]);
        var page = await (await factory.CreateBrowser().GetAsync("/signin")).Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", page);
    }
}
