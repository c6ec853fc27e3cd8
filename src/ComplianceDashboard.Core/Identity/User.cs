using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>A person who signs in. The id is the normalised e-mail address.</summary>
public sealed record User : Aggregate
{
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public Role Role { get; init; }
    public string PasswordHash { get; init; } = "";
    public bool Disabled { get; init; }

    /// <summary>Changes whenever access changes (role, disabled, password); open sessions holding an older stamp end.</summary>
    public string SecurityStamp { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    /// <summary>The authenticator app (TOTP) of this user: pending until the first code confirms it.</summary>
    public TotpEnrolment? Totp { get; init; }

    /// <summary>Whether sign-in and sign-offs ask this user for an authenticator or recovery code.</summary>
    public bool UsesMfa() => Totp?.ConfirmedAt is not null;

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>Stores users.</summary>
public interface IUserRepository
{
    User? Find(string email);
    IReadOnlyList<User> All();

    /// <summary>Saves a new user (version 0) or a change to the stored version; a stale copy is a conflict.</summary>
    Result<User> Save(User user);
}
