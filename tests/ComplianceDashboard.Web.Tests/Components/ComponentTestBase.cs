using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ComplianceDashboard.Web.Tests.Components;

/// <summary>
/// A bunit context over a real demo store in a temp folder, with MudBlazor, the app's real
/// authorisation policies and a fake signed-in user. xunit 2 disposes it asynchronously
/// (MudBlazor's services are async-disposable only).
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly BunitAuthorizationContext _authorization;

    /// <summary>
    /// WaitFor… ends as soon as its condition holds; the default one second is too short for a loaded CI machine,
    /// where the renderer's dispatcher may not even run the check in time.
    /// </summary>
    static ComponentTestBase() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected ComponentTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        Store = LiteDbStore.Open(new StoreOptions(_folder.Path, DemoMode: true), TimeProvider.System);
        Context.Services.AddComplianceCore().AddSingleton(new Core.Demo.DemoSize(500)).AddLiteDbStorage(Store);
        _authorization = Context.AddAuthorization();
        // Evaluate the app's own policies (Policies.Add) rather than bunit's name-matching fake.
        Context.Services.AddLogging();
        Context.Services.AddAuthorizationCore(Policies.Add);
        Context.Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Context.Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Context.Services.AddScoped<CurrentUser>();
        // Single sign-on is off here (no authority): sign-off dialogs ask for the password.
        Context.Services.AddSingleton(new Auth.SingleSignOn.OidcOptions()).AddScoped<Auth.SignOffStepUp>();
        // Upload components read their size limits from configuration (defaults when unset).
        Context.Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
    }

    protected BunitContext Context { get; } = new();
    protected LiteDbStore Store { get; }

    /// <summary>
    /// Signs in one of the demo accounts as the cookie would: e-mail as name identifier, role as role claim, and how the
    /// session started (<see cref="DashboardClaims.PasswordMethod"/> unless said otherwise).
    /// </summary>
    protected void SignInAs(Role role, string method = DashboardClaims.PasswordMethod)
    {
        var (email, name, _) = DemoAccounts.All.Single(a => a.Role == role);
        _authorization.SetAuthorized(name);
        _authorization.SetRoles(role.ToString());
        _authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, email), new Claim(ClaimTypes.Role, role.ToString()), new Claim(DashboardClaims.Method, method));
    }

    protected void SeedDemoProgramme()
    {
        var seeded = Context.Services.GetRequiredService<DemoProgramme>().Seed();
        Assert.True(seeded.Succeeded, seeded.Failure?.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        Store.Dispose();
        _folder.Dispose();
    }
}
