namespace ComplianceDashboard.Core.Operations;

/// <summary>
/// Background work that must run on exactly one instance at a time (the scheduled compliance run and the store
/// maintenance it does). An instance that takes the work's lock does the work until it stops or loses the lock; the others
/// keep trying, so one of them takes over when it is released. LiteDB: a lock in the process (one process per data folder).
/// PostgreSQL: a session-level advisory lock on a connection of its own, released by the server when the instance dies.
/// </summary>
public interface IExclusiveWork
{
    /// <summary>Takes the lock of the named work; null while another instance (or another caller here) holds it.</summary>
    IExclusiveWorkLock? TryTake(string work);
}

/// <summary>A held lock of <see cref="IExclusiveWork"/>; disposing releases it.</summary>
public interface IExclusiveWorkLock : IDisposable
{
    /// <summary>True while the lock is still held (false once the connection that held it was lost).</summary>
    bool StillHeld();
}
