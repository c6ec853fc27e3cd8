using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.Postgres;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using ComplianceDashboard.Web.Cli;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Cli;

/// <summary>A clock that stands still, so data written through the services is the same wherever it is written.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// A LiteDB demo store in a temp folder, written through the services on a fixed clock a week before today: the demo
/// programme (12,000 objections, more than one chunk of a move), an API key, single sign-on settings an admin changed,
/// a compliance run per jurisdiction and a stored evidence pack. The moves under test copy it; none changes it.
/// </summary>
public sealed class MovableDemoStore : IDisposable
{
    public static readonly FixedClock Clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-7).AddHours(12), TimeSpan.Zero));
    public const int Objections = 12_000;
    private readonly TempFolder _folder = new();

    public MovableDemoStore()
    {
        using var store = StoreEnd.LiteDb(_folder.Path, Clock, demoMode: true, demoObjections: Objections);
        Assert.True(store.Get<DemoProgramme>().Seed().Succeeded);
        Assert.True(store.Get<ApiKeyService>().Create(Actor.CommandLine, "nightly backup", ApiScope.Backup).Succeeded);
        Assert.True(store.Get<SingleSignOnService>().SetProvisioning(Actor.CommandLine, Provisioning.CreatedAtFirstSignIn).Succeeded);
        Assert.True(store.Get<ComplianceService>().RunAll(Actor.CommandLine, RunTrigger.OnDemand).Succeeded);
        var generated = store.Get<EvidencePackService>().Generate(EvidencePackGenerationTests.Officer, PackParameters);
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        PackId = generated.Value.Id;
    }

    public string Folder => _folder.Path;
    public string PackId { get; }

    /// <summary>A UK pack as of a second before the store's clock, so before any move.</summary>
    public static PackParameters PackParameters
    {
        get
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(now);
            return new PackParameters
            {
                Jurisdiction = "UK", PeriodFrom = today.AddDays(-120), PeriodTo = today, AsOf = now.AddSeconds(-1),
                Audience = PackAudience.Internal, Classification = "CONFIDENTIAL",
            };
        }
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// Moving a LiteDB store into PostgreSQL with <c>store copy --to-postgres</c>: a real data folder, a real throwaway server,
/// every kind of record compared through both stores' ports, the PDFs compared byte for byte.
/// </summary>
public sealed class StoreCopyTests(MovableDemoStore source) : IClassFixture<MovableDemoStore>, IDisposable
{
    private readonly List<string> _databases = [];

    public void Dispose()
    {
        foreach (var database in _databases) PostgresTestDatabases.Drop(database);
    }

