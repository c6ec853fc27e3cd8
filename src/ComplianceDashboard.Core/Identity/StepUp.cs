using ComplianceDashboard.Core.Common;

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
