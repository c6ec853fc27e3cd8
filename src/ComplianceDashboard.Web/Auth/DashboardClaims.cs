using System.Security.Claims;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Auth;

/// <summary>The claims a session or API key carries, and the actor they stand for.</summary>
public static class DashboardClaims
{
    public const string SecurityStamp = "cd:stamp";
    public const string Scope = "cd:scope";
    public const string CookieScheme = "Cookies";

    /// <summary>Between a right password and the code (or enrolment): a short-lived cookie naming the user, never a session.</summary>
    public const string PendingScheme = "PendingSignIn";

    /// <summary>When the person signed in (UTC, round-trip format): the absolute session lifetime counts from it.</summary>
    public const string SignedInAt = "cd:signed_in_at";

    /// <summary>
    /// How the session was started: <see cref="PasswordMethod"/>, <see cref="PasswordAndCodeMethod"/> (an authenticator or
    /// recovery code as well) or <see cref="SingleSignOnMethod"/>. Sign-offs step up the same way.
    /// </summary>
    public const string Method = "cd:method";
    public const string PasswordMethod = "pwd";
    public const string PasswordAndCodeMethod = "pwd otp";
    public const string SingleSignOnMethod = "sso";
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>A session for a local user who gave their password (and their code, with MFA).</summary>
    public static ClaimsPrincipal ForUser(User user, DateTimeOffset signedInAt) =>
        ForUser(user, signedInAt, user.UsesMfa() ? PasswordAndCodeMethod : PasswordMethod);

    /// <summary>A session for a user the identity provider signed in.</summary>
    public static ClaimsPrincipal ForSingleSignOnUser(User user, DateTimeOffset signedInAt) => ForUser(user, signedInAt, SingleSignOnMethod);

    private static ClaimsPrincipal ForUser(User user, DateTimeOffset signedInAt, string method) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Email),
        new Claim(ClaimTypes.Name, user.DisplayName),
        new Claim(ClaimTypes.Role, user.Role.ToString()),
        new Claim(SecurityStamp, user.SecurityStamp),
        new Claim(SignedInAt, signedInAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(Method, method),
    ], CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The user between their password and their code: e-mail and security stamp only, no role.</summary>
    public static ClaimsPrincipal ForPendingUser(User user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Email),
        new Claim(SecurityStamp, user.SecurityStamp),
    ], PendingScheme));

    public static DateTimeOffset? SignInTime(this ClaimsPrincipal principal) =>
        DateTimeOffset.TryParse(principal.FindFirstValue(SignedInAt), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

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
