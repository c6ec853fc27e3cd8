using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Identity;

/// <summary>The stored counters behind the sign-in lockout, the sign-in rate limit and the API-key failure limit.</summary>
public abstract class SecurityCountersTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TestStore _store;

    protected SecurityCountersTests(StoreProvider provider) => _store = TestStore.Create(provider, demoMode: false);

    public void Dispose() => _store.Dispose();

    private ISecurityCounters Counters => _store.Get<ISecurityCounters>();
    private DateTime Now => _store.Clock.UtcDateTime;

    [Fact]
    public void Increment_CountsInTheWindowTheFirstEventOpened_AndTheFirstEventAfterItClosesOpensANewOne()
    {
        var opened = Now;
        Counters.Increment("k", Now, Minute);
        _store.Clock.Advance(TimeSpan.FromSeconds(59));
        var second = Counters.Increment("k", Now, Minute);
        _store.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterClose = Counters.Increment("k", Now, Minute);

        Assert.Equal(new CounterWindow(2, opened + Minute), second);
        Assert.Equal(new CounterWindow(1, Now + Minute), afterClose);
        Assert.Equal(afterClose, Counters.Current("k", Now));
    }

    [Fact]
    public void Current_IsNull_ForAnUnknownCounter_AndOnceItsWindowHasClosed()
    {
        Counters.Increment("k", Now, Minute);
        Assert.Null(Counters.Current("other", Now));

        _store.Clock.Advance(Minute);

        Assert.Null(Counters.Current("k", Now));
    }

    [Fact]
    public void ClaimFirstReport_IsTrueOncePerWindow()
    {
        Assert.False(Counters.ClaimFirstReport("k", Now));
        Counters.Increment("k", Now, Minute);

        Assert.True(Counters.ClaimFirstReport("k", Now));
        Assert.False(Counters.ClaimFirstReport("k", Now));
        _store.Clock.Advance(Minute);
        Counters.Increment("k", Now, Minute);
        Assert.True(Counters.ClaimFirstReport("k", Now));
    }

    [Fact]
    public void Reset_ForgetsTheCounter()
    {
        Counters.Increment("k", Now, Minute);

        Counters.Reset("k");

        Assert.Null(Counters.Current("k", Now));
        Assert.Equal(1, Counters.Increment("k", Now, Minute).Count);
    }

    [Fact]
    public void IncrementsFromManyThreadsAtOnce_AreAllCounted()
    {
        const int threads = 8, each = 20;
        var now = Now;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (var i = 0; i < each; i++) Counters.Increment("k", now, Minute);
        });

        Assert.Equal(threads * each, Counters.Current("k", now)!.Count);
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : SecurityCountersTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : SecurityCountersTests(StoreProvider.Postgres);
}
