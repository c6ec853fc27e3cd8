using System.Security.Claims;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Auth;

/// <summary>The claims a session or API key carries, and the actor they stand for.</summary>
public static class DashboardClaims
{
    public const string SecurityStamp = "cd:stamp";
    public const string Scope = "cd:scope";

    /// <summary>How the session was started: <see cref="PasswordMethod"/> or <see cref="SingleSignOnMethod"/>; sign-offs step up the same way.</summary>
    public const string Method = "cd:method";
    public const string PasswordMethod = "password";
    public const string SingleSignOnMethod = "sso";
    public const string CookieScheme = "Cookies";
    public const string ApiKeyScheme = "ApiKey";

    public static ClaimsPrincipal ForUser(User user, string method = PasswordMethod) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Email),
        new Claim(ClaimTypes.Name, user.DisplayName),
        new Claim(ClaimTypes.Role, user.Role.ToString()),
        new Claim(SecurityStamp, user.SecurityStamp),
        new Claim(Method, method),
    ], CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static bool SignedInBySingleSignOn(this ClaimsPrincipal principal) => principal.FindFirstValue(Method) == SingleSignOnMethod;

    public static ClaimsPrincipal ForApiKey(ApiKey key) => new(new ClaimsIdentity(
        new[]
        {
            new Claim(ClaimTypes.NameIdentifier, key.Id),
            new Claim(ClaimTypes.Name, key.Name),
        }.Concat(ApiScopes.Tokens.Where(t => key.Scopes.HasFlag(t.Key)).Select(t => new Claim(Scope, t.Value))),
        ApiKeyScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static Role? Role(this ClaimsPrincipal principal) =>
        Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>The actor a request acts as; services check its permissions.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var name = principal.Identity?.Name ?? id;
        if (principal.Identity?.AuthenticationType == ApiKeyScheme)
        {
            var scopes = principal.FindAll(Scope).Aggregate(ApiScope.None, (all, c) =>
                all | ApiScopes.Tokens.FirstOrDefault(t => t.Value == c.Value).Key);
            return Actor.ApiKey(id, name, scopes);
        }
        return principal.Role() is { } role ? Actor.User(id, name, role) : Actor.Anonymous(id);
    }
}
