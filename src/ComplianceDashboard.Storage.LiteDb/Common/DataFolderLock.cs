using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>
/// Holds the data folder for one process. LiteDB's direct mode only takes a shared lock on Linux,
/// so the app and the CLI both hold this exclusive lock file for as long as they use the folder.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "compliance.lock";
    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Creates the folder if needed and takes the lock, or throws <see cref="StoreUnavailableException"/> with a message for the operator.</summary>
    public static DataFolderLock Acquire(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"The data folder '{directory}' cannot be created: {e.Message}", e);
        }
        var path = Path.Combine(directory, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
                writer.Write($"{Environment.ProcessId}");
            file.Flush(true);
            return new DataFolderLock(file);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreUnavailableException($"The data folder '{directory}' is not writable by this user: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new StoreUnavailableException(
                $"The data folder '{directory}' is in use by another ComplianceDashboard process (the running app or a CLI command). " +
                "Stop it first, or use the Administration pages of the running app.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
