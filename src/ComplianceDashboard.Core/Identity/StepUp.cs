using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;

namespace ComplianceDashboard.Core.Identity;

/// <summary>The sign-offs that re-authenticate the person first.</summary>
public enum SignOffAction
{
    ApproveAssessment,
    ApproveGateOverride,
    ReleaseEvidencePack,
}

/// <summary>Where a pending sign-off stands: waiting for the provider, ticket issued, used, or refused.</summary>
public enum PendingSignOffStatus
{
    AwaitingReauthentication,
    Reauthenticated,
    Used,
    Refused,
}

/// <summary>
/// A sign-off an SSO user asked for, kept on the server while they re-authenticate at the identity provider (the circuit
/// does not survive the redirect). It holds what is being signed (action, target, content hash) and the answers the
/// dialog collected; a fresh re-authentication issues a single-use ticket, stored only as its SHA-256.
/// </summary>
public sealed record PendingSignOff : Aggregate
{
    public string UserEmail { get; init; } = "";
    public SignOffAction Action { get; init; }
    public string TargetId { get; init; } = "";

    /// <summary>The assessment version approved (only for <see cref="SignOffAction.ApproveAssessment"/>).</summary>
    public int VersionNumber { get; init; }

    /// <summary>The SHA-256 of the content being signed when the sign-off was asked for; it must still match when it is made.</summary>
    public string ContentHash { get; init; } = "";
    public string Reason { get; init; } = "";
    public bool? DpoAdviceFollowed { get; init; }
    public DateOnly? NextReviewDate { get; init; }

    /// <summary>The local page the person returns to.</summary>
    public string ReturnUrl { get; init; } = "/";
    public DateTime CreatedAt { get; init; }
    public PendingSignOffStatus Status { get; init; }
    public string TicketSha256 { get; init; } = "";
    public DateTime? ReauthenticatedAt { get; init; }

    /// <summary>How the person re-authenticated, as the sign-off's audit entry records it.</summary>
    public string Reauthentication { get; init; } = "";
    public string Outcome { get; init; } = "";
}

/// <summary>Stores pending sign-offs.</summary>
public interface IPendingSignOffRepository
{
    PendingSignOff? Find(string id);
    Result<PendingSignOff> Save(PendingSignOff signOff);
}

/// <summary>What an SSO sign-off needs from the provider's fresh ID token.</summary>
public sealed record SsoReauthentication(string Issuer, string Subject, DateTime? AuthTime, IReadOnlyList<string> Amr, string? Acr);

/// <summary>
/// The rules a re-authentication at the provider must meet: <c>auth_time</c> no older than <see cref="MaxAge"/>; where the
/// provider sends <c>amr</c> or <c>acr</c>, one of the MFA values (when <see cref="RequireMfa"/>).
/// </summary>
public sealed record StepUpPolicy(TimeSpan MaxAge, bool RequireMfa, IReadOnlyList<string> MfaAmrValues, IReadOnlyList<string> MfaAcrValues)
{
    public static readonly StepUpPolicy Default = new(TimeSpan.FromMinutes(5), true,
        ["mfa", "otp", "hwk", "swk", "fido", "sms", "face", "fpt"], ["http://schemas.openid.net/pape/policies/2007/06/multi-factor", "mfa"]);

    /// <summary>A ticket is spent at once; it lasts at most the five minutes of freshness a sign-off asks for.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);
}

/// <summary>A single-use proof that the person re-authenticated for one pending sign-off: "{pending id}.{secret}".</summary>
public sealed record SignOffTicket(string Value)
{
    public string PendingId => Value.Split('.')[0];
    public string Secret => Value.Contains('.') ? Value[(Value.IndexOf('.') + 1)..] : "";
}

/// <summary>How a person re-authenticated for a sign-off.</summary>
public enum ReauthenticationMethod
{
    Password,
    PasswordAndAuthenticatorCode,
    PasswordAndRecoveryCode,
    SingleSignOn,
}

