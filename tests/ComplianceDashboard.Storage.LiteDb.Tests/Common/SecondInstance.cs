using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>
/// A second app instance's store and services on a test store's PostgreSQL database (without the instance lock, which
/// the first holds), for the tests of what several instances share.
/// </summary>
public sealed class SecondInstance : IDisposable
{
    private readonly PostgresStore _store;
    private readonly ServiceProvider _services;

    private SecondInstance(PostgresStore store, ServiceProvider services)
    {
        _store = store;
        _services = services;
    }

    public static SecondInstance On(TestStore first)
    {
        var store = PostgresStore.Open(new PostgresOptions(first.ConnectionString, DemoMode: false), TimeProvider.System);
        var services = new ServiceCollection().AddComplianceCore().AddSingleton<TimeProvider>(first.Clock).AddPostgresStorage(store).BuildServiceProvider();
        return new SecondInstance(store, services);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
    }
}
