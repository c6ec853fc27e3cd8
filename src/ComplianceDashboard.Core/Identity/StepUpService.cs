using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Identity;

/// <summary>
/// The SSO side of <see cref="StepUp"/>: the pending sign-off is stored, the person re-authenticates at the provider
/// (prompt=login, max_age=0), a fresh <c>auth_time</c> (and MFA where the provider says) earns a single-use ticket, and the
/// sign-off's service redeems the ticket in its own transaction against the action, the target and the content hash.
/// </summary>
public sealed class StepUpService(IPendingSignOffRepository pending, IUserRepository users, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "SignOff";

    public PendingSignOff? Find(string id) => pending.Find(id);

    /// <summary>Keeps a sign-off while its SSO user goes back to the provider; only users bound to a provider account step up this way.</summary>
    public Result<PendingSignOff> Begin(Actor actor, PendingSignOff request)
    {
        if (UserOf(actor) is not { External: not null } user)
            return Failure.Forbidden("Only a user signed in by single sign-on re-authenticates at the identity provider.");
        if (string.IsNullOrWhiteSpace(request.TargetId) || string.IsNullOrWhiteSpace(request.ContentHash))
            return Failure.Validation("A sign-off names what it signs and the SHA-256 of its content.");
        var signOff = request with
        {
            Id = "so-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Version = 0,
            UserEmail = user.Email,
            CreatedAt = clock.UtcNowMs(),
            Status = PendingSignOffStatus.AwaitingReauthentication,
            TicketSha256 = "",
            ReauthenticatedAt = null,
            Reauthentication = "",
            Outcome = "",
        };
        return store.Write(() =>
        {
            var saved = pending.Save(signOff);
            if (saved.Succeeded)
                audit.Append(actor, "signoff.step-up-started", EntityType, signOff.Id,
                    $"{Describe(signOff.Action)} {signOff.TargetId} (content SHA-256 {signOff.ContentHash}): re-authentication at the identity provider asked for");
            return saved;
        });
    }

    /// <summary>
    /// Checks the provider's fresh ID token for a pending sign-off and issues its single-use ticket, or refuses (stale or
    /// missing auth_time, no MFA where the provider reports the methods, another account). Both outcomes are audited.
    /// </summary>
    public Result<SignOffTicket> Reauthenticated(string id, string sessionEmail, SsoReauthentication proof, StepUpPolicy policy, string providerName)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var outcome = store.Write<Result<SignOffTicket>>(() =>
        {
            if (pending.Find(id) is not { } signOff) return Failure.NotFound($"There is no pending sign-off {id}.");
            if (signOff.UserEmail != User.Normalise(sessionEmail))
                return Failure.Forbidden("This sign-off was asked for by someone else.");
            if (signOff.Status != PendingSignOffStatus.AwaitingReauthentication)
                return Failure.Conflict("This sign-off has already been re-authenticated or refused; start it again.");
            var user = users.Find(signOff.UserEmail);
            var now = clock.UtcNowMs();
            var refusal = Check(user, proof, policy, now);
            var actor = user is null ? Actor.Anonymous(signOff.UserEmail) : Actor.User(user.Email, user.DisplayName, user.Role);
            if (refusal is not null)
            {
                var refused = pending.Save(signOff with { Status = PendingSignOffStatus.Refused, Outcome = refusal });
                if (!refused.Succeeded) return refused.Failure!;
                audit.Append(actor, "signoff.step-up-refused", EntityType, id, $"{Describe(signOff.Action)} {signOff.TargetId} refused: {refusal}");
                return Result<Result<SignOffTicket>>.Ok(Failure.Unauthorized(refusal));
            }
            var how = $"single sign-on at {providerName} with prompt=login (auth_time {CanonicalJson.Time(proof.AuthTime!.Value)}"
                + (proof.Amr.Count > 0 ? $", amr {string.Join("+", proof.Amr)}" : "")
                + (proof.Acr is { Length: > 0 } acr ? $", acr {acr}" : "") + ")";
            var saved = pending.Save(signOff with
            {
                Status = PendingSignOffStatus.Reauthenticated, TicketSha256 = Hash(secret), ReauthenticatedAt = now, Reauthentication = how,
            });
            if (!saved.Succeeded) return saved.Failure!;
            audit.Append(actor, "signoff.reauthenticated", EntityType, id, $"{Describe(signOff.Action)} {signOff.TargetId}: re-authenticated by {how}");
            return Result<Result<SignOffTicket>>.Ok(new SignOffTicket($"{id}.{secret}"));
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;
    }

    /// <summary>
    /// Uses a ticket for exactly the sign-off it was issued for. Call it inside the sign-off's own transaction, so the
    /// ticket is spent only when the sign-off is recorded. Returns how the person re-authenticated, for the audit entry.
    /// </summary>
    public Result<string> Redeem(Actor actor, SignOffTicket ticket, SignOffAction action, string targetId, string contentHash)
    {
        const string invalid = "The re-authentication ticket is not valid for this sign-off. Nothing was signed; start the sign-off again.";
        if (pending.Find(ticket.PendingId) is not { } signOff) return Failure.Unauthorized(invalid);
        if (signOff.Status != PendingSignOffStatus.Reauthenticated
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(signOff.TicketSha256), System.Text.Encoding.ASCII.GetBytes(Hash(ticket.Secret))))
            return Failure.Unauthorized(invalid);
        if (actor.Id != $"user:{signOff.UserEmail}" || signOff.Action != action || signOff.TargetId != targetId)
            return Failure.Unauthorized(invalid);
        if (signOff.ContentHash != contentHash)
            return Failure.Conflict("What you re-authenticated to sign has changed since (its SHA-256 differs). Nothing was signed; review it and sign again.");
        if (clock.UtcNowMs() - signOff.ReauthenticatedAt > StepUpPolicy.TicketLifetime)
            return Failure.Unauthorized("The re-authentication is more than 5 minutes old. Nothing was signed; start the sign-off again.");
        var used = pending.Save(signOff with { Status = PendingSignOffStatus.Used, Outcome = "Signed" });
        return used.Succeeded ? signOff.Reauthentication : used.Failure!;
    }

    /// <summary>Records that the sign-off itself failed after re-authentication, so its ticket can never be used.</summary>
    public void RecordFailure(string id, string message) =>
        store.Write(() =>
        {
            if (pending.Find(id) is not { Status: PendingSignOffStatus.Reauthenticated } signOff) return Result<Done>.Ok(Done.Value);
            var saved = pending.Save(signOff with { Status = PendingSignOffStatus.Refused, Outcome = message });
            return saved.Succeeded ? Result<Done>.Ok(Done.Value) : saved.Failure!;
        });

    private static string? Check(User? user, SsoReauthentication proof, StepUpPolicy policy, DateTime now)
    {
        if (user is not { Disabled: false, AwaitingRole: false, External: { } bound })
            return "the account can no longer sign off";
        if (!bound.Is(proof.Issuer, proof.Subject))
            return "the provider re-authenticated a different account than the one signed in";
        if (proof.AuthTime is not { } authTime)
            return "the provider sent no auth_time, so the re-authentication cannot be shown to be fresh";
        var age = now - authTime;
        if (age > policy.MaxAge)
            return $"the provider's auth_time is {age.TotalMinutes:0} minutes old (at most {policy.MaxAge.TotalMinutes:0} allowed): it did not make you sign in again";
        if (age < -TimeSpan.FromMinutes(5))
            return "the provider's auth_time is in the future";
        if (policy.RequireMfa)
        {
            var reported = proof.Amr.Count > 0 || proof.Acr is { Length: > 0 };
            var mfa = proof.Amr.Any(m => policy.MfaAmrValues.Contains(m, StringComparer.OrdinalIgnoreCase))
                || (proof.Acr is { } acr && policy.MfaAcrValues.Contains(acr, StringComparer.OrdinalIgnoreCase));
            if (reported && !mfa)
                return $"the provider reports no multi-factor authentication (amr {string.Join("+", proof.Amr)}{(proof.Acr is null ? "" : $", acr {proof.Acr}")})";
        }
        return null;
    }

    private User? UserOf(Actor actor) =>
        actor.Id.StartsWith("user:", StringComparison.Ordinal) ? users.Find(actor.Id["user:".Length..]) : null;

    private static string Hash(string secret) => CanonicalJson.Sha256Hex(secret);

    public static string Describe(SignOffAction action) => action switch
    {
        SignOffAction.ApproveAssessment => "Approve assessment",
        SignOffAction.ApproveGateOverride => "Approve gate override",
        SignOffAction.ReleaseEvidencePack => "Approve pack for release",
        _ => action.ToString(),
    };
}
