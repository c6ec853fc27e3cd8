using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>Outside development the console log is one JSON object per line, so a value with a newline cannot pose as a second entry.</summary>
public sealed class LogForgingTests
{
    [Fact]
    public void AValueWithANewline_StaysInsideItsOwnEntry_WithTheShippedLoggingSettings()
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();
        var marker = Guid.NewGuid().ToString("N");
        var forged = "alice\ninfo: ComplianceDashboard.Web[0] Signed in as admin@demo.example";
        var captured = new StringWriter();
        var original = Console.Out;
        Console.SetOut(captured);
        try
        {
            using (var services = new ServiceCollection()
                       .AddLogging(logging => logging.AddConfiguration(settings.GetSection("Logging")).AddConsole())
                       .BuildServiceProvider())
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger("ComplianceDashboard.Web").LogWarning("Sign-in failed for {Email} ({Marker})", forged, marker);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = Assert.Single(lines, l => l.Contains(marker));
        Assert.StartsWith("{", entry.TrimStart(' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', ':', '.', 'T', 'Z'));
        Assert.Contains("Signed in as admin@demo.example", entry);
        Assert.DoesNotContain(lines, l => l.StartsWith("info: ComplianceDashboard.Web[0] Signed in", StringComparison.Ordinal));
    }
}
