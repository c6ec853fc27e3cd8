using System.Security.Cryptography;
using System.Text;
using ComplianceDashboard.Core.Common;
using OtpNet;

namespace ComplianceDashboard.Core.Identity;

/// <summary>
/// Authenticator-app codes (TOTP, RFC 6238: 30-second steps, 6 digits, one step of clock drift either way) and
/// single-use recovery codes. Pure rules over a <see cref="TotpEnrolment"/>; callers save what it returns.
/// </summary>
public sealed class Authenticator(ISecretProtector secrets, TimeProvider clock)
{
    public const string Issuer = "ComplianceDashboard";
    public const int RecoveryCodeCount = 10;
    private const string RecoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    /// <summary>A new pending enrolment with a random 160-bit secret (the size RFC 4226 recommends for SHA-1).</summary>
    public TotpEnrolment Start() => new()
    {
        ProtectedSecret = secrets.Protect(KeyGeneration.GenerateRandomKey(20)),
        StartedAt = clock.UtcNowMs(),
    };

    /// <summary>The secret in Base32, as a person types it into an authenticator app.</summary>
    public string Key(TotpEnrolment enrolment) => Base32Encoding.ToString(secrets.Unprotect(enrolment.ProtectedSecret));

    /// <summary>The <c>otpauth://</c> address a QR code carries (the Key Uri Format authenticator apps read).</summary>
    public string KeyUri(string email, TotpEnrolment enrolment) =>
        $"otpauth://totp/{Uri.EscapeDataString($"{Issuer}:{email}")}?secret={Key(enrolment)}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30";

    /// <summary>
    /// The enrolment after accepting <paramref name="code"/> and what kind of code it was; null when the code is wrong,
    /// was already accepted (same or earlier time step), or is a recovery code already used.
    /// </summary>
    public (TotpEnrolment Enrolment, SecondFactor Used)? Accept(TotpEnrolment enrolment, string? code)
    {
        var entered = Normalise(code);
        if (entered.Length == 6 && entered.All(char.IsAsciiDigit))
        {
            var totp = new Totp(secrets.Unprotect(enrolment.ProtectedSecret));
            return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, entered, out var step, Drift) && step > enrolment.LastAcceptedStep
                ? (enrolment with { LastAcceptedStep = step }, SecondFactor.AuthenticatorCode)
                : null;
        }
        if (enrolment.ConfirmedAt is null || entered.Length == 0) return null;
        var hash = RecoveryHash(entered);
        return enrolment.RecoveryCodeHashes.Contains(hash)
            ? (enrolment with { RecoveryCodeHashes = enrolment.RecoveryCodeHashes.Where(h => h != hash).ToArray() }, SecondFactor.RecoveryCode)
            : null;
    }

    /// <summary>Confirms a pending enrolment with fresh recovery codes; the codes are returned once and only their hashes kept.</summary>
    public (TotpEnrolment Enrolment, IReadOnlyList<string> RecoveryCodes) Confirm(TotpEnrolment accepted)
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        return (accepted with { ConfirmedAt = clock.UtcNowMs(), RecoveryCodeHashes = codes.Select(c => RecoveryHash(Normalise(c))).ToArray() }, codes);
    }

    /// <summary>80 random bits as four groups of four characters (no 0/O or 1/I to misread).</summary>
    private static string NewRecoveryCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(RecoveryAlphabet, 16);
        return string.Join('-', Enumerable.Range(0, 4).Select(i => new string(chars, i * 4, 4)));
    }

    // Recovery codes carry 80 random bits, so a fast hash suffices (as for API keys) and a check costs microseconds.
    private static string RecoveryHash(string normalised) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalised)));

    private static string Normalise(string? code) =>
        new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
}
