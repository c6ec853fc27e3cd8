using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>How a person re-authenticated for a sign-off; the audit entry of the sign-off records it.</summary>
public enum Reauthentication
{
    Password,
    PasswordAndAuthenticatorCode,
    PasswordAndRecoveryCode,
}

/// <summary>
/// Re-authentication for sign-offs (approving an assessment, approving a gate override, releasing an evidence pack):
/// the password again and, for a user with an authenticator app, a code too. The one place a password is re-checked.
/// </summary>
public sealed class StepUp(PasswordPolicy passwords, SignInService signIn)
{
    public const string WrongPassword = "The password you re-entered is wrong. Nothing was approved.";
    public const string CodeMissing = "Enter the code from your authenticator app (or a recovery code) as well as your password. Nothing was approved.";

    /// <summary>
    /// How <paramref name="user"/> re-authenticated, or why not. PBKDF2 is slow, so call this before taking the
    /// writer. A code is used up even when the sign-off is then refused for another reason.
    /// </summary>
    public Result<Reauthentication> Verify(User user, string? password, string? code, string entityType, string entityId)
    {
        if (!passwords.Verify(user.PasswordHash, password ?? "")) return Failure.Unauthorized(WrongPassword);
        if (!user.UsesMfa()) return Reauthentication.Password;
        if (string.IsNullOrWhiteSpace(code)) return Failure.Unauthorized(CodeMissing);
        var used = signIn.VerifyStepUpCode(user, code, entityType, entityId);
        if (!used.Succeeded) return used.Failure!;
        return used.Value == SecondFactor.RecoveryCode ? Reauthentication.PasswordAndRecoveryCode : Reauthentication.PasswordAndAuthenticatorCode;
    }
}

public static class ReauthenticationText
{
    /// <summary>The words the audit log uses, e.g. "re-authenticated with a password and an authenticator code".</summary>
    public static string Describe(this Reauthentication how) => how switch
    {
        Reauthentication.PasswordAndAuthenticatorCode => "re-authenticated with a password and an authenticator code",
        Reauthentication.PasswordAndRecoveryCode => "re-authenticated with a password and a recovery code",
        _ => "re-authenticated with a password",
    };
}
