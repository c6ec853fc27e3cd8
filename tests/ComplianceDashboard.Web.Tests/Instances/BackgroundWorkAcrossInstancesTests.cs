using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Instances;

/// <summary>
/// Issue 16 item 3 on a real PostgreSQL: two instances of the app's background work on one database. The compliance
/// schedule runs once per interval and moves to the other instance when the one running it goes; packs requested through
/// either instance are generated once each, by either, and download from both; a worker that loses its database session
/// while generating loses the pack to the other instance, and the pack is still stored once.
/// </summary>
public sealed class BackgroundWorkAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly Actor Officer = Actor.User("officer@example.com", "Olivia Officer", Role.ComplianceOfficer);
    private readonly string _database = PostgresTestDatabases.Create();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly List<BackgroundWorkInstance> _instances = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.StopAsync();
        PostgresTestDatabases.Drop(_database);
    }

    private static Dictionary<string, string?> Settings(bool schedule) => new()
    {
        ["ComplianceDashboard:Compliance:ScheduleEnabled"] = schedule ? "true" : "false",
        ["ComplianceDashboard:Compliance:ScheduleInterval"] = "00:00:01",
        ["ComplianceDashboard:Compliance:FailoverCheckInterval"] = "00:00:00.100",
        ["ComplianceDashboard:EvidencePacks:PollInterval"] = "00:00:00.100",
    };

    private async Task<BackgroundWorkInstance> StartAsync(string name, bool schedule, RecordingRenderer? renderer = null, bool seedDemo = false)
    {
        var instance = await BackgroundWorkInstance.StartAsync(name, _database, Settings(schedule), services =>
        {
            if (renderer is null) return;
            services.AddSingleton<EvidencePackDocument>();
            services.AddSingleton<IEvidencePackRenderer>(sp => renderer.Around(sp.GetRequiredService<EvidencePackDocument>()));
        }, seedDemo);
        _instances.Add(instance);
        return instance;
    }

    private List<ComplianceRun> ScheduledRuns(BackgroundWorkInstance instance, string jurisdiction) =>
        [.. instance.Get<ComplianceService>().History(jurisdiction).Where(r => r.Trigger == RunTrigger.Scheduled && r.RanAt >= _started.AddSeconds(-1))];

    [Fact]
    public async Task TheScheduledRun_HappensOncePerInterval_WithTwoInstancesUp()
    {
        var a = await StartAsync("instance-a", schedule: true, seedDemo: true);
        var b = await StartAsync("instance-b", schedule: true);

        await Conditions.UntilAsync(() => ScheduledRuns(b, "UK").Count >= 4, "four scheduled runs");

        Assert.Single(new[] { a, b }, i => i.Schedule.RunsHere);
        foreach (var jurisdiction in new[] { "BR", "EU", "UK" })
        {
            var runs = ScheduledRuns(a, jurisdiction);
            Assert.True(runs.Count >= 3, $"{jurisdiction} ran {runs.Count} times");
            // Two instances running the schedule would both run when it is due: runs less than an interval apart.
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second.RanAt - pair.First.RanAt >= Interval,
                $"{jurisdiction} ran at {pair.First.RanAt:HH:mm:ss.fff} and again at {pair.Second.RanAt:HH:mm:ss.fff}"));
        }
    }

    [Fact]
    public async Task WhenTheInstanceRunningTheScheduleGoes_TheOtherRunsIt_AndTheCadenceHolds()
    {
        var a = await StartAsync("instance-a", schedule: true, seedDemo: true);
        var b = await StartAsync("instance-b", schedule: true);
        await Conditions.UntilAsync(() => ScheduledRuns(a, "UK").Count >= 1 && (a.Schedule.RunsHere || b.Schedule.RunsHere), "the first scheduled run");
        var (leader, other) = a.Schedule.RunsHere ? (a, b) : (b, a);
        Assert.False(other.Schedule.RunsHere);

        // The instance loses its database sessions and stops, as a crashed machine's would.
        Assert.True(leader.TerminateSessions() > 0, "the leader had database sessions");
        await leader.StopAsync();
        var before = ScheduledRuns(other, "UK").Count;
        await Conditions.UntilAsync(() => other.Schedule.RunsHere && ScheduledRuns(other, "UK").Count >= before + 2, "two runs by the other instance");

        var runs = ScheduledRuns(other, "UK");
        // The instance taking over continues from the latest stored run: never a second run within half an interval.
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second.RanAt - pair.First.RanAt >= Interval / 2,
            $"UK ran at {pair.First.RanAt:HH:mm:ss.fff} and again at {pair.Second.RanAt:HH:mm:ss.fff}"));
    }

    private static PackParameters Parameters(DateTime asOf, string classification) => new()
    {
        Jurisdiction = "UK", PeriodFrom = DateOnly.FromDateTime(asOf).AddDays(-30), PeriodTo = DateOnly.FromDateTime(asOf), AsOf = asOf,
        Audience = PackAudience.Internal, Classification = classification,
    };

    /// <summary>Asks for a pack through an instance as the API and the page do: prepare, then queue unless it is stored.</summary>
    private static string Request(BackgroundWorkInstance instance, PackParameters parameters)
    {
        var prepared = instance.Get<EvidencePackService>().Prepare(Officer, parameters);
        Assert.True(prepared.Succeeded, prepared.Failure?.Message);
        if (prepared.Value.Existing is null) instance.PackQueue.Enqueue(Officer, prepared.Value);
        return prepared.Value.Id;
    }

    private static List<string> GeneratedEntries(BackgroundWorkInstance instance) =>
        [.. instance.Get<IAuditLog>().ReadAll().Where(e => e.Action == "evidence-pack.generated").Select(e => e.EntityId)];

    [Fact]
    public async Task PacksRequestedThroughBothInstances_AreEachGeneratedOnce_AndDownloadFromEither()
    {
        var (renderedByA, renderedByB) = (new RecordingRenderer(), new RecordingRenderer());
        var a = await StartAsync("instance-a", schedule: false, renderedByA, seedDemo: true);
        var b = await StartAsync("instance-b", schedule: false, renderedByB);
        var asOf = a.Get<TimeProvider>().UtcNowMs();

        // Six packs, each asked for through one instance and then through the other as well.
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (first, second) = i % 2 == 0 ? (a, b) : (b, a);
            var id = Request(first, Parameters(asOf, $"SPREAD {i}"));
            Assert.Equal(id, Request(second, Parameters(asOf, $"SPREAD {i}")));
            ids.Add(id);
        }
        await Conditions.UntilAsync(() => ids.All(id => b.Get<EvidencePackService>().Find(id) is not null) && a.PackQueue.Active().Count == 0,
            "every pack stored and the queue empty");

        Assert.Equal(6, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), GeneratedEntries(a).Order(StringComparer.Ordinal));
        Assert.Equal(6, renderedByA.Calls + renderedByB.Calls);
        foreach (var id in ids)
        {
            var fromA = a.Get<EvidencePackService>().Pdf(id);
            var fromB = b.Get<EvidencePackService>().Pdf(id);
            Assert.NotNull(fromA);
            Assert.Equal(fromA, fromB);
            Assert.Equal(b.Get<EvidencePackService>().Find(id)!.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(fromB!)));
        }
        var chain = a.Get<AuditService>().Verify(Actor.System).Value;
        Assert.True(chain.Intact, chain.Problem);
    }

    [Fact]
    public async Task AWorkerThatLosesItsDatabaseSessionMidGeneration_LosesThePackToTheOtherInstance_WhichStoresItOnce()
    {
        var heldOnA = new RecordingRenderer(held: true);
        var renderedByB = new RecordingRenderer();
        var a = await StartAsync("instance-a", schedule: false, heldOnA, seedDemo: true);
        var id = Request(a, Parameters(a.Get<TimeProvider>().UtcNowMs(), "LOST CLAIM"));
        await heldOnA.Entered.Task.WaitAsync(Conditions.DefaultTimeout);

        var b = await StartAsync("instance-b", schedule: false, renderedByB);
        Assert.Equal(GenerationState.Running, b.PackQueue.Find(id)?.State);
        Assert.Equal(0, renderedByB.Calls);

        // Instance A loses every database session (its claim among them) while it is still rendering.
        Assert.True(a.TerminateSessions() > 0, "instance A had database sessions");
        await Conditions.UntilAsync(() => b.Get<EvidencePackService>().Find(id) is not null, "instance B to store the pack");

        // A finishes rendering afterwards; its late attempt finds the pack stored and stores nothing more.
        heldOnA.Released.SetResult();
        var fromA = await Conditions.UntilAsync(() => TryRead(() => a.Get<EvidencePackService>().Pdf(id)), "instance A to read the pack again");
        await a.StopAsync();

        Assert.Equal(1, renderedByB.Calls);
        Assert.Equal([id], GeneratedEntries(b));
        Assert.Empty(b.PackQueue.Active());
        Assert.Equal(b.Get<EvidencePackService>().Pdf(id), fromA);
    }

    /// <summary>A read through an instance whose sessions were ended: the first may fail (the pool's connections are dead), later ones reconnect.</summary>
    private static T? TryRead<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (StoreUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Counts renders around the real renderer; a held one waits, once it has started, until the test releases it.</summary>
    public sealed class RecordingRenderer(bool held = false)
    {
        private int _calls;

        public bool Held { get; } = held;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls => Volatile.Read(ref _calls);

        public IEvidencePackRenderer Around(IEvidencePackRenderer inner) => new Renderer(this, inner);

        private sealed class Renderer(RecordingRenderer recording, IEvidencePackRenderer inner) : IEvidencePackRenderer
        {
            public RenderedPack Render(EvidencePackHeader header, EvidenceSnapshot snapshot)
            {
                Interlocked.Increment(ref recording._calls);
                recording.Entered.TrySetResult();
                if (recording.Held) recording.Released.Task.Wait(Conditions.DefaultTimeout);
                return inner.Render(header, snapshot);
            }
        }
    }
}
