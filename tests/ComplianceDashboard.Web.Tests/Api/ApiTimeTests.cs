using ComplianceDashboard.Web.Api;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>The one way the API reads times and dates.</summary>
public sealed class ApiTimeTests
{
    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.0000000Z")]
    [InlineData("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00.0000000Z")]
    [InlineData("2026-01-01T00:00:00.123-05:00", "2026-01-01T05:00:00.1230000Z")]
    [InlineData("2026-01-01T10:30Z", "2026-01-01T10:30:00.0000000Z")]
    public void ATimeWithAnOffset_IsReadAsUtc(string text, string utc)
    {
        Assert.True(ApiTime.TryParseInstant(text, out var parsed));
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
        Assert.Equal(utc, parsed.ToString("O"));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("2026-01-01")]
    [InlineData("01/01/2026 00:00:00 +00:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData(null)]
    public void ATimeWithoutAnOffset_OrNotATime_IsRefused(string? text)
    {
        Assert.False(ApiTime.TryParseInstant(text, out _));
    }

    [Theory]
    [InlineData("2026-02-28", true)]
    [InlineData("2026-02-30", false)]
    [InlineData("28/02/2026", false)]
    [InlineData("2026-02-28T00:00:00Z", false)]
    public void ADate_IsReadOnlyAsYearMonthDay(string text, bool valid)
    {
        Assert.Equal(valid, ApiTime.TryParseDate(text, out _));
    }

    [Fact]
    public void TheFieldReader_ReportsEveryBadFieldByName()
    {
        var fields = new ApiTime.FieldReader();

        fields.Instant("asOf", "2026-01-01T00:00:00");
        fields.Date("from", "1 March");
        fields.Required("jurisdiction", " ", "Give the jurisdiction.");

        Assert.False(fields.Valid);
        Assert.Equal(["asOf", "from", "jurisdiction"], fields.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
