using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Storage.Postgres.Common;
using ComplianceDashboard.Testing;
using Npgsql;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>
/// Exclusive background work on both stores: one holder at a time. "Another instance" is, on LiteDB, a second caller in
/// the one process that owns the data folder; on PostgreSQL, a second store on the same database.
/// </summary>
public abstract class ExclusiveWorkTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider, demoMode: false);
    private SecondInstance? _second;

    public void Dispose()
    {
        _second?.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    private IExclusiveWork Here => _store.Get<IExclusiveWork>();

    private IExclusiveWork Elsewhere()
    {
        if (provider == StoreProvider.LiteDb) return Here;
        _second ??= SecondInstance.On(_store);
        return _second.Get<IExclusiveWork>();
    }

    [Fact]
    public void TheWork_HasOneHolderAtATime_AndIsFreeForAnotherOnceReleased()
    {
        var held = Here.TryTake("compliance-schedule");
        Assert.NotNull(held);
        Assert.True(held.StillHeld());
        Assert.Null(Elsewhere().TryTake("compliance-schedule"));

        held.Dispose();

        Assert.False(held.StillHeld());
        using var taken = Elsewhere().TryTake("compliance-schedule");
        Assert.NotNull(taken);
        Assert.True(taken.StillHeld());
    }

    [Fact]
    public void DifferentWork_IsHeldIndependently()
    {
        using var schedule = Here.TryTake("compliance-schedule");
        using var other = Elsewhere().TryTake("another-job");

        Assert.NotNull(schedule);
        Assert.NotNull(other);
    }

    public sealed class OnLiteDb() : ExclusiveWorkTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ExclusiveWorkTests(StoreProvider.Postgres)
    {
        [Fact]
        public async Task WhenTheHoldersSessionIsKilled_TheServerReleasesTheWork_TheHolderKnows_AndAnotherInstanceTakesIt()
        {
            using var held = Here.TryTake("compliance-schedule");
            Assert.NotNull(held);

            using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_store.ConnectionString) { Pooling = false }.ConnectionString))
            {
                connection.Open();
                using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 " +
                    "AND classid = $1::int4::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
                kill.Parameters.AddWithValue(PostgresExclusiveWork.LockSpace);
                Assert.Equal(1L, kill.ExecuteScalar());
            }

            using var taken = await Conditions.UntilAsync(() => Elsewhere().TryTake("compliance-schedule"), "another instance to take the work");
            Assert.False(held.StillHeld());
            Assert.True(taken.StillHeld());
        }
    }
}
