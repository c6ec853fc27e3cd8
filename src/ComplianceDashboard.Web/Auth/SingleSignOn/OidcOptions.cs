using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>The "ComplianceDashboard:Oidc" configuration section: the identity provider for single sign-on (off without an authority).</summary>
public sealed class OidcOptions
{
    public const string Section = "ComplianceDashboard:Oidc";

    /// <summary>The provider's issuer URL (its discovery document is at /.well-known/openid-configuration under it).</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides "openid"; default "profile email".</summary>
    public string[] Scopes { get; set; } = ["profile", "email"];

    /// <summary>The ID-token claim carrying the person's groups or roles; default "groups" (Entra ID and Okta can send "roles").</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>
    /// The provider's group or role values and the dashboard role each gives. Empty: the dashboard's admins own roles.
    /// Not empty: the provider decides the role at every sign-on (see docs/operations.md, "Single sign-on").
    /// </summary>
    public Dictionary<string, Role> RoleMap { get; set; } = [];

    /// <summary>Only for tests and local development: allows an http:// authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How the sign-in page and the audit log name the provider; default the authority's host.</summary>
    public string? DisplayName { get; set; }

    /// <summary>How a first sign-on finds a pre-created user: VerifiedEmail (default) or EntraObjectId.</summary>
    public AccountMatching AccountMatching { get; set; } = AccountMatching.VerifiedEmail;

    /// <summary>With EntraObjectId: the directory (tenant) id whose accounts may link.</summary>
    public string? TenantId { get; set; }

    /// <summary>Whether local passwords work for everyone (default) or only for <see cref="BreakGlassAdmins"/>.</summary>
    public LocalPasswords LocalPasswords { get; set; } = LocalPasswords.Everyone;

    /// <summary>E-mail addresses of the admins who keep a local password when local passwords are off.</summary>
    public string[] BreakGlassAdmins { get; set; } = [];

    public StepUpOptions StepUp { get; set; } = new();

    public sealed class StepUpOptions
    {
        /// <summary>How old the provider's auth_time may be at a sign-off; default 5 minutes.</summary>
        public int MaxAgeMinutes { get; set; } = 5;

        /// <summary>Where the provider sends amr or acr, require a multi-factor value; default true.</summary>
        public bool RequireMfa { get; set; } = true;
    }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public string ProviderName => DisplayName ?? (Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.Host : "the identity provider");

    public StepUpPolicy StepUpPolicy => StepUpPolicy.Default with { MaxAge = TimeSpan.FromMinutes(StepUp.MaxAgeMinutes), RequireMfa = StepUp.RequireMfa };

    /// <summary>Whether <paramref name="email"/> may sign in with a local password.</summary>
    public bool AllowsLocalPassword(string email) =>
        !Enabled || LocalPasswords == LocalPasswords.Everyone || BreakGlassAdmins.Any(a => User.Normalise(a) == User.Normalise(email));
}

/// <summary>Who may sign in with a local password once single sign-on is configured.</summary>
public enum LocalPasswords
{
    Everyone,
    BreakGlassAdminsOnly,
}
