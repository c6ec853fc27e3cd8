using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ComplianceDashboard.Core.Identity;

/// <summary>Hashes and checks passwords with ASP.NET Core's PBKDF2 hasher at OWASP's iteration count.</summary>
public sealed class PasswordPolicy
{
    public const int Iterations = 210_000;
    public const int MinimumLength = 12;

    private readonly PasswordHasher<User> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    public string Hash(string password) => _hasher.HashPassword(new User(), password);

    public bool Verify(string hash, string password) =>
        hash.Length > 0 && _hasher.VerifyHashedPassword(new User(), hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A reason the password is too weak, or null when it is acceptable.</summary>
    public static string? Weakness(string password) =>
        password.Length < MinimumLength ? $"A password needs at least {MinimumLength} characters." : null;

    /// <summary>A strong random password for operators who ask the CLI to generate one.</summary>
    public static string Generate()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return string.Create(20, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = chars[System.Security.Cryptography.RandomNumberGenerator.GetInt32(chars.Length)];
        });
    }
}
