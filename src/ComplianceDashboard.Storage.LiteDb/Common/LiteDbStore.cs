using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Operations;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>
/// The one LiteDB database of a data folder, its single writer and its durability: every committed
/// transaction's log is forced to the device before <see cref="Write{T}"/> returns.
/// </summary>
public sealed class LiteDbStore : IUnitOfWork, IStoreInfo, IStoreBackup, IDisposable
{
    public const int SchemaVersion = 1;
    private readonly object _writer = new();
    private readonly DataFolderLock? _lock;
    private readonly FileStream _dataStream;
    private readonly FileStream _logStream;
    private int _depth;
    private readonly List<Action> _afterCommit = [];
    private bool _disposed;

    private LiteDbStore(DataFolderLock? folderLock, FileStream data, FileStream log, LiteDatabase database, StoreInfo info)
    {
        _lock = folderLock;
        _dataStream = data;
        _logStream = log;
        Database = database;
        Info = info;
    }

    internal LiteDatabase Database { get; }
    public StoreInfo Info { get; }
    public bool IsOpen => !_disposed;

    /// <summary>Opens (or creates) the store in <paramref name="options"/>'s folder, taking the folder's lock.</summary>
    public static LiteDbStore Open(StoreOptions options, TimeProvider clock) => Open(options, clock, createIfMissing: true, takeLock: true);

    /// <param name="createIfMissing">False to refuse a file without a store record (checking a backup) instead of initialising it.</param>
    /// <param name="takeLock">False only when the caller already holds the folder's lock (a restore).</param>
    internal static LiteDbStore Open(StoreOptions options, TimeProvider clock, bool createIfMissing = true, bool takeLock = true)
    {
        var folderLock = takeLock ? DataFolderLock.Acquire(options.DataDirectory) : null;
        FileStream? data = null, log = null;
        try
        {
            data = OpenFile(options.DataDirectory, StoreOptions.DatabaseFile);
            log = OpenFile(options.DataDirectory, StoreOptions.LogFile);
            var database = new LiteDatabase(data, Mapping.Create(), log);
            LimitTransactionMemory(database, options.TransactionMemoryPages);
            var info = ReadOrCreateInfo(database, options, clock, createIfMissing);
            log.Flush(true);
            data.Flush(true);
            return new LiteDbStore(folderLock, data, log, database, info);
        }
        catch (Exception e) when (e is not StoreUnavailableException)
        {
            data?.Dispose();
            log?.Dispose();
            folderLock?.Dispose();
            throw e is UnauthorizedAccessException or IOException
                ? new StoreUnavailableException($"The store in '{options.DataDirectory}' cannot be opened: {e.Message}", e)
                : e;
        }
    }

    public Result<T> Write<T>(Func<Result<T>> change)
    {
        lock (_writer)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_depth > 0) return change();
            _depth++;
            try
            {
                Database.BeginTrans();
                Result<T> result;
                try
                {
                    result = change();
                }
                catch
                {
                    Database.Rollback();
                    throw;
                }
                if (result.Succeeded)
                {
                    Database.Commit();
                    // LiteDB 5 writes the log with plain Stream.Write at commit; force it to the device once per transaction.
                    _logStream.Flush(true);
                    foreach (var action in _afterCommit) action();
                }
                else
                {
                    Database.Rollback();
                }
                return result;
            }
            finally
            {
                _afterCommit.Clear();
                _depth--;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> once the current transaction has committed durably (never if it rolls back), still holding the writer.</summary>
    internal void AfterCommit(Action action)
    {
        if (_depth == 0) throw new InvalidOperationException("AfterCommit is only valid inside Write.");
        _afterCommit.Add(action);
    }

    /// <summary>Folds the log into the data file; call after large imports so the log does not grow without bound.</summary>
    public void Checkpoint()
    {
        lock (_writer)
        {
            Database.Checkpoint();
            _dataStream.Flush(true);
            _logStream.Flush(true);
        }
    }

    /// <summary>
    /// Folds the log into the data file and copies the data file while holding the writer, so the copy is exactly the
    /// committed state; readers keep going (LiteDB's own readers lock the same stream object around each access).
    /// </summary>
    public Result<Done> WriteBackup(string destinationPath)
    {
        var temporary = destinationPath + ".partial";
        lock (_writer)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Database.Checkpoint();
            using var destination = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var buffer = new byte[1 << 20];
            long position = 0;
            lock (_dataStream) _dataStream.Flush(true);
            while (true)
            {
                int read;
                lock (_dataStream)
                {
                    _dataStream.Position = position;
                    read = _dataStream.Read(buffer, 0, buffer.Length);
                }
                if (read == 0) break;
                destination.Write(buffer, 0, read);
                position += read;
            }
            destination.Flush(true);
        }
        File.Move(temporary, destinationPath, overwrite: true);
        return Done.Value;
    }

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the store is disposed and its data folder's lock released, so the folder can be opened again.</summary>
    public Task Closed => _closed.Task;

