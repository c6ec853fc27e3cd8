using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.LiteDb.Audit;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>What a restore put in place: the documents per collection and the verified audit chain.</summary>
public sealed record RestoreReport(IReadOnlyDictionary<string, long> Counts, ChainVerification Chain, StoreInfo Info);

/// <summary>Restoring a backup into a stopped app's data folder (the command line's <c>restore</c>).</summary>
public static class StoreRestore
{
    /// <summary>
    /// Checks the backup (it opens as a store and its audit chain verifies), then replaces the folder's store with it.
    /// A folder holding anything but an empty store is refused unless <paramref name="force"/>; on any refusal the folder is untouched.
    /// </summary>
    public static Result<RestoreReport> Restore(string backupFile, string dataDirectory, bool force, TimeProvider clock)
    {
        using var folderLock = DataFolderLock.Acquire(dataDirectory);
        if (!File.Exists(backupFile)) return Failure.NotFound($"There is no file '{backupFile}'.");
        var staging = Path.Combine(dataDirectory, $"restore-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.Copy(backupFile, Path.Combine(staging, StoreOptions.DatabaseFile));
            var checkedBackup = Inspect(staging, clock);
            if (!checkedBackup.Succeeded) return checkedBackup;
            if (!checkedBackup.Value.Chain.Intact)
                return Failure.Validation($"The backup's audit chain does not verify ({checkedBackup.Value.Chain.Describe()}). Nothing was restored.");
            var target = Path.Combine(dataDirectory, StoreOptions.DatabaseFile);
            if (!force && File.Exists(target) && new FileInfo(target).Length > 0 && HoldsData(dataDirectory, clock))
                return Failure.Conflict($"The data folder '{dataDirectory}' already holds a store with data. Use --force to replace it. Nothing was restored.");
            File.Delete(Path.Combine(dataDirectory, StoreOptions.LogFile));
            File.Move(Path.Combine(staging, StoreOptions.DatabaseFile), target, overwrite: true);
            using (var data = File.OpenHandle(target, FileMode.Open, FileAccess.ReadWrite)) RandomAccess.FlushToDisk(data);
            return checkedBackup;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static Result<RestoreReport> Inspect(string folder, TimeProvider clock)
    {
        LiteDbStore store;
        try
        {
            store = LiteDbStore.Open(new StoreOptions(folder, DemoMode: false), clock, createIfMissing: false);
        }
        catch (Exception e) when (e is StoreUnavailableException or LiteDB.LiteException or IOException or InvalidOperationException or InvalidCastException or FormatException)
        {
            return Failure.Validation($"The file is not a ComplianceDashboard backup ({e.Message}). Nothing was restored.");
        }
        using (store)
        {
            var counts = store.Database.GetCollectionNames().Order(StringComparer.Ordinal)
                .ToDictionary(name => name, name => (long)store.Database.GetCollection(name).LongCount(), StringComparer.Ordinal);
            var chain = AuditChain.Verify(new LiteDbAuditLog(store, clock).ReadAll());
            return new RestoreReport(counts, chain, store.Info);
        }
    }

    private static bool HoldsData(string dataDirectory, TimeProvider clock)
    {
        using var store = LiteDbStore.Open(new StoreOptions(dataDirectory, DemoMode: false), clock, takeLock: false);
        return store.Database.GetCollectionNames().Any(name => name != "store" && store.Database.GetCollection(name).LongCount() > 0);
    }
}
