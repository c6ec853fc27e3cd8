using System.Globalization;

namespace ComplianceDashboard.Core.Objections;

/// <summary>
/// How an objection rate (objections received ÷ people displayed the notice) is written wherever people read it, on the
/// Objections page and in the evidence pack alike: a percentage with enough digits that a rate above zero never reads as
/// zero (a programme with 575 objections among 60 million people displayed has a rate of about 0.00096%, not "0.00%").
/// </summary>
public static class ObjectionRateFormat
{
    /// <summary>
    /// The rate as a percentage: two decimals from 1% up ("12.35%"), two significant digits below ("0.37%", "0.00096%"),
    /// "0%" for exactly zero. Invariant digits, which are also the en-GB ones.
    /// </summary>
    public static string Percent(double rate)
    {
        if (!double.IsFinite(rate) || rate < 0)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "An objection rate is a finite number of zero or more.");
        var percent = rate * 100;
        if (percent == 0) return "0%";
        // Below 1%, the first significant digit sits at decimal place -floor(log10); one more place keeps two of them,
        // so rounding can raise the last digit but never lose the first.
        var decimals = percent >= 1 ? 2 : 1 - (int)Math.Floor(Math.Log10(percent));
        return percent.ToString("#,##0." + new string('0', decimals), CultureInfo.InvariantCulture) + "%";
    }
}
