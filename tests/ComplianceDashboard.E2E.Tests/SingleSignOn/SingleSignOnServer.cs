using ComplianceDashboard.Testing;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.E2E.Tests.SingleSignOn;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server on http://localhost:port) and the app on http://127.0.0.1:port
/// configured to sign in through it: two sites, so the provider's answer comes back cross-site as it does in production.
/// </summary>
public sealed class SingleSignOnServer : IAsyncLifetime
{
    public TestIdentityProvider Provider { get; private set; } = default!;
    public DashboardServer App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        App = new DashboardServer(new Dictionary<string, string>
        {
            ["ComplianceDashboard:Oidc:Authority"] = Provider.Issuer.ToString(),
            ["ComplianceDashboard:Oidc:ClientId"] = TestIdentityProvider.ClientId,
            ["ComplianceDashboard:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
            ["ComplianceDashboard:Oidc:RequireHttpsMetadata"] = "false",
            ["ComplianceDashboard:Oidc:DisplayName"] = "Test IdP",
            ["ComplianceDashboard:Oidc:RoleMap:cd-legal"] = "LegalReviewer",
            ["ComplianceDashboard:Oidc:RoleMap:cd-officers"] = "ComplianceOfficer",
        });
        await App.InitializeAsync();
        Provider.RedirectUris.Add(new Uri(App.BaseAddress, "/signin-oidc").ToString());
        // The app discovers the provider on its first challenge; on a busy shared machine that first fetch (and both
        // processes' first JIT of the token code) took over 30 s, longer than a click waits. Discover before any browser acts.
        var oidc = App.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("oidc");
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(Provider.Issuer.ToString(), configuration.Issuer);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
