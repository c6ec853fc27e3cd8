using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class ReverseProxyTests
{
    /// <summary>The app as configured behind a TLS-terminating proxy on the same machine.</summary>
    private sealed class ProxiedDashboardFactory : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ComplianceDashboard:ReverseProxy:Enabled", "true");
        }
    }

    private static async Task<(string SessionCookie, string SignedInFrom)> SignInThroughAProxyAsync(DashboardFactory factory)
    {
        var client = factory.CreateBrowser();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.PostSignInAsync("officer@demo.example", Core.Demo.DemoAccounts.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cd.session=", StringComparison.Ordinal));
        var entry = factory.Services.GetRequiredService<IAuditLog>().ReadAll().Last(e => e.Action == "signin.succeeded");
        return (cookie, entry.Summary);
    }

    private static string[] Attributes(string setCookie) =>
        setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToArray();

    [Fact]
    public async Task BehindAProxy_TheSessionCookieIsSecure_AndTheAuditLogNamesTheForwardedClient()
    {
        await using var factory = new ProxiedDashboardFactory();

        var (cookie, signedInFrom) = await SignInThroughAProxyAsync(factory);

        Assert.Contains("secure", Attributes(cookie));
        Assert.Equal("Signed in from 203.0.113.7 with a password; no MFA", signedInFrom);
    }

    [Fact]
    public async Task WithoutTheSetting_ForwardedHeadersAreIgnored_SoNoClientCanPickItsAddressOrScheme()
    {
        await using var factory = new DashboardFactory();

        var (cookie, signedInFrom) = await SignInThroughAProxyAsync(factory);

        Assert.DoesNotContain("secure", Attributes(cookie));
        Assert.DoesNotContain("203.0.113.7", signedInFrom);
    }
}
