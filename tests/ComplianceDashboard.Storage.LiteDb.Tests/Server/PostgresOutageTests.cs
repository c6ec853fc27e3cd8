using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>A server of its own that the test stops and starts again, as an outage would: the store says so, then recovers by itself.</summary>
public sealed class PostgresOutageTests : IDisposable
{
    private readonly ThrowawayPostgres _server = ThrowawayPostgres.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void WhileTheServerIsDown_TheStoreIsUnavailable_AndOnceItIsBack_ItWorksAgainWithoutReopening()
    {
        using (var admin = new NpgsqlConnection(_server.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand("CREATE DATABASE outage", admin);
            create.ExecuteNonQuery();
        }
        var connection = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = "outage", Timeout = 5 }.ConnectionString;
        using var store = PostgresStore.Open(new PostgresOptions(connection, DemoMode: false), TimeProvider.System);
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddPostgresStorage(store).BuildServiceProvider();
        var users = services.GetRequiredService<IUserRepository>();
        Assert.True(store.IsAvailable());

        _server.Pause();

        Assert.False(store.IsAvailable());
        var down = Assert.Throws<StoreUnavailableException>(() => store.Write(() => users.Save(new User { Id = "down@example.org", Email = "down@example.org" })));
        Assert.Contains("nothing was written", down.Message);

        _server.Resume();

        Assert.True(store.IsAvailable());
        Assert.True(store.Write(() => users.Save(new User { Id = "back@example.org", Email = "back@example.org" })).Succeeded);
        Assert.Null(users.Find("down@example.org"));
        // Several instances share the database: another one opens on it after the outage and can serve.
        using var another = PostgresStore.Open(new PostgresOptions(connection, DemoMode: false), TimeProvider.System);
        Assert.Null(another.Unready());
    }
}
