using ComplianceDashboard.Core;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>A real store in its own temporary folder with the real services over it; the folder is deleted on dispose.</summary>
public sealed class TestStore : IDisposable
{
    private ServiceProvider? _services;
    private LiteDbStore? _store;

    private TestStore(string directory, bool demoMode, ManualClock clock)
    {
        Directory = directory;
        Clock = clock;
        Open(demoMode);
    }

    public string Directory { get; }
    public ManualClock Clock { get; }
    public string DatabasePath => Path.Combine(Directory, StoreOptions.DatabaseFile);
    public LiteDbStore Store => _store ?? throw new InvalidOperationException("The store is closed.");

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "cd-storage-tests", Guid.NewGuid().ToString("N"));

    public static TestStore Create(bool demoMode = true, ManualClock? clock = null) =>
        new(NewFolder(), demoMode, clock ?? new ManualClock());

    /// <summary>Opens a store in a folder the caller owns (and deletes), e.g. one another process wrote to.</summary>
    public static TestStore Open(string directory, bool demoMode = false) => new(directory, demoMode, new ManualClock());

    public T Get<T>() where T : notnull =>
        (_services ?? throw new InvalidOperationException("The store is closed.")).GetRequiredService<T>();

    /// <summary>Opens the store and builds fresh services over it, as a restarted app would.</summary>
    public void Open(bool demoMode = true)
    {
        _store = LiteDbStore.Open(new StoreOptions(Directory, demoMode), TimeProvider.System);
        _services = new ServiceCollection()
            .AddComplianceCore()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new Core.Demo.DemoSize(200))
            .AddLiteDbStorage(_store)
            .BuildServiceProvider();
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

    public void Dispose()
    {
        Close();
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
