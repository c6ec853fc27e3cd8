namespace ComplianceDashboard.Web.Hosting;

/// <summary>The "ComplianceDashboard" configuration section.</summary>
public sealed class DashboardOptions
{
    public const string Section = "ComplianceDashboard";

    /// <summary>The data folder; relative paths are under the content root. Default "data".</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Whether a new store is created as a demo store and seeded. On under Development.</summary>
    public bool DemoMode { get; set; }

    public SignInOptions SignIn { get; set; } = new();

    public sealed class SignInOptions
    {
        /// <summary>Sign-in attempts allowed per client address per minute.</summary>
        public int PermitsPerMinute { get; set; } = 10;
    }

    public MfaOptions Mfa { get; set; } = new();

    public sealed class MfaOptions
    {
        /// <summary>
        /// The roles that must use an authenticator app (never on a demo store). Unset: Admin, LegalReviewer and Dpo.
        /// Null by default because the configuration binder appends to an array it finds filled.
        /// </summary>
        public Core.Identity.Role[]? RequiredFor { get; set; }

        public Core.Identity.MfaPolicy ToPolicy() => new() { RequiredFor = RequiredFor ?? Core.Identity.MfaPolicy.DefaultRoles };
    }

    public SessionOptions Session { get; set; } = new();

    public sealed class SessionOptions
    {
        /// <summary>A session with no activity for this long ends (the cookie and any open page). Default 30 minutes.</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>A session ends this long after sign-in, however active. Default 12 hours.</summary>
        public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    }

    public ApiKeyOptions ApiKeys { get; set; } = new();

    public sealed class ApiKeyOptions
    {
        /// <summary>Failed API-key uses allowed per client address per window before further failures get 429.</summary>
        public int FailuresPerWindow { get; set; } = 20;

        /// <summary>The length of that window in seconds. Default 60.</summary>
        public int FailureWindowSeconds { get; set; } = 60;
    }

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}
