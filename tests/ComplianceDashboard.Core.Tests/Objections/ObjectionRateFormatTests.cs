using System.Globalization;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Tests.Objections;

public sealed class ObjectionRateFormatTests
{
    private static double ParsePercent(string text)
    {
        Assert.EndsWith("%", text);
        return double.Parse(text.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.0, "0%")]
    [InlineData(1.0, "100.00%")]
    [InlineData(0.01, "1.00%")]
    [InlineData(0.1234567, "12.35%")]
    [InlineData(12.5, "1,250.00%")]
    [InlineData(0.0037096, "0.37%")]
    [InlineData(0.001, "0.10%")]
    [InlineData(0.0099999, "1.00%")]
    [InlineData(575.0 / 60_000_000, "0.00096%")]
    [InlineData(1.0 / 10_000_000_000, "0.000000010%")]
    public void Percent_WritesTheRateWithTwoSignificantDigitsBelowOnePercent_AndTwoDecimalsAbove(double rate, string expected)
    {
        Assert.Equal(expected, ObjectionRateFormat.Percent(rate));
    }

    [Fact]
    public void Percent_NeverWritesANonZeroRateAsZero_AndStaysWithinFivePercentOfIt()
    {
        var random = new Random(7);
        var rates = Enumerable.Range(0, 5000).Select(_ => Math.Pow(10, -12 + 13 * random.NextDouble()))
            .Concat([double.Epsilon, 1e-300, 0.00999999999, 0.01, 0.0099499, 0.00995, 1e-6, 9.99e-7]);

        foreach (var rate in rates)
        {
            var shown = ParsePercent(ObjectionRateFormat.Percent(rate));
            Assert.True(shown > 0, $"{rate} was written as {ObjectionRateFormat.Percent(rate)}");
            Assert.InRange(shown / (rate * 100), 0.95, 1.05);
        }
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Percent_RefusesARateThatCannotBe(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectionRateFormat.Percent(rate));
    }
}
