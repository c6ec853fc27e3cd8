using Npgsql;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// Tells this process's caches when what they hold may have changed, so a warm read needs no round trip to the database.
/// A connection of its own LISTENs on <see cref="Channel"/>; every change a cache depends on NOTIFYs it in its transaction
/// (delivered when it commits, from any instance), and this process's own commits invalidate at once. While that
/// connection is down (an outage, a restart) <see cref="Stamp"/> is null and caches check the database on every read.
/// </summary>
internal sealed class ChangeFeed(NpgsqlDataSource dataSource) : IDisposable
{
    public const string Channel = "compliance_cache";

    /// <summary>The statement a change runs in its transaction to invalidate every instance's caches when it commits.</summary>
    public const string Notify = "NOTIFY " + Channel;

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Thread? _listener;
    private long _generation;
    private volatile bool _listening;

    /// <summary>
    /// A value that differs from any earlier one once a change may have committed since it was read; null while not listening
    /// (a cache must then check the database). Read it before reading what the cache will hold.
    /// </summary>
    public long? Stamp()
    {
        EnsureListening();
        return _listening ? Interlocked.Read(ref _generation) : null;
    }

    /// <summary>This process committed a change: its own caches are stale now, not when the notification comes back.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private void EnsureListening()
    {
        if (_listener is not null) return;
        lock (_gate)
        {
            if (_listener is not null || _stop.IsCancellationRequested) return;
            _listener = new Thread(Listen) { IsBackground = true, Name = "PostgreSQL change feed" };
            _listener.Start();
        }
    }

    private void Listen()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var connection = dataSource.OpenConnection();
                connection.Notification += (_, _) => Invalidate();
                using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    listen.ExecuteNonQuery();
                // Whatever committed before LISTEN took effect was never notified: caches read since then reload once.
                Invalidate();
                _listening = true;
                while (!_stop.IsCancellationRequested) connection.Wait(250);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or ObjectDisposedException or IOException)
            {
                // The database is down or restarting (or the store is closing): reads check the database until it is back.
            }
            finally
            {
                _listening = false;
                Invalidate();
            }
            _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Stops listening; the listener's connection closes within a quarter of a second, on its own thread.</summary>
    public void Dispose()
    {
        lock (_gate) _stop.Cancel();
    }
}
