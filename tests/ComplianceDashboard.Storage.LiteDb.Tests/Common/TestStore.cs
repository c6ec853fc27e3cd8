using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>The stores the contract suite runs against.</summary>
public enum StoreProvider
{
    LiteDb,
    Postgres,
}

/// <summary>
/// A real store with the real services over it: LiteDB in its own temporary folder, or PostgreSQL in its own database
/// made from the migrated template (see <see cref="PostgresTestDatabases"/>). The folder or database is deleted on dispose.
/// </summary>
public sealed class TestStore : IDisposable
{
    private ServiceProvider? _services;
    private IDisposable? _store;
    private readonly string? _database;
    private readonly Action<IServiceCollection>? _configure;

    private TestStore(StoreProvider provider, string directory, bool demoMode, ManualClock clock, Action<IServiceCollection>? configure = null)
    {
        Provider = provider;
        _configure = configure;
        Directory = directory;
        Clock = clock;
        if (provider == StoreProvider.Postgres) _database = PostgresTestDatabases.Create();
        Open(demoMode);
    }

    public StoreProvider Provider { get; }

    /// <summary>The LiteDB data folder (unused on PostgreSQL).</summary>
    public string Directory { get; }
    public ManualClock Clock { get; }
    public string DatabasePath => Path.Combine(Directory, StoreOptions.DatabaseFile);

    /// <summary>The LiteDB store, for the LiteDB-only tests (file tampering, backups, durability).</summary>
    public LiteDbStore Store => _store as LiteDbStore ?? throw new InvalidOperationException($"The store is closed or is not LiteDB ({Provider}).");

    /// <summary>The PostgreSQL store, for the server-only tests.</summary>
    public PostgresStore PostgresStore => _store as PostgresStore ?? throw new InvalidOperationException($"The store is closed or is not PostgreSQL ({Provider}).");

    /// <summary>The connection string of this store's own PostgreSQL database.</summary>
    public string ConnectionString => PostgresTestDatabases.ConnectionString(_database ?? throw new InvalidOperationException("Not a PostgreSQL store."));

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "cd-storage-tests", Guid.NewGuid().ToString("N"));

    public static TestStore Create(bool demoMode = true, ManualClock? clock = null) => Create(StoreProvider.LiteDb, demoMode, clock);

    /// <param name="configure">Registers services after Core's (so they replace Core's, e.g. a scripted evaluator) and before the store's.</param>
    public static TestStore Create(StoreProvider provider, bool demoMode = true, ManualClock? clock = null, Action<IServiceCollection>? configure = null) =>
        new(provider, NewFolder(), demoMode, clock ?? new ManualClock(), configure);

    /// <summary>Opens a LiteDB store in a folder the caller owns (and deletes), e.g. one another process wrote to.</summary>
    public static TestStore Open(string directory, bool demoMode = false) => new(StoreProvider.LiteDb, directory, demoMode, new ManualClock());

    public T Get<T>() where T : notnull =>
        (_services ?? throw new InvalidOperationException("The store is closed.")).GetRequiredService<T>();

    /// <summary>Opens the store and builds fresh services over it, as a restarted app would.</summary>
    public void Open(bool demoMode = true) => Open(demoMode, statementTimeout: null);

    /// <summary>Opens the store (on PostgreSQL with the given statement timeout) and builds fresh services over it.</summary>
    public void Open(bool demoMode, TimeSpan? statementTimeout)
    {
        var services = new ServiceCollection()
            .AddComplianceCore()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new Core.Demo.DemoSize(200))
            .AddSingleton<Core.Identity.ISecretProtector>(Secrets);
        _configure?.Invoke(services);
        if (Provider == StoreProvider.LiteDb)
        {
            var store = LiteDbStore.Open(new StoreOptions(Directory, demoMode), TimeProvider.System);
            _store = store;
            services.AddLiteDbStorage(store);
        }
        else
        {
            var store = Postgres.Common.PostgresStore.Open(new PostgresOptions(ConnectionString, demoMode, statementTimeout), TimeProvider.System);
            _store = store;
            services.AddPostgresStorage(store);
        }
        _services = services.BuildServiceProvider();
    }

    /// <summary>TOTP secrets encrypted with ASP.NET Core data protection, as in the app; one key ring per test store, kept across reopening.</summary>
    private DataProtectedSecrets Secrets { get; } = new(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

    private sealed class DataProtectedSecrets(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider) : Core.Identity.ISecretProtector
    {
        private readonly Microsoft.AspNetCore.DataProtection.IDataProtector _protector = provider.CreateProtector("tests.totp");
        public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));
        public byte[] Unprotect(string protectedSecret) => _protector.Unprotect(Convert.FromBase64String(protectedSecret));
    }

    public void Close()
    {
        _services?.Dispose();
        _services = null;
        _store?.Dispose();
        _store = null;
    }

    public void Reopen(bool demoMode = true)
    {
        Close();
        Open(demoMode);
    }

    /// <summary>Closes the store and edits its file directly, as someone with access to the data folder could.</summary>
    public void TamperWithFile(Action<LiteDatabase> edit)
    {
        Close();
        using (var raw = new LiteDatabase($"Filename={DatabasePath};Connection=direct"))
            edit(raw);
        Open();
    }

    /// <summary>
    /// Closes the store and edits its data behind its back, as someone with access to the data folder or the database
    /// could: <paramref name="liteDbFile"/> edits a LiteDB file, <paramref name="postgresSql"/> runs on a PostgreSQL database.
    /// </summary>
    public void Tamper(Action<LiteDatabase> liteDbFile, string postgresSql)
    {
        if (Provider == StoreProvider.LiteDb)
        {
            TamperWithFile(liteDbFile);
            return;
        }
        Close();
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand(postgresSql, connection);
            Assert.True(command.ExecuteNonQuery() > 0, $"The tampering statement changed nothing: {postgresSql}");
        }
        Open();
    }

    public void Dispose()
    {
        Close();
        if (_database is not null) PostgresTestDatabases.Drop(_database);
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
