using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Common;

/// <summary>Who asked for a change (a signed-in user, an API key, the command line or the system) and what they may do.</summary>
public sealed record Actor(string Id, string DisplayName, IReadOnlySet<Permission> Permissions)
{
    private static readonly IReadOnlySet<Permission> All = Enum.GetValues<Permission>().ToHashSet();

    /// <summary>Start-up work such as demo seeding.</summary>
    public static readonly Actor System = new("system", "System", All);

    /// <summary>An operator at the server's console: trusted like an admin and more, since they own the data folder.</summary>
    public static readonly Actor CommandLine = new("cli", "Command line", All);

    public static Actor User(string email, string name, Role role) => new($"user:{email}", name, RolePermissions.Of(role));

    public static Actor ApiKey(string keyId, string name, ApiScope scopes) => new($"apikey:{keyId}", $"API key '{name}'", ApiScopes.Permissions(scopes));

    /// <summary>An unauthenticated caller, used to audit failed sign-ins and failed key uses.</summary>
    public static Actor Anonymous(string from) => new($"anonymous:{from}", $"Anonymous ({from})", new HashSet<Permission>());

    public bool Can(Permission permission) => Permissions.Contains(permission);

    /// <summary>A forbidden failure naming what was missing, or null when the actor holds the permission.</summary>
    public Failure? Require(Permission permission) =>
        Can(permission) ? null : Failure.Forbidden($"{DisplayName} may not do this ({permission}).");

    public override string ToString() => Id;
}
