using ComplianceDashboard.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace ComplianceDashboard.Web.Auth;

/// <summary>One authorisation policy per permission (from the roles table) and one per API scope.</summary>
public static class Policies
{
    public const string ApiRead = "api:read";
    public const string ApiIngest = "api:ingest";
    public const string ApiReports = "api:reports";
    public const string ApiBackup = "api:backup";
    public const string Administration = "permission:" + nameof(Permission.ManageUsers);

    public static string For(Permission permission) => $"permission:{permission}";

    /// <summary>Whether the policy is an API scope's, so an API key (and its failure limit) authenticates the endpoint.</summary>
    public static bool IsApiScope(string? policy) => policy?.StartsWith("api:", StringComparison.Ordinal) == true;

    public static void Add(AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
            options.AddPolicy(For(permission), policy => policy
                .AddAuthenticationSchemes(DashboardClaims.CookieScheme)
                .RequireRole(RolePermissions.Holding(permission).Select(r => r.ToString())));
        foreach (var (scope, token) in ApiScopes.Tokens)
            options.AddPolicy($"api:{token}", policy => policy
                .AddAuthenticationSchemes(DashboardClaims.ApiKeyScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(DashboardClaims.Scope, token));
        options.FallbackPolicy = new AuthorizationPolicyBuilder(DashboardClaims.CookieScheme).RequireAuthenticatedUser().Build();
    }
}
