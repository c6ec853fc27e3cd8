using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using Microsoft.Extensions.DependencyInjection;
using ComplianceDashboard.Testing;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>What only a database server brings: concurrent writers, sessions that die, statements that time out, a second store on the same database.</summary>
public sealed class PostgresServerTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create(StoreProvider.Postgres, demoMode: false);

    public void Dispose() => _store.Dispose();

    private IUnitOfWork Writer => _store.Get<IUnitOfWork>();
    private IAuditLog Audit => _store.Get<IAuditLog>();

    private static User NewUser(string email) => new() { Id = email, Email = email, DisplayName = email, Role = Role.Auditor };

    /// <summary>Runs a statement on this store's database from a session of its own (as another client would).</summary>
    private void AsAnotherClient(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_store.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    [Fact]
    public void ParallelWriters_AppendOneUnbrokenChain_AndEveryWriteIsCountedExactly()
    {
        const int threads = 8, writesPerThread = 25;
        Writer.Write(() => _store.Get<IJurisdictionRepository>().Save(JurisdictionPresets.Find("UK")!));
        var conflicts = 0;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            for (var i = 0; i < writesPerThread; i++)
            {
                // Every write adds its own user and bumps one shared aggregate; a stale version is retried, as a user would.
                while (true)
                {
                    var written = Writer.Write(() =>
                    {
                        var users = _store.Get<IUserRepository>();
                        var jurisdictions = _store.Get<IJurisdictionRepository>();
                        var user = users.Save(NewUser($"writer-{thread}-{i}@example.org"));
                        if (!user.Succeeded) return user.Failure!;
                        var uk = jurisdictions.Find("UK")!;
                        var saved = jurisdictions.Save(uk with { Name = $"UK after {thread}/{i}" });
                        if (!saved.Succeeded) return saved.Failure!;
                        Audit.Append(Actor.System, "test.parallel-write", "Test", $"{thread}/{i}", "A write among many");
                        return Result<Done>.Ok(Done.Value);
                    });
                    if (written.Succeeded) break;
                    Assert.Equal(FailureKind.Conflict, written.Failure!.Kind);
                    Interlocked.Increment(ref conflicts);
                }
            }
        });

        var verification = _store.Get<AuditService>().Verify(Actor.System).Value;
        Assert.True(verification.Intact, verification.Describe());
        Assert.Equal(threads * writesPerThread, verification.Count);
        Assert.Equal(threads * writesPerThread, Audit.ReadAll().Count(e => e.Action == "test.parallel-write"));
        Assert.Equal(threads * writesPerThread, _store.Get<IUserRepository>().All().Count);
        Assert.Equal(1 + threads * writesPerThread, _store.Get<IJurisdictionRepository>().Find("UK")!.Version);
        Assert.True(conflicts > 0, "eight writers on one aggregate never met a stale version, so the test proved nothing about it");
    }

    [Fact]
    public void AConnectionDroppedInTheMiddleOfAChange_WritesNothing_SaysSo_AndTheNextChangeWorks()
    {
        var before = Audit.Head();

        var lost = Assert.Throws<StoreUnavailableException>(() => Writer.Write(() =>
        {
            _store.Get<IUserRepository>().Save(NewUser("half@example.org"));
            // The server ends this session between two statements of the change (an operator, a failover, a crash).
            AsAnotherClient("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
            Audit.Append(Actor.System, "test.half", "Test", "1", "Never stored");
            return Result<Done>.Ok(Done.Value);
        }));

        Assert.Contains("connection to the database", lost.Message);
        Assert.Contains("nothing was written", lost.Message);
        Assert.Null(_store.Get<IUserRepository>().Find("half@example.org"));
        Assert.Equal(before, Audit.Head());
        var next = Writer.Write(() => _store.Get<IUserRepository>().Save(NewUser("next@example.org")));
        Assert.True(next.Succeeded);
        Assert.NotNull(_store.Get<IUserRepository>().Find("next@example.org"));
    }

    [Fact]
    public void AStatementThatRunsPastTheStatementTimeout_IsCancelled_AndItsWholeChangeRollsBack()
    {
        Writer.Write(() => _store.Get<IUserRepository>().Save(NewUser("busy@example.org")));
        _store.Close();
        _store.Open(demoMode: false, statementTimeout: TimeSpan.FromMilliseconds(300));
        var busy = _store.Get<IUserRepository>().Find("busy@example.org")!;
        // Another client holds the row, so saving it waits, until the statement timeout cancels the wait.
        using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_store.ConnectionString) { Pooling = false }.ConnectionString);
        other.Open();
        using var holding = other.BeginTransaction();
        using (var hold = new NpgsqlCommand("SELECT 1 FROM users WHERE id = 'busy@example.org' FOR UPDATE", other)) hold.ExecuteNonQuery();

        var cancelled = Assert.Throws<StoreUnavailableException>(() => Writer.Write(() =>
        {
            _store.Get<IUserRepository>().Save(NewUser("first@example.org"));
            return _store.Get<IUserRepository>().Save(busy with { DisplayName = "Waited too long" });
        }));

        Assert.Contains("statement timeout", cancelled.Message);
        Assert.Contains("nothing was written", cancelled.Message);
        holding.Rollback();
        Assert.Null(_store.Get<IUserRepository>().Find("first@example.org"));
        Assert.Equal("busy@example.org", _store.Get<IUserRepository>().Find("busy@example.org")!.DisplayName);
        Assert.True(Writer.Write(() => _store.Get<IUserRepository>().Save(busy with { DisplayName = "Saved later" })).Succeeded);
    }

    [Fact]
    public void ASecondStoreOnTheSameDatabase_Opens_AndSeesTheFirstStoresCommits()
    {
        using var second = PostgresStore.Open(new PostgresOptions(_store.ConnectionString, DemoMode: false), TimeProvider.System);
        var user = new User { Id = "shared@example.org", Email = "shared@example.org", DisplayName = "Shared", CreatedAt = DateTime.UnixEpoch };

        Assert.True(Writer.Write(() => _store.Get<IUserRepository>().Save(user)).Succeeded);

        Assert.True(second.IsAvailable());
        Assert.Null(second.Unready());
        Assert.Equal("Shared", new ServiceCollection().AddPostgresStorage(second).BuildServiceProvider()
            .GetRequiredService<IUserRepository>().Find("shared@example.org")!.DisplayName);
    }

    [Fact]
    public void ADatabaseWhoseSchemaNeedsANewerApp_IsRefused_SayingSo()
    {
        _store.Close();
        AsAnotherClient($"UPDATE store_compatibility SET oldest_app_level = {PostgresSchema.AppLevel + 1}, raised_by = 'V99__contract'");

        var refused = Assert.Throws<StoreUnavailableException>(() => _store.Open(demoMode: false));

        Assert.Contains("upgraded by a newer ComplianceDashboard", refused.Message);
        Assert.Contains($"this app is level {PostgresSchema.AppLevel}", refused.Message);
        AsAnotherClient($"UPDATE store_compatibility SET oldest_app_level = {PostgresSchema.AppLevel}");
        _store.Open(demoMode: false);
    }

    [Fact]
    public void TheMigrations_AreRecordedInTheDatabase()
    {
        using var connection = new NpgsqlConnection(_store.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {PostgresSchema.ChangelogTable} WHERE success AND name LIKE '%store%'", connection);

        Assert.Equal(1L, command.ExecuteScalar());
    }
}

