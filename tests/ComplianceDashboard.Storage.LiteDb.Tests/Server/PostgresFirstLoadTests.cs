using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Objections;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Server;

/// <summary>
/// A first load into an empty objections table drops its secondary indexes and builds them again once the rows are in; it
/// never leaves the table without them, and never waits for another session to let go of the table.
/// </summary>
public sealed class PostgresFirstLoadTests : IDisposable
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
    private readonly TestStore _store = TestStore.Create(StoreProvider.Postgres, demoMode: false);

    public PostgresFirstLoadTests()
    {
        foreach (var code in new[] { "UK", "EU", "BR" })
            Assert.True(_store.Get<JurisdictionService>().CreateFromPreset(Actor.System, code).Succeeded);
    }

    public void Dispose() => _store.Dispose();

    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_store.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The objections table's secondary indexes: name, definition and the object id a rebuild changes.</summary>
    private List<(string Name, string Definition, uint Oid)> SecondaryIndexes()
    {
        using var connection = Connect();
        using var command = new NpgsqlCommand(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'objections'::regclass AND NOT i.indisprimary ORDER BY c.relname
            """, connection);
        using var reader = command.ExecuteReader();
        var indexes = new List<(string, string, uint)>();
        while (reader.Read()) indexes.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<uint>(2)));
        return indexes;
    }

    private Result<ImportReport> Import(params string[] rows) =>
        _store.Get<ObjectionService>().Import(Officer, new MemoryStream(Encoding.UTF8.GetBytes(ObjectionImportTests.Header + "\n" + string.Join("\n", rows))), "first.csv");

    private static readonly string[] Rows =
    [
        ObjectionImportTests.Row("A"),
        ObjectionImportTests.Row("B", "honoured", "2026-01-06T09:00:00Z"),
        ObjectionImportTests.Row("C", "refused", "2026-01-07T09:00:00Z", grounds: "Could not verify the account"),
    ];

    [Fact]
    public void AFirstLoad_BuildsEverySecondaryIndexAgain_WithTheSameNameAndDefinition()
    {
        var before = SecondaryIndexes();

        var report = Import(Rows).Value;

        var after = SecondaryIndexes();
        Assert.True(report.Accepted);
        Assert.Equal(3, report.Inserted);
        Assert.True(before.Count >= 6, $"the objections table has {before.Count} secondary indexes");
        Assert.Equal(before.Select(i => (i.Name, i.Definition)), after.Select(i => (i.Name, i.Definition)));
        Assert.All(before.Zip(after), pair => Assert.NotEqual(pair.First.Oid, pair.Second.Oid));
        // The rebuilt indexes hold the loaded rows: the subject search and the open set find them through them.
        var repository = _store.Get<IObjectionRepository>();
        Assert.Equal(["A"], repository.Snapshot().Open.Select(o => o.Id));
        Assert.Equal(1, repository.Search(new ObjectionQuery(ObjectionFilter.All, Search: "s-1C")).TotalCount);
    }

    [Fact]
    public void AFirstLoadThatIsRejected_LeavesEveryIndexAsItWas_AndNoRow()
    {
        var before = SecondaryIndexes();

        var report = Import([.. Rows, ObjectionImportTests.Row("D", "honoured")]).Value;

        Assert.False(report.Accepted);
        Assert.Equal(before, SecondaryIndexes());
        Assert.Empty(_store.Get<IObjectionRepository>().All());
    }

    [Fact]
    public void AFirstLoadWhileAnotherSessionReadsTheTable_DoesNotWaitForIt_AndMaintainsTheIndexesAsItGoes()
    {
        var before = SecondaryIndexes();
        using var reader = Connect();
        using var transaction = reader.BeginTransaction();
        using (var read = new NpgsqlCommand("SELECT count(*) FROM objections", reader, transaction)) read.ExecuteScalar();

        // The reader's transaction still holds its lock on the table while the import runs on this thread.
        var report = Import(Rows).Value;

        Assert.True(report.Accepted);
        Assert.Equal(3, report.Inserted);
        Assert.Equal(before, SecondaryIndexes());
        transaction.Commit();
        Assert.Equal(3, _store.Get<IObjectionRepository>().All().Count());
    }
}
