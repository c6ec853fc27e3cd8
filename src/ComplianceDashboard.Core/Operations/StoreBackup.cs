using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Operations;

/// <summary>What a backup holds: its size, its SHA-256 and the audit chain head it ends with.</summary>
public sealed record BackupReceipt(string Path, long Bytes, string Sha256, ChainHead Head, DateTime TakenAt);

/// <summary>Writes a consistent copy of the whole store to a file while the app keeps running.</summary>
public interface IStoreBackup
{
    /// <summary>
    /// Copies every committed change into <paramref name="destinationPath"/>; writers wait, readers do not. A store whose
    /// backups belong elsewhere (a PostgreSQL database: pg_dump, point-in-time recovery) answers a conflict saying so.
    /// </summary>
    Result<Done> WriteBackup(string destinationPath);
}

/// <summary>Taking backups: permission checked, the copy made, and the backup recorded in the audit chain.</summary>
public sealed class BackupService(IStoreBackup backup, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "Store";

    public Result<BackupReceipt> Take(Actor actor, string destinationPath)
    {
        if (actor.Require(Permission.TakeBackups) is { } denied) return denied;
        var head = audit.Head();
        if (backup.WriteBackup(destinationPath).Failure is { } refused) return refused;
        var bytes = new FileInfo(destinationPath).Length;
        string sha256;
        using (var file = File.OpenRead(destinationPath))
            sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        var receipt = new BackupReceipt(destinationPath, bytes, sha256, head, clock.UtcNowMs());
        // Recorded after the copy, so the entry states the backup's own hash; the backup ends one entry earlier.
        return store.Write<BackupReceipt>(() =>
        {
            audit.Append(actor, "store.backup-taken", EntityType, "store",
                $"Backup of {bytes:N0} bytes, SHA-256 {sha256}, audit chain head {head.Count} ({head.Hash[..12]}…)");
            return receipt;
        });
    }
}
