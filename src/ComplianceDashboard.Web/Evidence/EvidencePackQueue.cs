using System.Collections.Concurrent;
using System.Threading.Channels;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;

namespace ComplianceDashboard.Web.Evidence;

/// <summary>Where a queued generation stands.</summary>
public enum GenerationState
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>One background generation of a pack.</summary>
public sealed record GenerationJob(string PackId, PackParameters Parameters, string RequestedBy, DateTime RequestedAt)
{
    public GenerationState State { get; set; } = GenerationState.Queued;
    public string? Error { get; set; }
}

/// <summary>
/// Generates packs in the background, at most <see cref="Workers"/> at once, further requests queued in order.
/// Requests for a pack already queued or running join it. Pages and the API poll <see cref="Find"/> or listen to <see cref="Changed"/>.
/// </summary>
public sealed class EvidencePackQueue(EvidencePackService packs, ILogger<EvidencePackQueue> logger) : BackgroundService
{
    public const int Workers = 2;
    private readonly Channel<(GenerationJob Job, Actor Actor, PreparedPack Prepared)> _channel = Channel.CreateUnbounded<(GenerationJob, Actor, PreparedPack)>();
    private readonly ConcurrentDictionary<string, GenerationJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Raised (on a worker thread) whenever a job changes state.</summary>
    public event Action<GenerationJob>? Changed;

    public GenerationJob? Find(string packId) => _jobs.GetValueOrDefault(packId);

    /// <summary>Jobs not yet finished plus failures, oldest first.</summary>
    public IReadOnlyList<GenerationJob> Active() =>
        [.. _jobs.Values.Where(j => j.State != GenerationState.Done).OrderBy(j => j.RequestedAt).ThenBy(j => j.PackId, StringComparer.Ordinal)];

    public GenerationJob Enqueue(Actor actor, PreparedPack prepared)
    {
        var job = new GenerationJob(prepared.Id, prepared.Parameters, actor.DisplayName, DateTime.UtcNow);
        var current = _jobs.AddOrUpdate(prepared.Id, job, (_, existing) => existing.State is GenerationState.Failed or GenerationState.Done ? job : existing);
        if (ReferenceEquals(current, job))
        {
            _channel.Writer.TryWrite((job, actor, prepared));
            Changed?.Invoke(job);
        }
        return current;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (job, actor, prepared) in _channel.Reader.ReadAllAsync(stoppingToken))
            {
                Set(job, GenerationState.Running);
                try
                {
                    var result = packs.Generate(actor, prepared);
                    job.Error = result.Failure?.Message;
                    Set(job, result.Succeeded ? GenerationState.Done : GenerationState.Failed);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Generating evidence pack {PackId} failed", job.PackId);
                    job.Error = "Generating the pack failed unexpectedly; the error is in the server log.";
                    Set(job, GenerationState.Failed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Set(GenerationJob job, GenerationState state)
    {
        job.State = state;
        Changed?.Invoke(job);
    }
}
