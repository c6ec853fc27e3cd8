using System.Globalization;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Tests.Common;

public sealed class CanonicalJsonTests
{
    private static readonly DateTime SomeUtcTime = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_567);

    [Fact]
    public void Serialize_SortsKeysOrdinally_AtEveryLevel()
    {
        var fields = new Dictionary<string, object?>
        {
            ["zeta"] = 1,
            ["alpha"] = new Dictionary<string, object?> { ["b"] = true, ["a"] = null, ["B"] = "upper" },
            ["Mid"] = new object?[] { new Dictionary<string, object?> { ["y"] = 1, ["x"] = new Dictionary<string, object?> { ["q"] = 2, ["p"] = 3 } } },
        };

        var json = CanonicalJson.Serialize("test", 1, fields);

        Assert.Equal("""{"$schema":"test/v1","Mid":[{"x":{"p":3,"q":2},"y":1}],"alpha":{"B":"upper","a":null,"b":true},"zeta":1}""", json);
    }

    [Fact]
    public void Serialize_WritesNoInsignificantWhitespace_ButKeepsWhitespaceInsideStrings()
    {
        var fields = new Dictionary<string, object?>
        {
            ["list"] = new[] { 1, 2, 3 },
            ["nested"] = new Dictionary<string, object?> { ["empty"] = Array.Empty<string>(), ["text"] = "two  spaces\tand a tab" },
        };

        var json = CanonicalJson.Serialize("test", 1, fields);

        Assert.Equal("""{"$schema":"test/v1","list":[1,2,3],"nested":{"empty":[],"text":"two  spaces\tand a tab"}}""", json);
    }

    [Fact]
    public void Serialize_CarriesTheSchemaNameAndVersion()
    {
        var v1 = CanonicalJson.Serialize("audit-entry", 1, new Dictionary<string, object?> { ["a"] = "x" });
        var v2 = CanonicalJson.Serialize("audit-entry", 2, new Dictionary<string, object?> { ["a"] = "x" });

        Assert.StartsWith("""{"$schema":"audit-entry/v1",""", v1);
        Assert.StartsWith("""{"$schema":"audit-entry/v2",""", v2);
        Assert.NotEqual(CanonicalJson.Sha256Hex(v1), CanonicalJson.Sha256Hex(v2));
    }

    [Fact]
    public void Time_WritesUtcWithExactlyThreeFractionalDigitsAndZ()
    {
        Assert.Equal("2025-03-04T05:06:07.123Z", CanonicalJson.Time(SomeUtcTime));
        Assert.Equal("2025-03-04T05:06:07.000Z", CanonicalJson.Time(new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc)));
    }

    [Fact]
    public void Serialize_WritesTimesAndDatesInTheirFixedFormats()
    {
        var json = CanonicalJson.Serialize("test", 1, new Dictionary<string, object?>
        {
            ["at"] = SomeUtcTime,
            ["day"] = new DateOnly(2025, 1, 2),
        });

        Assert.Equal("""{"$schema":"test/v1","at":"2025-03-04T05:06:07.123Z","day":"2025-01-02"}""", json);
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Time_Throws_WhenTheTimeIsNotUtc(DateTimeKind kind)
    {
        var time = DateTime.SpecifyKind(SomeUtcTime, kind);

        Assert.Throws<ArgumentException>(() => CanonicalJson.Time(time));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize("test", 1, new Dictionary<string, object?> { ["at"] = time }));
    }

    [Fact]
    public void Serialize_WritesNumbersInInvariantCulture_WhateverTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var json = CanonicalJson.Serialize("test", 1, new Dictionary<string, object?>
            {
                ["decimal"] = 1234.5m,
                ["double"] = 2.25d,
                ["long"] = 9_876_543_210L,
            });

            Assert.Equal("""{"$schema":"test/v1","decimal":1234.5,"double":2.25,"long":9876543210}""", json);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Serialize_WritesEnumsByName_AndEscapesOnlyWhatJsonRequires()
    {
        var json = CanonicalJson.Serialize("test", 1, new Dictionary<string, object?>
        {
            ["kind"] = DayOfWeek.Monday,
            ["text"] = "Café \"quoted\" <b>&</b>",
        });

        Assert.Equal("""{"$schema":"test/v1","kind":"Monday","text":"Café \"quoted\" <b>&</b>"}""", json);
    }

    [Fact]
    public void Serialize_Throws_ForATypeWithNoCanonicalForm()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize("test", 1, new Dictionary<string, object?> { ["id"] = Guid.Empty }));
    }

    [Fact]
    public void Serialize_GivesTheSameTextAndHash_WhateverTheOrderFieldsWereAddedIn()
    {
        var first = CanonicalJson.Serialize("test", 1, new Dictionary<string, object?> { ["a"] = 1, ["b"] = "two", ["c"] = new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 } });
        var second = CanonicalJson.Serialize("test", 1, new Dictionary<string, object?> { ["c"] = new Dictionary<string, object?> { ["y"] = 2, ["x"] = 1 }, ["b"] = "two", ["a"] = 1 });

        Assert.Equal(first, second);
        Assert.Equal(CanonicalJson.Sha256Hex(first), CanonicalJson.Sha256Hex(second));
    }

    [Fact]
    public void Sha256Hex_IsTheLowercaseHexDigestOfTheUtf8Text()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CanonicalJson.Sha256Hex("abc"));
        Assert.Equal(CanonicalJson.Sha256Hex("é"), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("é"u8)));
    }
}
