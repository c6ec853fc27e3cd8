using System.Buffers.Binary;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Tests.Identity;

/// <summary>One hash shared by the tests: PBKDF2 at 210,000 iterations costs about a tenth of a second.</summary>
public sealed class HashedPassword
{
    public const string Password = "correct horse battery staple";
    public PasswordPolicy Policy { get; } = new();
    public string Hash { get; }

    public HashedPassword() => Hash = Policy.Hash(Password);
}

public sealed class PasswordPolicyTests(HashedPassword hashed) : IClassFixture<HashedPassword>
{
    [Fact]
    public void Hash_IsIdentityV3Format_WithHmacSha512And210000Iterations()
    {
        var bytes = Convert.FromBase64String(hashed.Hash);

        Assert.Equal(0x01, bytes[0]);
        var prf = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4));
        Assert.Equal(2u, prf); // KeyDerivationPrf.HMACSHA512
        Assert.Equal(210_000u, iterations);
        Assert.Equal((uint)PasswordPolicy.Iterations, iterations);
        Assert.Equal(16u, saltLength);
        Assert.Equal(1 + 4 + 4 + 4 + 16 + 32, bytes.Length);
    }

    [Fact]
    public void Verify_AcceptsTheRightPassword_AndRejectsAWrongOne()
    {
        Assert.True(hashed.Policy.Verify(hashed.Hash, HashedPassword.Password));
        Assert.False(hashed.Policy.Verify(hashed.Hash, HashedPassword.Password + "!"));
    }

    [Fact]
    public void Verify_RejectsEverything_WhenThereIsNoHash()
    {
        Assert.False(hashed.Policy.Verify("", HashedPassword.Password));
    }

    [Fact]
    public void Hash_UsesAFreshSalt_SoTheSamePasswordHashesDifferently()
    {
        var again = hashed.Policy.Hash(HashedPassword.Password);

        Assert.NotEqual(hashed.Hash, again);
        Assert.NotEqual(Convert.FromBase64String(hashed.Hash).AsSpan(13, 16).ToArray(), Convert.FromBase64String(again).AsSpan(13, 16).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public void Weakness_RejectsPasswordsShorterThanTwelveCharacters(string password)
    {
        Assert.Equal("A password needs at least 12 characters.", PasswordPolicy.Weakness(password));
    }

    [Theory]
    [InlineData("twelve chars")]
    [InlineData("a much longer pass phrase")]
    public void Weakness_AcceptsPasswordsOfTwelveCharactersOrMore(string password)
    {
        Assert.Null(PasswordPolicy.Weakness(password));
    }

    [Fact]
    public void Generate_GivesADistinctPasswordThatIsNotWeak()
    {
        var first = PasswordPolicy.Generate();
        var second = PasswordPolicy.Generate();

        Assert.Equal(20, first.Length);
        Assert.Null(PasswordPolicy.Weakness(first));
        Assert.NotEqual(first, second);
    }
}
