using System.Collections.Concurrent;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// Enumerates a sequence on a thread of its own, a bounded number of batches ahead of the consumer, so that producing items
/// (parsing and validating CSV rows) overlaps with consuming them (staging and storing them in the database).
/// The source has finished (or stopped) before <see cref="Consume{T}"/> returns or throws, so nothing touches it afterwards.
/// </summary>
internal static class ReadAhead
{
    public static void Consume<T>(IEnumerable<T> source, Action<IReadOnlyList<T>> consume, int batchSize, int batchesAhead)
    {
        using var queue = new BlockingCollection<List<T>>(batchesAhead);
        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count < batchSize) continue;
                    queue.Add(batch, stop.Token);
                    batch = new List<T>(batchSize);
                }
                if (batch.Count > 0) queue.Add(batch, stop.Token);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
                consume(batch);
        }
        catch
        {
            // The consumer failed (the server refused the COPY, the connection broke): stop the producer and wait for it.
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled, or failed too: the consumer's exception is the one to report.
            }
            throw;
        }
        // The producer's own exception (a bug, or a stream that broke), as thrown.
        producer.GetAwaiter().GetResult();
    }
}
