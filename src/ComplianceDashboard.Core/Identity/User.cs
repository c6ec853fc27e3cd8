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

    /// <summary>The identity-provider account this user is bound to after their first single sign-on, or null.</summary>
    public ExternalIdentity? External { get; init; }

    /// <summary>
    /// Entra ID links by object id, not e-mail: the (tenant, object id) an admin expects this pre-created user to sign in
    /// with, or null. Used once, for the first sign-on; the (issuer, subject) binding holds from then on.
    /// </summary>
    public ExpectedEntraAccount? ExpectedEntraAccount { get; init; }

    /// <summary>
    /// Created at first single sign-on (or left by the provider's groups) without a role: the record exists so an admin can
    /// give a role, but it gets no session. <see cref="Role"/> means nothing while this is set.
    /// </summary>
    public bool AwaitingRole { get; init; }

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

/// <summary>The binding of a user to one account at an identity provider: the (issuer, subject) pair, fixed at first sign-on.</summary>
public sealed record ExternalIdentity
{
    public string Issuer { get; init; } = "";
    public string Subject { get; init; } = "";
    public DateTime BoundAt { get; init; }

    public bool Is(string issuer, string subject) => Issuer == issuer && Subject == subject;
}

/// <summary>The Entra ID account (directory tenant and object id) a pre-created user is expected to sign in with.</summary>
public sealed record ExpectedEntraAccount
{
    public string TenantId { get; init; } = "";
    public string ObjectId { get; init; } = "";
}
