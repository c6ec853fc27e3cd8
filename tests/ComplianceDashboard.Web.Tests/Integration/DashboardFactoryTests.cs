using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class DashboardFactoryTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public void TheAppBindsTheFactorysSettings()
    {
        var options = factory.AppOptions;
        Assert.Equal(factory.DataDirectory, options.DataDirectory);
        Assert.True(options.DemoMode);
        Assert.Equal(DashboardFactory.DefaultPermitsPerMinute, options.SignIn.PermitsPerMinute);
    }

    [Fact]
    public void TheStoreIsADemoStoreInTheFactorysOwnTempFolder()
    {
        var store = factory.Services.GetRequiredService<LiteDbStore>();
        Assert.Equal(StoreMode.Demo, store.Info.Mode);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, StoreOptions.DatabaseFile)));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, DataFolderLock.FileName)));
    }
}
