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
