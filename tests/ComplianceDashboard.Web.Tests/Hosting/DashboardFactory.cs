using System.Globalization;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Web.Tests.Hosting;

/// <summary>
/// Hosts the real app in memory on its own demo store in a temp folder (deleted on dispose), with a
/// generous sign-in rate limit unless a test asks for a low one.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    public const int DefaultPermitsPerMinute = 1000;
    private readonly TempFolder? _ownFolder;
    private bool _hostBuilt;

    public DashboardFactory() : this(DefaultPermitsPerMinute)
    {
    }

    /// <summary>A factory whose sign-in form allows only <paramref name="permitsPerMinute"/> posts a minute per client.</summary>
    public static DashboardFactory WithSignInLimit(int permitsPerMinute) => new(permitsPerMinute);

    /// <summary>A factory on an existing data folder, which it leaves in place (for example one another factory uses).</summary>
    public static DashboardFactory OnFolder(string dataDirectory) => new(DefaultPermitsPerMinute, dataDirectory);

    private DashboardFactory(int permitsPerMinute, string? dataDirectory = null)
    {
        PermitsPerMinute = permitsPerMinute;
        if (dataDirectory is null) _ownFolder = new TempFolder();
        DataDirectory = dataDirectory ?? _ownFolder!.Path;
    }

    public string DataDirectory { get; }
    public int PermitsPerMinute { get; }

    /// <summary>The options the running app actually bound; tests check they are the ones set here.</summary>
    public DashboardOptions AppOptions => Services.GetRequiredService<IOptions<DashboardOptions>>().Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ComplianceDashboard:DataDirectory", DataDirectory);
        builder.UseSetting("ComplianceDashboard:DemoMode", "true");
        builder.UseSetting("ComplianceDashboard:Demo:Objections", "500");
        builder.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "false");
        builder.UseSetting("ComplianceDashboard:SignIn:PermitsPerMinute", PermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _hostBuilt = true;
        return host;
    }

    /// <summary>This factory's app's store, or null when the app never opened one (it did not start, or found the folder in use).</summary>
    private LiteDbStore? OwnStore()
    {
        if (!_hostBuilt) return null;
        try
        {
            return Services.GetService<LiteDbStore>();
        }
        catch (StoreUnavailableException)
        {
            return null;
        }
    }

    /// <remarks>
    /// The factory's dispose can return while the app's own entry point (its <c>app.Run()</c>) is still disposing the
    /// services, store included; a test that reopens the folder (the CLI, a second factory) would then find it "in use".
    /// So it waits for the store to say it is closed.
    /// </remarks>
    public override async ValueTask DisposeAsync()
    {
        var store = OwnStore();
        await base.DisposeAsync();
        if (store is not null) await store.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        _ownFolder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
