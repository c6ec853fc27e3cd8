using ComplianceDashboard.Core.Evidence;

namespace ComplianceDashboard.Storage.LiteDb.Evidence;

/// <summary>
/// The pack queue of a LiteDB store, in the process: one process owns a data folder, so the queue needs no sharing. Jobs are
/// claimed oldest first; a claim disposed without an outcome puts its job back in the queue. A restart forgets the queue
/// (the packs already stored stay; asking again queues the rest).
/// </summary>
public sealed class InProcessPackGenerationQueue : IPackGenerationQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GenerationJob> _jobs = new(StringComparer.Ordinal);

    public GenerationJob Enqueue(GenerationJob job)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(job.PackId, out var existing) && existing.State != GenerationState.Failed) return existing;
            var queued = job with { State = GenerationState.Queued, Error = null };
            _jobs[job.PackId] = queued;
            return queued;
        }
    }

    public GenerationJob? Find(string packId)
    {
        lock (_gate) return _jobs.GetValueOrDefault(packId);
    }

    public IReadOnlyList<GenerationJob> Pending()
    {
        lock (_gate) return Oldest(_jobs.Values);
    }

    public IGenerationClaim? TryClaim()
    {
        lock (_gate)
        {
            if (Oldest(_jobs.Values.Where(j => j.State == GenerationState.Queued)).FirstOrDefault() is not { } next) return null;
            var running = _jobs[next.PackId] = next with { State = GenerationState.Running };
            return new Claim(this, running);
        }
    }

    private static List<GenerationJob> Oldest(IEnumerable<GenerationJob> jobs) =>
        [.. jobs.OrderBy(j => j.RequestedAt).ThenBy(j => j.PackId, StringComparer.Ordinal)];

    /// <summary>Ends a claim: removes the job (done), records its failure, or queues it again (no outcome).</summary>
    private void End(GenerationJob job, GenerationState outcome, string? error)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(job.PackId, out var current) || current.State != GenerationState.Running) return;
            if (outcome == GenerationState.Done) _jobs.Remove(job.PackId);
            else _jobs[job.PackId] = current with { State = outcome, Error = error };
        }
    }

    private sealed class Claim(InProcessPackGenerationQueue queue, GenerationJob job) : IGenerationClaim
    {
        private bool _ended;

        public GenerationJob Job => job;

        public void Complete() => EndWith(GenerationState.Done, null);

        public void Fail(string error) => EndWith(GenerationState.Failed, error);

        public void Dispose() => EndWith(GenerationState.Queued, null);

        private void EndWith(GenerationState outcome, string? error)
        {
            if (_ended) return;
            _ended = true;
            queue.End(job, outcome, error);
        }
    }
}
