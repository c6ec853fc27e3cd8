namespace ComplianceDashboard.Core.Identity;

/// <summary>What an API key may be used for; scopes combine.</summary>
[Flags]
public enum ApiScope
{
    None = 0,
    Ingest = 1,
    Read = 2,
    Reports = 4,
    Backup = 8,
}

public static class ApiScopes
{
    public static readonly IReadOnlyDictionary<ApiScope, string> Tokens = new Dictionary<ApiScope, string>
    {
        [ApiScope.Ingest] = "ingest",
        [ApiScope.Read] = "read",
        [ApiScope.Reports] = "reports",
        [ApiScope.Backup] = "backup",
    };

    /// <summary>Parses "ingest,read" into scopes; unknown tokens are an error naming them.</summary>
    public static bool TryParse(string text, out ApiScope scopes, out string error)
    {
        scopes = ApiScope.None;
        error = "";
        var tokens = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var token in tokens)
        {
            var match = Tokens.FirstOrDefault(kv => string.Equals(kv.Value, token, StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                error = $"Unknown scope '{token}'. Use one or more of: {string.Join(", ", Tokens.Values)}.";
                return false;
            }
            scopes |= match.Key;
        }
        if (scopes == ApiScope.None)
        {
            error = $"At least one scope is required: {string.Join(", ", Tokens.Values)}.";
            return false;
        }
        return true;
    }

    public static string Format(ApiScope scopes) =>
        string.Join(",", Tokens.Where(kv => scopes.HasFlag(kv.Key)).Select(kv => kv.Value));

    /// <summary>The permissions a key with these scopes acts with.</summary>
    public static IReadOnlySet<Permission> Permissions(ApiScope scopes)
    {
        var set = new HashSet<Permission>();
        if (scopes.HasFlag(ApiScope.Read))
            set.UnionWith([Permission.ViewProgramme, Permission.ViewAuditLog, Permission.ViewAssessments, Permission.DownloadEvidencePacks, Permission.ExportComplaints]);
        if (scopes.HasFlag(ApiScope.Ingest))
            set.UnionWith([Permission.ManageRollout, Permission.ManageObjections, Permission.ManageComplaints]);
        if (scopes.HasFlag(ApiScope.Reports))
            set.UnionWith([Permission.GenerateEvidencePacks]);
        if (scopes.HasFlag(ApiScope.Backup))
            set.UnionWith([Permission.TakeBackups]);
        return set;
    }
}
