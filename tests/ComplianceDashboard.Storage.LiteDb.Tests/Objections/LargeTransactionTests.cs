using System.Text;
using ComplianceDashboard.Core;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

/// <summary>
/// An import larger than the memory a LiteDB transaction may keep (StoreOptions.TransactionMemoryPages, made tiny here):
/// LiteDB writes the transaction's dirty pages to its log on the way, uncommitted, and the import still commits whole
/// or rolls back whole.
/// </summary>
public sealed class LargeTransactionTests : IDisposable
{
    private const int Rows = 30_000;
    private readonly string _folder = TestStore.NewFolder();
    private LiteDbStore? _store;
    private ServiceProvider? _services;

    public LargeTransactionTests() => Open();

    public void Dispose()
    {
        Close();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private void Open()
    {
        _store = LiteDbStore.Open(new StoreOptions(_folder, DemoMode: false) { TransactionMemoryPages = 1_000 }, TimeProvider.System);
        _services = new ServiceCollection().AddComplianceCore().AddSingleton<TimeProvider>(new ManualClock()).AddLiteDbStorage(_store).BuildServiceProvider();
        if (Get<IJurisdictionRepository>().Find("UK") is null)
            Assert.True(Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK").Succeeded);
    }

    private void Close()
    {
        _services?.Dispose();
        _store?.Dispose();
    }

    private T Get<T>() where T : notnull => _services!.GetRequiredService<T>();

    private ImportReport Import(string[] rows) =>
        Get<ObjectionService>().Import(Actor.System, new MemoryStream(Encoding.UTF8.GetBytes(ObjectionImportTests.Header + "\n" + string.Join("\n", rows))), "large.csv").Value;

    private static string[] Many() =>
        Enumerable.Range(0, Rows).Select(i => ObjectionImportTests.Row($"L{i:D6}", "honoured", $"2026-01-06T{i / 3600 % 24:D2}:{i / 60 % 60:D2}:{i % 60:D2}Z")).ToArray();

    [Fact]
    public void Import_LargerThanTheTransactionMemory_WithABadLastRow_RollsBackEverything_AndTheStoreKeepsWorking()
    {
        var rows = Many();
        rows[^1] = ObjectionImportTests.Row("L029999", "refused", "2026-01-06T09:00:00Z");
        var head = Get<IAuditLog>().Head();

        var rejected = Import(rows);

        Assert.Equal([(Rows + 1, "refusal_grounds")], rejected.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Null(Get<IObjectionRepository>().Find("L000000"));
        Assert.Equal(head, Get<IAuditLog>().Head());
        Close();
        Open();
        Assert.Null(Get<IObjectionRepository>().Find("L000000"));
        Assert.Empty(Get<IObjectionRepository>().StoredRollups());
        Assert.Equal(Rows, Import(Many()).Inserted);
    }

    [Fact]
    public void Transaction_LargerThanItsMemory_WritesItsPagesToTheLog_BeforeItCommits()
    {
        var log = Path.Combine(_folder, StoreOptions.LogFile);
        var records = Enumerable.Range(0, Rows).Select(i => new Objection
        {
            Id = $"W{i:D6}", SubjectRef = $"s-{i}", Jurisdiction = "UK", ReceivedAt = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), Version = 1,
        }.Decide(new DeadlinePolicy())).ToList();
        long logBytesBeforeCommit = 0;

        var result = _store!.Write<Done>(() =>
        {
            Get<IObjectionRepository>().Save(records, [], []);
            logBytesBeforeCommit = new FileInfo(log).Length;
            return Failure.Validation("Rolled back on purpose.");
        });

        Assert.False(result.Succeeded);
        Assert.True(logBytesBeforeCommit > 8 * 1024 * 1024, $"The log held {logBytesBeforeCommit:N0} bytes before the commit.");
        Assert.Null(Get<IObjectionRepository>().Find("W000000"));
    }

    [Fact]
    public void Import_LargerThanTheTransactionMemory_CommitsEveryRow_AndSurvivesReopening()
    {
        var report = Import(Many());
        Close();
        Open();

        Assert.Equal(Rows, report.Inserted);
        Assert.Equal(Rows, Get<IObjectionRepository>().All().Count());
        Assert.Equal(Rows, Get<IObjectionRepository>().StoredRollups().Sum(r => r.Received));
        Assert.True(AuditChain.Verify(Get<IAuditLog>().ReadAll()).Intact);
    }
}
