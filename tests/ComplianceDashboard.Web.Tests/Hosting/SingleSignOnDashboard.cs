using System.Net;
using ComplianceDashboard.Testing;
using Microsoft.AspNetCore.Hosting;

namespace ComplianceDashboard.Web.Tests.Hosting;

/// <summary>
/// The real app in memory, configured for single sign-on against a real OpenID Connect provider (OpenIddict's server on
/// Kestrel in this process). The provider's groups decide roles; local passwords are kept for one break-glass admin.
/// A demo store (MFA off), unless a subclass asks for a real one.
/// </summary>
public class SingleSignOnDashboard : DashboardFactory
{
    public const string BreakGlassAdmin = "admin@demo.example";

    public SingleSignOnDashboard()
    {
        Provider = TestIdentityProvider.StartAsync().GetAwaiter().GetResult();
        Provider.RedirectUris.Add("http://localhost/signin-oidc");
    }

    public TestIdentityProvider Provider { get; }

    /// <summary>False for a real store, where MFA is required for Admin, Legal reviewer and DPO.</summary>
    protected virtual bool DemoStore => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (!DemoStore) builder.UseSetting("ComplianceDashboard:DemoMode", "false");
        builder.UseSetting("ComplianceDashboard:Oidc:Authority", Provider.Issuer.ToString());
        builder.UseSetting("ComplianceDashboard:Oidc:ClientId", TestIdentityProvider.ClientId);
        builder.UseSetting("ComplianceDashboard:Oidc:ClientSecret", TestIdentityProvider.ClientSecret);
        builder.UseSetting("ComplianceDashboard:Oidc:RequireHttpsMetadata", "false");
        builder.UseSetting("ComplianceDashboard:Oidc:DisplayName", "Test IdP");
        builder.UseSetting("ComplianceDashboard:Oidc:RoleMap:cd-legal", "LegalReviewer");
        builder.UseSetting("ComplianceDashboard:Oidc:RoleMap:cd-dpo", "Dpo");
        builder.UseSetting("ComplianceDashboard:Oidc:RoleMap:cd-officers", "ComplianceOfficer");
        builder.UseSetting("ComplianceDashboard:Oidc:LocalPasswords", "BreakGlassAdminsOnly");
        builder.UseSetting("ComplianceDashboard:Oidc:BreakGlassAdmins:0", BreakGlassAdmin);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>Single sign-on on a real store: MFA policy in force for local passwords.</summary>
public sealed class RealStoreSingleSignOnDashboard : SingleSignOnDashboard
{
    protected override bool DemoStore => false;
}

/// <summary>A browser without JavaScript going through the provider: the app's client, and a plain one for the provider.</summary>
public sealed class SingleSignOnBrowser(SingleSignOnDashboard dashboard) : IDisposable
{
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false });

    public HttpClient App { get; } = dashboard.CreateBrowser();

    /// <summary>Starts at <paramref name="start"/> on the app, signs in at the provider as <paramref name="username"/>, and returns the callback URL the provider sent back.</summary>
    public async Task<string> AuthorizeAsync(string username, string start = "/account/sso")
    {
        using var challenge = await App.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(dashboard.Provider.Issuer.ToString(), authorize.ToString());
        using var page = await _provider.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query)
            .ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["username"] = username;
        using var login = await _provider.PostAsync(new Uri(dashboard.Provider.Issuer, "connect/authorize"), new FormUrlEncodedContent(fields));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"The provider answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var callback = login.Headers.Location!;
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        return callback.PathAndQuery;
    }

    /// <summary>Whether <paramref name="response"/> starts a session (sets the session cookie).</summary>
    public static bool SetsSession(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cd.session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    /// <summary>Signs in through the provider and returns the app's answer to the callback.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string username, string start = "/account/sso") =>
        await App.GetAsync(await AuthorizeAsync(username, start));

    public void Dispose()
    {
        _provider.Dispose();
        App.Dispose();
    }
}