    public void Dispose()
    {
        lock (_writer)
        {
            if (_disposed) return;
            _disposed = true;
            Database.Dispose();
            _dataStream.Flush(true);
            _dataStream.Dispose();
            _logStream.Dispose();
            _lock?.Dispose();
        }
        _closed.TrySetResult();
    }

    /// <summary>
    /// LiteDB 5.0.21 has no setting for the memory of a transaction: its transaction monitor hands out pages from a pool
    /// of 100,000 (<c>_freePages</c>), 1,000 at a time, and a transaction writes its dirty pages to the log only when it
    /// cannot get more. Shrinking the pool at open (no transaction is running) bounds the memory of one large transaction.
    /// Checked by LiteDbStoreTests: if a LiteDB upgrade moves these fields, opening a store fails loudly here.
    /// </summary>
    private static void LimitTransactionMemory(LiteDatabase database, int pages)
    {
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var engine = typeof(LiteDatabase).GetField("_engine", Private)?.GetValue(database);
        var monitor = engine?.GetType().GetField("_monitor", Private)?.GetValue(engine);
        var freePages = monitor?.GetType().GetField("_freePages", Private);
        var initialSize = monitor?.GetType().GetField("_initialSize", Private);
        if (freePages is null || initialSize is null || freePages.FieldType != typeof(int))
            throw new InvalidOperationException("LiteDB's transaction monitor is not the one of LiteDB 5.0.21; review LiteDbStore.LimitTransactionMemory.");
        // One transaction starts with the initial size, so the pool it can grow into is the rest.
        var initial = (int)initialSize.GetValue(monitor)!;
        freePages.SetValue(monitor, Math.Min((int)freePages.GetValue(monitor)!, Math.Max(initial, pages - initial)));
    }

    private static FileStream OpenFile(string directory, string name) =>
        new(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 8192, FileOptions.RandomAccess);

    private static StoreInfo ReadOrCreateInfo(LiteDatabase database, StoreOptions options, TimeProvider clock, bool createIfMissing)
    {
        var collection = database.GetCollection("store");
        var existing = collection.FindById("store");
        if (existing is not null)
            return new StoreInfo(
                Enum.Parse<StoreMode>(existing["Mode"].AsString),
                DateTime.SpecifyKind(existing["CreatedAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc),
                existing["SchemaVersion"].AsInt32);
        if (!createIfMissing) throw new InvalidOperationException("it has no store record");
        // A demo store is dated as the demo story's programme would have created it, before anything in the story was recorded.
        var createdAt = options.DemoMode ? DemoStory.StoreCreatedAt(clock.GetUtcNow().UtcDateTime) : clock.UtcNowMs();
        var info = new StoreInfo(options.DemoMode ? StoreMode.Demo : StoreMode.Real, createdAt, SchemaVersion);
        collection.Insert(new BsonDocument
        {
            ["_id"] = "store",
            ["Mode"] = info.Mode.ToString(),
            ["CreatedAt"] = info.CreatedAt,
            ["SchemaVersion"] = info.SchemaVersion,
        });
        return info;
    }
}
