using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Tests.Common;

/// <summary>The one identifier rule: what it refuses, how long an id may be and the normal form it stores.</summary>
public sealed class IdentifierTests
{
    [Theory]
    [InlineData("s-\u0000-1", "U+0000")]
    [InlineData("s-\u202E-1", "U+202E")]
    [InlineData("s-\u200B-1", "U+200B")]
    [InlineData("s-\uFEFF-1", "U+FEFF")]
    [InlineData("s-\u00A0-1", "U+00A0")]
    [InlineData("s-\u2028-1", "U+2028")]
    [InlineData("s-\uE000-1", "U+E000")]
    [InlineData("s-\uFFFD-1", "U+FFFD")]
    public void AnIdentifier_HoldingAControlFormatOrLookAlikeCharacter_IsRefused_NamingTheCodePointAndPosition(string value, string named)
    {
        Assert.False(Identifier.TryNormalise("subject_ref", value, out _, out var problem));
        Assert.StartsWith("subject_ref ", problem);
        Assert.Contains(named, problem);
        Assert.Contains("at character 3", problem);
    }

    // Not theory data: the test runner would carry a lone surrogate as U+FFFD.
    [Fact]
    public void AnIdentifier_HoldingAnUnpairedSurrogate_IsRefused_NamingIt()
    {
        Assert.False(Identifier.TryNormalise("runId", "run-\uD800", out _, out var problem));
        Assert.Contains("unpaired surrogate (U+D800) at character 5", problem);
    }

    [Fact]
    public void AnIdentifier_IsTrimmed_AndStoredInNormalizationFormC()
    {
        Assert.True(Identifier.TryNormalise("id", "  cafe\u0301 \u212B  ", out var value, out _));
        Assert.Equal("caf\u00E9 \u00C5", value);
    }

    [Fact]
    public void AnIdentifier_IsAtMost128Characters_AfterNormalisation()
    {
        Assert.True(Identifier.TryNormalise("id", new string('x', Identifier.MaxLength), out _, out _));
        Assert.False(Identifier.TryNormalise("id", new string('x', Identifier.MaxLength + 1), out _, out var problem));
        Assert.Contains("128", problem);
    }

    [Fact]
    public void FreeText_KeepsLineBreaksTabsAndJoiners_ButRefusesBidiOverridesAndOtherControls()
    {
        Assert.True(Identifier.TryNormaliseText("refusal_grounds", "line one\r\n\tline two 👩\u200D💻", 100, out _, out _));
        Assert.False(Identifier.TryNormaliseText("refusal_grounds", "grounds \u202E", 100, out _, out var bidi));
        Assert.Contains("U+202E", bidi);
        Assert.False(Identifier.TryNormaliseText("refusal_grounds", "grounds \u0007", 100, out _, out var bell));
        Assert.Contains("U+0007", bell);
    }

    [Fact]
    public void FreeText_OverItsLimit_IsRefused_NamingTheLimit()
    {
        Assert.False(Identifier.TryNormaliseText("refusal_grounds", new string('g', 5000), 4096, out _, out var problem));
        Assert.Equal("refusal_grounds is 5,000 characters long; the limit for this field is 4,096.", problem);
    }
}
