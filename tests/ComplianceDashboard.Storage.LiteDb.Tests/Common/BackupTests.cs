using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public sealed class BackupTests : IDisposable
{
    private static readonly Actor Admin = Actor.User("admin@example.test", "Admin", Role.Admin);
    private readonly TestStore _store = TestStore.Create();
    private readonly string _work = TestStore.NewFolder();

    public BackupTests()
    {
        Directory.CreateDirectory(_work);
        Assert.True(_store.Get<DemoProgramme>().Seed().Succeeded);
    }

    public void Dispose()
    {
        _store.Dispose();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    private string Path(string name) => System.IO.Path.Combine(_work, name);

    private static Dictionary<string, long> Counts(string dataDirectory)
    {
        using var store = LiteDbStore.Open(new StoreOptions(dataDirectory, DemoMode: false), TimeProvider.System);
        return store.Database.GetCollectionNames().ToDictionary(n => n, n => (long)store.Database.GetCollection(n).LongCount());
    }

    [Fact]
    public void ABackupTakenWhileTheAppRuns_RestoresToIdenticalCounts_AndAnIntactChain()
    {
        var receipt = _store.Get<BackupService>().Take(Admin, Path("backup.db")).Value;
        var headBefore = receipt.Head;
        _store.Close();
        var source = Counts(_store.Directory);
        _store.Open();

        var restored = StoreRestore.Restore(Path("backup.db"), Path("restored"), force: false, TimeProvider.System).Value;

        Assert.True(restored.Chain.Intact, restored.Chain.Describe());
        Assert.Equal(headBefore.Count, restored.Chain.Count);
        Assert.Equal(StoreMode.Demo, restored.Info.Mode);
        // The source has one more audit entry: the record of the backup itself, written after the copy.
        var expected = source.ToDictionary(kv => kv.Key, kv => kv.Key == "audit" ? kv.Value - 1 : kv.Value);
        Assert.Equal(expected.OrderBy(kv => kv.Key), Counts(Path("restored")).OrderBy(kv => kv.Key));
        var entry = _store.Get<IAuditLog>().ReadAll().Last();
        Assert.Equal("store.backup-taken", entry.Action);
        Assert.Contains(receipt.Sha256, entry.Summary);
    }

    [Fact]
    public async Task ABackupTakenDuringWrites_HoldsWholeChangesOnly()
    {
        var jurisdictions = _store.Get<JurisdictionService>();
        using var stop = new CancellationTokenSource();
        var changes = 0;
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var uk = jurisdictions.Find("UK")!;
                if (jurisdictions.Update(Actor.System, "UK", uk.Version, JurisdictionDetails.From(uk) with { Name = $"United Kingdom {++changes}" }).Succeeded is false)
                    throw new InvalidOperationException("A write failed");
            }
        });
        SpinWait.SpinUntil(() => Volatile.Read(ref changes) > 5);

        _store.Get<BackupService>().Take(Admin, Path("backup.db"));
        stop.Cancel();
        await writer;

        var restored = StoreRestore.Restore(Path("backup.db"), Path("restored"), force: false, TimeProvider.System).Value;
        Assert.True(restored.Chain.Intact, restored.Chain.Describe());
        using var store = LiteDbStore.Open(new StoreOptions(Path("restored"), DemoMode: false), TimeProvider.System);
        var name = store.Database.GetCollection("jurisdictions").FindById("UK")["Name"].AsString;
        var lastAudited = store.Database.GetCollection("audit").Query().OrderByDescending("_id").First()["Summary"].AsString;
        // The newest change in the backup and its audit entry came from the same transaction.
        Assert.EndsWith($"→ '{name}'", lastAudited);
    }

    [Fact]
    public void Restore_RefusesAFolderThatHoldsAStore_UnlessForced()
    {
        _store.Get<BackupService>().Take(Admin, Path("backup.db"));
        var target = Path("target");
        using (var other = LiteDbStore.Open(new StoreOptions(target, DemoMode: false), TimeProvider.System))
            other.Database.GetCollection("users").Insert(new LiteDB.BsonDocument { ["_id"] = "someone" });
        var before = File.ReadAllBytes(System.IO.Path.Combine(target, StoreOptions.DatabaseFile));

        var refused = StoreRestore.Restore(Path("backup.db"), target, force: false, TimeProvider.System);

        Assert.Equal(FailureKind.Conflict, refused.Failure?.Kind);
        Assert.Contains("--force", refused.Failure!.Message);
        Assert.Equal(before, File.ReadAllBytes(System.IO.Path.Combine(target, StoreOptions.DatabaseFile)));
        var forced = StoreRestore.Restore(Path("backup.db"), target, force: true, TimeProvider.System);
        Assert.True(forced.Succeeded, forced.Failure?.Message);
        Assert.Equal(0, Counts(target).GetValueOrDefault("users") - forced.Value.Counts["users"]);
    }

    [Fact]
    public void Restore_RejectsAFileThatIsNotABackup_AndLeavesTheFolderUntouched()
    {
        File.WriteAllBytes(Path("noise.db"), Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31)).ToArray());
        var target = Path("target");

        var refused = StoreRestore.Restore(Path("noise.db"), target, force: true, TimeProvider.System);

        Assert.Equal(FailureKind.Validation, refused.Failure?.Kind);
        Assert.Contains("not a ComplianceDashboard backup", refused.Failure!.Message);
        Assert.False(File.Exists(System.IO.Path.Combine(target, StoreOptions.DatabaseFile)));
        Assert.Equal([DataFolderLock.FileName], Directory.GetFileSystemEntries(target).Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public void Backup_IsRefused_WithoutThePermission()
    {
        var officer = Actor.User("officer@example.test", "Officer", Role.ComplianceOfficer);

        var refused = _store.Get<BackupService>().Take(officer, Path("backup.db"));

        Assert.Equal(FailureKind.Forbidden, refused.Failure?.Kind);
        Assert.False(File.Exists(Path("backup.db")));
    }
}