/// <summary>Opening a store on a server that is not there, or a database that does not exist: one line for the operator.</summary>
public sealed class PostgresUnavailableTests
{
    [Fact]
    public void AServerThatCannotBeReached_IsRefusedWithOneLine_NamingTheDatabase()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var refused = Assert.Throws<StoreUnavailableException>(() => PostgresStore.Open(
            new PostgresOptions($"Host=127.0.0.1;Port={port};Database=nowhere;Username=postgres;Timeout=5", DemoMode: false), TimeProvider.System));

        Assert.StartsWith($"The database 'nowhere' on 127.0.0.1:{port} cannot be reached", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void ADatabaseThatDoesNotExist_IsRefused_SayingHowToCreateIt()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresTestDatabases.ConnectionString("postgres")) { Database = $"missing_{Guid.NewGuid():N}" };

        var refused = Assert.Throws<StoreUnavailableException>(() => PostgresStore.Open(new PostgresOptions(connection.ConnectionString, DemoMode: false), TimeProvider.System));

        Assert.Contains("does not exist: create it", refused.Message);
    }

    /// <remarks>
    /// Only PostgreSQL 15 runs on the test machines, so the decision is tested on the version numbers a server reports; the
    /// real server's own numbers are checked to pass, and Program prints any refusal as one line (StartupTests).
    /// </remarks>
    [Theory]
    [InlineData(130012, "13.12", true)]
    [InlineData(90624, "9.6.24", true)]
    [InlineData(140000, "14.0", false)]
    [InlineData(150014, "15.14", false)]
    public void AServerOlderThanPostgres14_IsRefusedWithOneLine_NamingBothVersions(int serverVersionNum, string version, bool refused)
    {
        var refusal = PostgresSchema.TooOld(serverVersionNum, version, "'compliance' on db:5432");

        Assert.Equal(refused, refusal is not null);
        if (refusal is null) return;
        Assert.Equal($"The database 'compliance' on db:5432 runs PostgreSQL {version}; ComplianceDashboard needs PostgreSQL 14 or newer.", refusal.Message);
    }

    [Fact]
    public void AConnectionStringThatIsNotOne_IsRefusedWithOneLine()
    {
        var refused = Assert.Throws<StoreUnavailableException>(() => PostgresStore.Open(new PostgresOptions("Hots=localhost", DemoMode: false), TimeProvider.System));

        Assert.StartsWith("The PostgreSQL connection string is not valid", refused.Message);
    }
}
