using System.Net;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>Runs alone: it reads the process's standard error, where Program reports why it cannot start.</summary>
[CollectionDefinition(nameof(StandardErrorCollection), DisableParallelization = true)]
public sealed class StandardErrorCollection;

[Collection(nameof(StandardErrorCollection))]
public sealed class StartupTests
{
    [Fact]
    public async Task ASecondApp_OnADataFolderInUse_DoesNotStart_AndSaysTheFolderIsInUse()
    {
        await using var first = new DashboardFactory();
        using (var health = await first.CreateClient().GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await using var second = DashboardFactory.OnFolder(first.DataDirectory);

        var standardError = new StringWriter();
        var original = Console.Error;
        Console.SetError(standardError);
        Exception? startFailure;
        try
        {
            // Program catches StoreUnavailableException, prints it and returns 1 without serving:
            // through WebApplicationFactory that is a test server that never started.
            startFailure = Record.Exception(() => second.CreateClient());
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.IsType<InvalidOperationException>(startFailure);
        Assert.Contains("ComplianceDashboard cannot start: ", standardError.ToString());
        Assert.Contains($"The data folder '{first.DataDirectory}' is in use by another ComplianceDashboard process", standardError.ToString());
        var refused = Assert.Throws<StoreUnavailableException>(() => second.Services.GetRequiredService<LiteDbStore>());
        Assert.Contains("is in use by another ComplianceDashboard process", refused.Message);
        using var stillServing = await first.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, stillServing.StatusCode);
    }

    [Fact]
    public void AnAppOnAPostgreSqlServerThatCannotBeReached_DoesNotStart_AndSaysSoInOneLine()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting(DashboardStore.ProviderKey, "Postgres");
            builder.UseSetting($"ConnectionStrings:{DashboardStore.ConnectionStringName}", $"Host=127.0.0.1;Port={port};Database=nowhere;Username=postgres;Timeout=3");
            builder.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "false");
        });

        var standardError = new StringWriter();
        var original = Console.Error;
        Console.SetError(standardError);
        try
        {
            Assert.IsType<InvalidOperationException>(Record.Exception(() => app.CreateClient()));
        }
        finally
        {
            Console.SetError(original);
        }

        var line = Assert.Single(standardError.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"ComplianceDashboard cannot start: The database 'nowhere' on 127.0.0.1:{port} cannot be reached", line);
    }

    [Fact]
    public void AnAppOnPostgreSqlInProduction_WithoutACertificateForTheKeys_DoesNotStart_AndSaysWhatToSet()
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting(DashboardStore.ProviderKey, "Postgres");
            builder.UseSetting($"ConnectionStrings:{DashboardStore.ConnectionStringName}", "Host=127.0.0.1;Database=never-opened;Username=postgres");
            builder.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "false");
        });

        var standardError = new StringWriter();
        var original = Console.Error;
        Console.SetError(standardError);
        try
        {
            Assert.IsType<InvalidOperationException>(Record.Exception(() => app.CreateClient()));
        }
        finally
        {
            Console.SetError(original);
        }

        var line = Assert.Single(standardError.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("ComplianceDashboard cannot start: A PostgreSQL store in Production needs a certificate to encrypt the data-protection keys", line);
        Assert.Contains(KeyProtection.CertificatePathKey, line);
    }
}
