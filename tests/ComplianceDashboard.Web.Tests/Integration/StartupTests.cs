using System.Net;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Tests.Hosting;
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
}
