using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Identity;

/// <summary>
/// Security counters in the security_counters table. Each change is one statement (an upsert or a conditional update), so
/// concurrent changes from any number of instances serialise on the counter's row and none is lost; inside a write the
/// row stays locked until the change commits.
/// </summary>
internal sealed class PostgresSecurityCounters(PostgresStore store) : ISecurityCounters
{
    // Closed windows are deleted now and then, so a flood from many addresses does not grow the table for ever.
    private const int SweepEvery = 1024;
    private int _sinceSweep;

    public CounterWindow Increment(string key, DateTime now, TimeSpan window)
    {
        var counted = store.Read(c => Sql.List(c,
            """
            INSERT INTO security_counters AS s (key, count, ends) VALUES ($1, 1, $3)
            ON CONFLICT (key) DO UPDATE SET
                count    = CASE WHEN s.ends > $2 THEN s.count + 1 ELSE 1 END,
                reported = s.ends > $2 AND s.reported,
                ends     = CASE WHEN s.ends > $2 THEN s.ends ELSE excluded.ends END
            RETURNING count, ends
            """,
            r => new CounterWindow(r.GetInt32(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc)),
            key, now, TimeProviderExtensions.TruncateToMs(now + window)).Single());
        if (Interlocked.Increment(ref _sinceSweep) % SweepEvery == 0)
            store.Read(c => Sql.Execute(c, "DELETE FROM security_counters WHERE ends <= $1", now));
        return counted;
    }

    public CounterWindow? Current(string key, DateTime now) =>
        store.Read(c => Sql.Single(c, "SELECT count, ends FROM security_counters WHERE key = $1 AND ends > $2",
            r => new CounterWindow(r.GetInt32(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc)), key, now));

    public bool ClaimFirstReport(string key, DateTime now) =>
        store.Read(c => Sql.Execute(c, "UPDATE security_counters SET reported = true WHERE key = $1 AND ends > $2 AND NOT reported", key, now)) == 1;

    public void Reset(string key) => store.Read(c => Sql.Execute(c, "DELETE FROM security_counters WHERE key = $1", key));
}
