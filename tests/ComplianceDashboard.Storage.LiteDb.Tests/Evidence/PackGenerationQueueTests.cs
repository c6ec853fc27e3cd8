using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.Postgres.Evidence;
using ComplianceDashboard.Testing;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Evidence;

/// <summary>
/// The pack queue's contract on both stores. "Another worker" is, on LiteDB, a second caller of the one queue in the process;
/// on PostgreSQL, the queue of a second store (another instance) on the same database.
/// </summary>
public abstract class PackGenerationQueueTests(StoreProvider provider) : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly TestStore _store = TestStore.Create(provider, demoMode: false);
    private SecondInstance? _second;

    public void Dispose()
    {
        _second?.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    private IPackGenerationQueue Queue => _store.Get<IPackGenerationQueue>();

    /// <summary>The queue as another worker sees it (another instance's, on PostgreSQL).</summary>
    private IPackGenerationQueue Other()
    {
        if (provider == StoreProvider.LiteDb) return Queue;
        _second ??= SecondInstance.On(_store);
        return _second.Get<IPackGenerationQueue>();
    }

    internal static GenerationJob Job(string packId, DateTime requestedAt, string classification = "CONFIDENTIAL") => new(packId, new PackParameters
    {
        Jurisdiction = "UK", PeriodFrom = new DateOnly(2026, 1, 1), PeriodTo = new DateOnly(2026, 1, 31), AsOf = new DateTime(2026, 2, 1, 0, 0, 0, 123, DateTimeKind.Utc),
        Audience = PackAudience.Regulator, Classification = classification,
    }, Actor.User("officer@example.com", "Olivia Officer", Role.ComplianceOfficer), requestedAt);

    [Fact]
    public void AJobRequestedTwice_IsQueuedOnce_WithItsParametersAndRequesterIntact()
    {
        var first = Queue.Enqueue(Job("pack-a", T0, "FIRST"));
        var again = Other().Enqueue(Job("pack-a", T0.AddMinutes(1), "SECOND"));

        Assert.Equal(GenerationState.Queued, first.State);
        var pending = Assert.Single(Queue.Pending());
        Assert.Equal("FIRST", pending.Parameters.Classification);
        Assert.Equal("FIRST", again.Parameters.Classification);
        Assert.Equal(Job("pack-a", T0, "FIRST").Parameters, pending.Parameters);
        Assert.Equal(T0, pending.RequestedAt);
        Assert.Equal("user:officer@example.com", pending.RequestedBy.Id);
        Assert.Equal("Olivia Officer", pending.RequestedBy.DisplayName);
        Assert.Equal(RolePermissions.Of(Role.ComplianceOfficer).Order(), pending.RequestedBy.Permissions.Order());
    }

    [Fact]
    public void Workers_ClaimTheOldestQueuedJob_AndSkipTheOneAnotherWorkerHolds_WhichShowsAsRunning()
    {
        Queue.Enqueue(Job("pack-late", T0.AddMinutes(5)));
        Queue.Enqueue(Job("pack-early", T0));

        using var first = Other().TryClaim();
        using var second = Queue.TryClaim();
        using var none = Queue.TryClaim();

        Assert.Equal("pack-early", first?.Job.PackId);
        Assert.Equal("pack-late", second?.Job.PackId);
        Assert.Null(none);
        Assert.Equal(GenerationState.Running, Queue.Find("pack-early")?.State);
        Assert.Equal([GenerationState.Running, GenerationState.Running], Queue.Pending().Select(j => j.State));
    }

    [Fact]
    public void AClaimReleasedWithoutAnOutcome_LeavesTheJobQueued_ForAnotherWorker()
    {
        Queue.Enqueue(Job("pack-a", T0));
        using (var abandoned = Other().TryClaim())
            Assert.NotNull(abandoned);

        Assert.Equal(GenerationState.Queued, Queue.Find("pack-a")?.State);
        using var next = Queue.TryClaim();
        Assert.Equal("pack-a", next?.Job.PackId);
    }

    [Fact]
    public void ACompletedJob_LeavesTheQueue()
    {
        Queue.Enqueue(Job("pack-a", T0));
        using (var claim = Other().TryClaim())
            claim!.Complete();

        Assert.Null(Queue.Find("pack-a"));
        Assert.Empty(Queue.Pending());
        Assert.Null(Queue.TryClaim());
    }

    [Fact]
    public void AFailedJob_KeepsItsReason_IsNotClaimed_AndIsQueuedAgainWhenRequestedAgain()
    {
        Queue.Enqueue(Job("pack-a", T0));
        using (var claim = Other().TryClaim())
            claim!.Fail("The renderer ran out of fonts.");

        var failed = Queue.Find("pack-a");
        Assert.Equal(GenerationState.Failed, failed?.State);
        Assert.Equal("The renderer ran out of fonts.", failed?.Error);
        Assert.Null(Queue.TryClaim());

        var again = Queue.Enqueue(Job("pack-a", T0.AddHours(1)));

        Assert.Equal(GenerationState.Queued, again.State);
        Assert.Null(again.Error);
        using var retry = Other().TryClaim();
        Assert.Equal("pack-a", retry?.Job.PackId);
    }

    public sealed class OnLiteDb() : PackGenerationQueueTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : PackGenerationQueueTests(StoreProvider.Postgres)
    {
        [Fact]
        public async Task AClaimWhoseSessionIsKilled_IsReleasedByTheServer_AndAnotherInstanceClaimsTheJob()
        {
            Queue.Enqueue(Job("pack-a", T0));
            var doomed = Other().TryClaim();
            Assert.NotNull(doomed);

            Assert.True(TerminateClaimSessions(_store.ConnectionString) > 0, "a session held the claim");
            using var taken = await Conditions.UntilAsync(() => Queue.TryClaim(), "the job to be claimable again");

            Assert.Equal("pack-a", taken.Job.PackId);
            // The dead claim cannot record an outcome; its job is the new claim's.
            Assert.ThrowsAny<Exception>(() => doomed.Complete());
            doomed.Dispose();
            taken.Complete();
            Assert.Empty(Queue.Pending());
        }

        /// <summary>Ends the sessions that hold a pack claim (the advisory lock a claiming transaction takes), as a dying instance's would end.</summary>
        internal static int TerminateClaimSessions(string connectionString)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 " +
                "AND classid = $1::int4::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            command.Parameters.AddWithValue(PostgresPackGenerationQueue.RunningLockSpace);
            return (int)(long)command.ExecuteScalar()!;
        }
    }
}
