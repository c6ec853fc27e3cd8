namespace ComplianceDashboard.Core.Common;

/// <summary>A share of a whole as people read it on the pages and in the packs: a percentage that never rounds a shortfall away.</summary>
public static class Share
{
    /// <summary>
    /// <paramref name="part"/> ÷ <paramref name="whole"/> as a percentage rounded to <paramref name="decimals"/>, reading 100
    /// only when the part is the whole and 0 only when it is nothing: one late answer in 20,000 is 99.99, not a rounded 100.
    /// A part outside 0…whole (counts from inconsistent rollups) reads as 0 or 100.
    /// </summary>
    public static double Percent(long part, long whole, int decimals = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(whole);
        var step = Math.Pow(10, -decimals);
        part = Math.Clamp(part, 0, whole);
        var lowest = part == 0 ? 0 : Math.Round(step, decimals);
        var highest = part == whole ? 100 : Math.Round(100 - step, decimals);
        return Math.Clamp(Math.Round(100.0 * part / whole, decimals), lowest, highest);
    }
}
