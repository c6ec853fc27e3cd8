namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 15, 9, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public ManualClock() : this(DefaultStart)
    {
    }

    public DateTimeOffset Now
    {
        get { lock (_gate) return _now; }
    }

    public DateTime UtcDateTime => Now.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
