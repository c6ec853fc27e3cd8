using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace ComplianceDashboard.Web.Tests.Hosting;

/// <summary>The real app on a real (not demo) store in the PostgreSQL database the connection string names.</summary>
public sealed class PostgresDashboardFactory(string connectionString) : DashboardFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ComplianceDashboard:DemoMode", "false");
        builder.UseSetting(DashboardStore.ProviderKey, "Postgres");
        builder.UseSetting($"ConnectionStrings:{DashboardStore.ConnectionStringName}", connectionString);
    }
}
