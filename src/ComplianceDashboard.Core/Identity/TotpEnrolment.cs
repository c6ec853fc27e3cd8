namespace ComplianceDashboard.Core.Identity;

/// <summary>
/// A user's authenticator app: the shared secret, encrypted (a TOTP secret cannot be hashed: the server must compute
/// codes from it), the last time step accepted (so a code is never accepted twice) and the SHA-256 of each unused
/// recovery code.
/// </summary>
public sealed record TotpEnrolment
{
    /// <summary>The secret, encrypted by <see cref="ISecretProtector"/>.</summary>
    public string ProtectedSecret { get; init; } = "";
    public DateTime StartedAt { get; init; }

    /// <summary>When the first code confirmed the enrolment; until then the secret is only pending.</summary>
    public DateTime? ConfirmedAt { get; init; }

    /// <summary>The 30-second time step of the last code accepted; codes of this step or earlier are refused.</summary>
    public long LastAcceptedStep { get; init; }

    /// <summary>SHA-256 (hex) of each recovery code not yet used.</summary>
    public string[] RecoveryCodeHashes { get; init; } = [];
}

/// <summary>Encrypts secrets that must be read back (TOTP keys); the web app uses ASP.NET Core data protection.</summary>
public interface ISecretProtector
{
    string Protect(byte[] secret);
    byte[] Unprotect(string protectedSecret);
}

/// <summary>How a person proved who they are beyond their password.</summary>
public enum SecondFactor
{
    None,
    AuthenticatorCode,
    RecoveryCode,
}

/// <summary>Which roles must use an authenticator app (never on a demo store, so demo accounts sign in with a password).</summary>
public sealed record MfaPolicy
{
    public static readonly Role[] DefaultRoles = [Role.Admin, Role.LegalReviewer, Role.Dpo];

    public Role[] RequiredFor { get; init; } = DefaultRoles;

    public bool Requires(Role role, Common.StoreMode mode) => mode == Common.StoreMode.Real && RequiredFor.Contains(role);
}

/// <summary>Where no protector is configured (tools that never touch MFA): any use is a configuration bug.</summary>
internal sealed class NoSecretProtector : ISecretProtector
{
    public string Protect(byte[] secret) => throw Missing();
    public byte[] Unprotect(string protectedSecret) => throw Missing();
    private static InvalidOperationException Missing() => new("No ISecretProtector is registered: register one (the web app uses ASP.NET Core data protection) before using MFA.");
}
