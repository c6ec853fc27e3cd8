using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Components.Pages.Administration;

/// <summary>What the Users table says about a person's second factor.</summary>
public static class UserMfaStatus
{
    public static string Describe(User user, MfaPolicy policy, StoreMode mode) =>
        user.UsesMfa() ? $"Authenticator app ({user.Totp!.RecoveryCodeHashes.Length} recovery codes left)"
        : user.Totp is not null ? "Setting up"
        // Their provider does MFA; the dashboard asks for an app only if they sign in with a local password.
        : user.External is not null ? "At the identity provider (single sign-on)"
        : policy.Requires(user.Role, mode) ? "Required at next sign-in"
        : "Not used";
}