    /// <summary>A database with nothing in it at all (not even the schema), as an operator's createdb makes it.</summary>
    private string NewEmptyDatabase()
    {
        var name = $"cd_move_{Guid.NewGuid():N}";
        PostgresTestDatabases.Admin($"CREATE DATABASE {name}");
        _databases.Add(name);
        return PostgresTestDatabases.ConnectionString(name);
    }

    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CommandLine.Run(args, new StringReader(""), output, error, settings: null);
        return (exitCode, output.ToString(), error.ToString());
    }

    private (int ExitCode, string Out, string Error) Copy(string connectionString) =>
        Run("--data-dir", source.Folder, "store", "copy", "--to-postgres", connectionString);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void CopyingTheDemoStore_KeepsEveryRecordAsStored_AuditsTheMove_AndTheCopyVerifies()
    {
        var target = NewEmptyDatabase();

        var (exitCode, output, error) = Copy(target);

        Assert.True(exitCode == CommandLine.Ok, $"exit {exitCode}: {output} {error}");
        Assert.Contains("Audit chain of the copy Intact", output);
        using var from = StoreEnd.LiteDb(source.Folder, MovableDemoStore.Clock);
        var objections = from.Ports.Objections.All().LongCount();
        Assert.True(objections > 10_000, "the demo store holds less than one chunk of objections");
        Assert.Contains($"  {"objections",-24} {objections,12:N0}", output);
        using var to = StoreEnd.Postgres(target, MovableDemoStore.Clock, demoMode: false);
        // The identity travels: a demo store stays demo (the target was opened as a real one), created when it was.
        Assert.Equal(from.Ports.Info.Info, to.Ports.Info.Info);
        Assert.Equal(StoreMode.Demo, to.Ports.Info.Info.Mode);

        var counted = from.Ports.Count();
        var copied = to.Ports.Count();
        Assert.Equal(StoreCopy.Kinds, copied.Select(c => c.Kind));
        string[] held = ["users", "API keys", "single sign-on settings", "jurisdictions", "campaigns", "cohorts", "assessments", "compliance runs", "complaints", "objection rollups", "evidence packs"];
        Assert.All(counted.Where(c => held.Contains(c.Kind)), c => Assert.True(c.Rows > 0, $"the source holds no {c.Kind}, so the test proves nothing about them"));
        Assert.Equal(counted.Where(c => c.Kind != "audit entries"), copied.Where(c => c.Kind != "audit entries"));
        Assert.Equal(counted.Single(c => c.Kind == "audit entries").Rows + 1, copied.Single(c => c.Kind == "audit entries").Rows);

        // The chain: every entry as it was (sequence, time, actor, hash), then the move, linked to it.
        var entries = from.Ports.Audit.ReadAll().ToList();
        var copiedEntries = to.Ports.Audit.ReadAll().ToList();
        Assert.Equal(entries, copiedEntries.Take(entries.Count));
        var move = Assert.Single(copiedEntries.Skip(entries.Count));
        Assert.Equal(StoreCopy.MovedAction, move.Action);
        Assert.Equal(entries[^1].Hash, move.PreviousHash);
        Assert.Contains($"Store copied from the LiteDB data folder {source.Folder} (Demo store created", move.Summary);
        Assert.True(to.Get<AuditService>().Verify(Actor.CommandLine).Value.Intact);

        // Records as stored: ids, versions, history, hashed secrets.
        Assert.Equal(Json(from.Ports.Users.All()), Json(to.Ports.Users.All()));
        Assert.Equal(Json(from.Ports.ApiKeys.All().OrderBy(k => k.Id, StringComparer.Ordinal)), Json(to.Ports.ApiKeys.All()));
        Assert.Equal(Provisioning.CreatedAtFirstSignIn, to.Ports.SingleSignOn.Get().Provisioning);
        Assert.Equal(Json(from.Ports.SingleSignOn.Get()), Json(to.Ports.SingleSignOn.Get()));
        Assert.Equal(Json(from.Ports.Jurisdictions.All().OrderBy(j => j.Id, StringComparer.Ordinal)), Json(to.Ports.Jurisdictions.All()));
        Assert.Equal(Json(from.Ports.Assessments.All().OrderBy(a => a.Id, StringComparer.Ordinal)), Json(to.Ports.Assessments.All()));
        Assert.Equal(Json(from.Ports.ComplianceRuns.All()), Json(to.Ports.ComplianceRuns.All()));
        Assert.Equal(Json(from.Ports.Complaints.All().OrderBy(c => c.Id, StringComparer.Ordinal)), Json(to.Ports.Complaints.All().OrderBy(c => c.Id, StringComparer.Ordinal)));
        Assert.Equal(Json(from.Ports.Objections.All().OrderBy(o => o.Id, StringComparer.Ordinal)), Json(to.Ports.Objections.All().OrderBy(o => o.Id, StringComparer.Ordinal)));
        Assert.Equal(Json(from.Ports.Objections.StoredRollups()), Json(to.Ports.Objections.StoredRollups()));
        Assert.Equal(Json(from.Ports.EvidencePacks.All()), Json(to.Ports.EvidencePacks.All()));
        Assert.Equal(from.Ports.EvidencePacks.Pdf(source.PackId), to.Ports.EvidencePacks.Pdf(source.PackId));
    }

    [Fact]
    public void APackAsOfAMomentBeforeTheMove_IsByteIdentical_FromLiteDbAndFromTheCopy_AndTheStoredPackReproducesOnTheCopy()
    {
        var target = NewEmptyDatabase();
        Assert.Equal(CommandLine.Ok, Copy(target).ExitCode);

        byte[] fromLiteDb, fromCopy;
        string idOnLiteDb, idOnCopy;
        using (var from = StoreEnd.LiteDb(source.Folder, MovableDemoStore.Clock))
        {
            var packs = from.Get<EvidencePackService>();
            var prepared = packs.Prepare(EvidencePackGenerationTests.Officer, MovableDemoStore.PackParameters with { Classification = "moved" }).Value;
            (idOnLiteDb, fromLiteDb) = (prepared.Id, packs.Render(prepared).Pdf);
        }
        using (var to = StoreEnd.Postgres(target, MovableDemoStore.Clock))
        {
            var packs = to.Get<EvidencePackService>();
            var prepared = packs.Prepare(EvidencePackGenerationTests.Officer, MovableDemoStore.PackParameters with { Classification = "moved" }).Value;
            (idOnCopy, fromCopy) = (prepared.Id, packs.Render(prepared).Pdf);
        }

        Assert.Equal(idOnLiteDb, idOnCopy);
        Assert.Equal(fromLiteDb, fromCopy);
        var reproduced = Path.Combine(source.Folder, "..", $"{Guid.NewGuid():N}.pdf");
        var output = new StringWriter();
        var exitCode = CommandLine.Run(["packs", "reproduce", source.PackId, "--to", reproduced], new StringReader(""), output, new StringWriter(),
            new Dictionary<string, string?> { [DashboardStore.ProviderKey] = "Postgres", [$"ConnectionStrings:{DashboardStore.ConnectionStringName}"] = target });
        try
        {
            Assert.True(exitCode == CommandLine.Ok, output.ToString());
            Assert.Contains($"is byte-identical to evidence pack {source.PackId}", output.ToString());
        }
        finally
        {
            File.Delete(reproduced);
        }
    }

    [Fact]
    public void ADatabaseThatHoldsAStore_IsRefusedWithOneLine_AndNothingIsWrittenToIt()
    {
        var target = NewEmptyDatabase();
        using (var existing = StoreEnd.Postgres(target, TimeProvider.System, demoMode: false))
            Assert.True(existing.Get<UserService>().Add(Actor.CommandLine, "kept@example.org", "Kept", Role.Admin, "Correct-Horse-Battery-7").Succeeded);
        var before = StoreEnd.RowsByTable(target);

        var (exitCode, output, error) = Copy(target);

        Assert.Equal(CommandLine.Failed, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is not empty: it holds a ComplianceDashboard store (Real store created", line);
        Assert.Contains("1 audit entries", line);
        Assert.Equal("", output);
        Assert.Equal(before, StoreEnd.RowsByTable(target));
    }

    [Fact]
    public void ADatabaseOfAnotherApplication_IsRefused_AndLeftWithoutOurSchema()
    {
        var target = NewEmptyDatabase();
        StoreEnd.Query(target, "CREATE TABLE invoices (id int PRIMARY KEY)");

        var (exitCode, _, error) = Copy(target);

        Assert.Equal(CommandLine.Failed, exitCode);
        Assert.Contains("is not empty: it holds tables of another application (invoices)", error);
        Assert.Equal(["invoices"], StoreEnd.RowsByTable(target).Keys);
    }

    /// <summary>Runs the move as the command does, through both stores' ports, stopping it where <paramref name="midway"/> says.</summary>
    private void CopyStoppedMidway(string target, Action<StoreCopyProgress, CancellationTokenSource> midway)
    {
        using var from = StoreEnd.LiteDb(source.Folder, MovableDemoStore.Clock);
        var opened = PostgresStore.OpenEmpty(target, from.Ports.Info.Info);
        Assert.True(opened.Succeeded, opened.Failure?.Message);
        using var store = opened.Value;
        using var to = new ServiceCollection().AddSingleton<TimeProvider>(MovableDemoStore.Clock).AddPostgresStorage(store).BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        var failure = Record.Exception(() => StoreCopy.Copy(from.Ports, StorePorts.Of(to), to.GetRequiredService<IStoreCopyTarget>(),
            Actor.CommandLine, "the test's data folder", p => midway(p, stop), stop.Token));
        Assert.NotNull(failure);
    }

    private static void AssertEmpty(string target) =>
        Assert.All(StoreEnd.RowsByTable(target).Where(t => t.Key is not (PostgresSchemaTables.Changelog or "store_compatibility" or "objection_state")),
            t => Assert.True(t.Value == 0, $"{t.Key} holds {t.Value} rows after a copy that did not finish"));

    [Fact]
    public void ACopyInterruptedAfterTheObjections_LeavesTheDatabaseEmpty_AndTheNextCopySucceeds()
    {
        var target = NewEmptyDatabase();
        var objectionsWritten = false;

        CopyStoppedMidway(target, (progress, stop) =>
        {
            if (progress is not { Kind: "objections", Done: true }) return;
            objectionsWritten = true;
            stop.Cancel(); // the operator's Ctrl+C
        });

        Assert.True(objectionsWritten);
        AssertEmpty(target);
        var (exitCode, output, error) = Copy(target);
        Assert.True(exitCode == CommandLine.Ok, $"exit {exitCode}: {output} {error}");
    }

    [Fact]
    public void ACopyWhoseConnectionIsLostMidway_LeavesTheDatabaseEmpty()
    {
        var target = NewEmptyDatabase();
        var lost = false;

        CopyStoppedMidway(target, (progress, _) =>
        {
            if (progress is not { Kind: "objection rollups", Done: true } || lost) return;
            lost = true;
            // The server ends the copy's session between two statements (a failover, an operator, a crash).
            StoreEnd.Query(target, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
        });

        Assert.True(lost);
        AssertEmpty(target);
    }

    [Fact]
    public void WithoutATargetDatabase_TheCommandSaysWhatItNeeds()
    {
        var (exitCode, _, error) = Run("--data-dir", source.Folder, "store", "copy");

        Assert.Equal(CommandLine.Usage, exitCode);
        Assert.Contains("store copy needs --to-postgres", error);
    }
}

/// <summary>Table names the tests use that the adapter keeps internal.</summary>
internal static class PostgresSchemaTables
{
    public const string Changelog = "schema_changelog";
}
