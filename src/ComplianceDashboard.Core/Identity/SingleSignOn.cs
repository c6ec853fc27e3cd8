using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>How a person without a binding to the identity provider gets a dashboard account (chosen per store by an admin).</summary>
public enum Provisioning
{
    /// <summary>An admin creates the user first; the first sign-on links to it (by verified e-mail or Entra object id).</summary>
    PreCreated,

    /// <summary>An unknown person's record is created at first sign-on, without a role: no session until an admin gives one.</summary>
    CreatedAtFirstSignIn,
}

/// <summary>How a first sign-on finds the pre-created user it belongs to.</summary>
public enum AccountMatching
{
    /// <summary>The provider's e-mail claim, only when its <c>email_verified</c> claim is true.</summary>
    VerifiedEmail,

    /// <summary>Entra ID sends no <c>email_verified</c> by default: match the (tid, oid) an admin recorded instead.</summary>
    EntraObjectId,
}

/// <summary>The store's single sign-on settings, changed by an admin; one document per store.</summary>
public sealed record SingleSignOnSettings : Aggregate
{
    public const string SingletonId = "single-sign-on";

    public Provisioning Provisioning { get; init; } = Provisioning.PreCreated;
    public DateTime? ChangedAt { get; init; }
    public string ChangedBy { get; init; } = "";

    public static SingleSignOnSettings Default => new() { Id = SingletonId };
}

/// <summary>Stores the one <see cref="SingleSignOnSettings"/> document of a store.</summary>
public interface ISingleSignOnSettingsRepository
{
    /// <summary>The stored settings, or the defaults (pre-created users) when an admin never changed them.</summary>
    SingleSignOnSettings Get();

    Result<SingleSignOnSettings> Save(SingleSignOnSettings settings);
}

/// <summary>
/// The deployment's identity-provider configuration that the sign-on rules need: the one issuer accepted, how first
/// sign-ons are matched, and the map from the provider's groups or roles to dashboard roles. An empty map means the
/// dashboard's admins own roles; a map means the provider's groups decide the role at every sign-on.
/// </summary>
public sealed record SingleSignOnPolicy(
    string Issuer, string ProviderName, AccountMatching Matching, IReadOnlyDictionary<string, Role> RoleMap, string? TenantId = null)
{
    public bool RolesFromProvider => RoleMap.Count > 0;
}

/// <summary>What the provider's validated ID token says about the person (signature, issuer, audience, nonce already checked).</summary>
public sealed record ExternalSignIn(
    string Issuer, string Subject, string? Email, bool EmailVerified, string? DisplayName,
    IReadOnlyList<string> Groups, string? TenantId = null, string? ObjectId = null);

/// <summary>Why a single sign-on gives no session.</summary>
public enum SignOnRefusal
{
    /// <summary>The token came from an issuer other than the configured one.</summary>
    WrongIssuer,
    /// <summary>No dashboard account matches and the store requires users to be created first.</summary>
    UnknownUser,
    /// <summary>The account exists but has no role (created at first sign-on, or the provider's groups map to none).</summary>
    NoRole,
    /// <summary>The provider's groups map to more than one role (for example Legal reviewer and DPO).</summary>
    ConflictingRoles,
    /// <summary>An admin disabled the account.</summary>
    Disabled,
    /// <summary>The e-mail address belongs to a dashboard account that cannot be linked (already bound, or not verified).</summary>
    AccountNotLinkable,
    /// <summary>The provider gave no e-mail address to create an account with.</summary>
    NoEmail,
}

/// <summary>The result of a single sign-on: the user when a session may start, else the refusal (with the user when the record exists).</summary>
public sealed record SignOnOutcome(User? User, SignOnRefusal? Refusal, string Detail)
{
    public bool SessionAllowed => Refusal is null && User is not null;
}

public static class SignOnRefusals
{
    /// <summary>What the refusal page tells the person.</summary>
    public static string Describe(this SignOnRefusal refusal) => refusal switch
    {
        SignOnRefusal.WrongIssuer => "The sign-in came from an identity provider this dashboard does not trust.",
        SignOnRefusal.UnknownUser => "You have no account in this dashboard. Ask an administrator to create one for your e-mail address, then sign in again.",
        SignOnRefusal.NoRole => "Your account exists but has no role yet, so you cannot use the dashboard. Ask an administrator to give you a role (or to add you to a group that maps to one).",
        SignOnRefusal.ConflictingRoles => "Your groups at the identity provider give you more than one dashboard role. A person may hold only one (a DPO advises and must never also approve as a legal reviewer). Ask an administrator to correct your groups.",
        SignOnRefusal.Disabled => "Your account is disabled. Ask an administrator.",
        SignOnRefusal.AccountNotLinkable => "A dashboard account with your e-mail address exists but cannot be linked to this sign-in (it is bound to another identity, or the provider has not verified your e-mail address). Ask an administrator.",
        SignOnRefusal.NoEmail => "The identity provider sent no e-mail address, so no account can be created. Ask an administrator.",
        _ => "Single sign-on was refused.",
    };
}
