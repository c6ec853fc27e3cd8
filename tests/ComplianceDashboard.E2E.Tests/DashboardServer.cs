using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace ComplianceDashboard.E2E.Tests;

/// <summary>
/// The real app on Kestrel with a demo store in its own temp data folder, and a headless Debian Chromium
/// driven by Playwright. One per test class.
/// </summary>
public class DashboardServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cd-e2e-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public DashboardServer() : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A server with extra configuration (e.g. single sign-on); internal, as xunit wants one public constructor.</summary>
    internal DashboardServer(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>Whether the store is a demo store (seeded, no MFA) or a real, empty one.</summary>
    protected virtual bool DemoMode => true;

    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The running app's services, for arranging data a test needs (e.g. a second user).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // UseKestrel(port) alone left Kestrel on its default 127.0.0.1:5000, so parallel servers collided.
            builder.UseSetting("urls", $"http://127.0.0.1:{port}");
            builder.UseEnvironment("Development");
            builder.UseSetting("ComplianceDashboard:DataDirectory", _dataDirectory);
            builder.UseSetting("ComplianceDashboard:DemoMode", DemoMode ? "true" : "false");
            builder.UseSetting("ComplianceDashboard:Demo:Objections", "500");
            builder.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "false");
            builder.UseSetting("ComplianceDashboard:SignIn:PermitsPerMinute", "1000");
            foreach (var (key, value) in _settings)
                builder.UseSetting(key, value);
        });
        _factory.UseKestrel(port);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ComplianceDashboard.Testing.TestPrograms.Locate("chromium"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Env = BrowserEnvironment(),
        });
    }

    /// <summary>
    /// This process's environment with an en-GB locale: Chromium formats date fields by the process locale (the context's
    /// Locale does not reach them), dd/mm/yyyy when Debian's chromium-l10n is installed (tests/run.sh installs it). Playwright
    /// hands the browser only the variables given, hence the whole environment.
    /// </summary>
    private static Dictionary<string, string> BrowserEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
        environment["LANG"] = "en_GB.UTF-8";
        return environment;
    }

    /// <summary>A port nobody listens on now: test classes run in parallel, each with its own server.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        // Assertions wait on conditions; on a shared 2-core CI machine 5 s (Playwright's default) is too short.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
