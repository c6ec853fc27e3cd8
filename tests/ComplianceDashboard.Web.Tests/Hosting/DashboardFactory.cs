using System.Globalization;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownFolder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
