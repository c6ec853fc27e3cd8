using ComplianceDashboard.Core.Operations;

namespace ComplianceDashboard.Storage.LiteDb.Common;

/// <summary>
/// Exclusive background work on a LiteDB store: one process owns the data folder, so a lock in the process is a lock
/// across every instance there is.
/// </summary>
public sealed class InProcessExclusiveWork : IExclusiveWork
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public IExclusiveWorkLock? TryTake(string work)
    {
        lock (_gate) return _held.Add(work) ? new Held(this, work) : null;
    }

    private void Release(string work)
    {
        lock (_gate) _held.Remove(work);
    }

    private sealed class Held(InProcessExclusiveWork owner, string work) : IExclusiveWorkLock
    {
        private int _released;

        public bool StillHeld() => Volatile.Read(ref _released) == 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Release(work);
        }
    }
}