/// <summary>
/// How a person re-authenticated for a sign-off, as its audit entry records it; <see cref="Details"/> says, for single
/// sign-on, at which provider, when (auth_time) and with which methods (amr, acr).
/// </summary>
public sealed record Reauthentication(ReauthenticationMethod Method, string Details = "")
{
    /// <summary>The words the audit log uses, e.g. "re-authenticated with a password and an authenticator code".</summary>
    public string Describe() => Method switch
    {
        ReauthenticationMethod.PasswordAndAuthenticatorCode => "re-authenticated with a password and an authenticator code",
        ReauthenticationMethod.PasswordAndRecoveryCode => "re-authenticated with a password and a recovery code",
        ReauthenticationMethod.SingleSignOn => $"re-authenticated by {Details}",
        _ => "re-authenticated with a password",
    };
}

/// <summary>
/// What a person gives to sign off: a local user their password again (and a code when they use an authenticator app);
/// an SSO user the ticket their re-authentication at the identity provider earned.
/// </summary>
public sealed record SignOffProof(string? Password = null, string? Code = null, SignOffTicket? Ticket = null)
{
    public static SignOffProof Local(string? password, string? code = null) => new(password, code);
    public static SignOffProof SingleSignOn(SignOffTicket ticket) => new(Ticket: ticket);
}

/// <summary>A sign-off's re-authentication once checked before its transaction: complete (local), or a ticket still to redeem in it (SSO).</summary>
public sealed record CheckedReauthentication(Reauthentication? Local, SignOffTicket? Ticket);

/// <summary>
/// The one step-up for sign-offs (approving an assessment, approving a gate override, releasing an evidence pack), in
/// two steps around the sign-off's transaction. <see cref="Check"/>, before it: a local user's password (the one place
/// a password is re-checked; PBKDF2 is slow) and, with MFA, their code (used up, and a wrong one counted toward
/// lockout, even when the sign-off is then refused). <see cref="Confirm"/>, inside it: an SSO user's single-use
/// ticket redeemed for exactly this action, target and content hash, so it is spent only when the sign-off is made.
/// </summary>
public sealed class StepUp(PasswordPolicy passwords, SignInService signIn, StepUpService tickets)
{
    public const string WrongPassword = "The password you re-entered is wrong. Nothing was approved.";
    public const string CodeMissing = "Enter the code from your authenticator app (or a recovery code) as well as your password. Nothing was approved.";

    public Result<CheckedReauthentication> Check(User user, SignOffProof proof, SignOffAction action, string targetId)
    {
        if (proof.Ticket is { } ticket) return new CheckedReauthentication(null, ticket);
        if (!passwords.Verify(user.PasswordHash, proof.Password ?? "")) return Failure.Unauthorized(WrongPassword);
        if (!user.UsesMfa()) return new CheckedReauthentication(new Reauthentication(ReauthenticationMethod.Password), null);
        if (string.IsNullOrWhiteSpace(proof.Code)) return Failure.Unauthorized(CodeMissing);
        var used = signIn.VerifyStepUpCode(user, proof.Code, EntityTypeOf(action), targetId);
        if (!used.Succeeded) return used.Failure!;
        var method = used.Value == SecondFactor.RecoveryCode ? ReauthenticationMethod.PasswordAndRecoveryCode : ReauthenticationMethod.PasswordAndAuthenticatorCode;
        return new CheckedReauthentication(new Reauthentication(method), null);
    }

    /// <summary>Call inside the sign-off's transaction, with the SHA-256 of what is signed; returns how the person re-authenticated.</summary>
    public Result<Reauthentication> Confirm(Actor actor, CheckedReauthentication checkedBefore, SignOffAction action, string targetId, string contentHash)
    {
        if (checkedBefore.Local is { } local) return local;
        var redeemed = tickets.Redeem(actor, checkedBefore.Ticket!, action, targetId, contentHash);
        return redeemed.Succeeded ? new Reauthentication(ReauthenticationMethod.SingleSignOn, redeemed.Value) : redeemed.Failure!;
    }

    /// <summary>The audit log's entity type of what a sign-off signs (where a wrong code at sign-off is recorded).</summary>
    public static string EntityTypeOf(SignOffAction action) => action switch
    {
        SignOffAction.ApproveAssessment => AssessmentService.EntityType,
        SignOffAction.ApproveGateOverride => TrainingGate.EntityType,
        SignOffAction.ReleaseEvidencePack => EvidencePackService.EntityType,
        _ => action.ToString(),
    };
}
