using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>
/// Overriding a closed training gate: the DPO records advice first; then two different legal reviewers each
/// re-enter their password and give a written reason. The second approval puts the override in force; a legal
/// reviewer may revoke it, and it ends by itself when the jurisdiction leaves Training. Every step is audited.
/// </summary>
public sealed class GateOverrideService(
    TrainingGate gate, IGateOverrideRepository overrides, IJurisdictionRepository jurisdictions, IUserRepository users,
    IAuditLog audit, IUnitOfWork store, StepUp stepUp, TimeProvider clock)
{
    public Result<GateOverride> RecordDpoAdvice(Actor actor, string jurisdiction, string advice)
    {
        if (actor.Require(Permission.RecordDpoAdvice) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(advice)) return Failure.Validation("Write the DPO's advice on overriding the gate.");
        var code = jurisdiction.Trim().ToUpperInvariant();
        return store.Write(() =>
        {
            if (jurisdictions.Find(code) is not { } j) return NotFound(code);
            if (gate.Verdict(code) is { Open: true })
                return Failure.Validation($"The training gate of {j.Name} is open: every gate check passes, so no override is needed.");
            var open = gate.OpenOverride(code);
            if (open is not null && open.IsInForce())
                return Failure.Validation($"An override is already in force for {j.Name}.");
            if (open is not null && open.Approvals.Length > 0)
                return Failure.Validation("A legal reviewer has already approved this override on the DPO's recorded advice; revoke it and start again to give new advice.");
            var now = clock.UtcNowMs();
            var recorded = new GateDpoAdvice { ById = actor.Id, ByName = actor.DisplayName, At = now, Advice = advice.Trim() };
            var saved = overrides.Save(open is null
                ? new GateOverride { Id = $"ovr-{code.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}", Jurisdiction = code, OpenedAt = now, DpoAdvice = recorded }
                : open with { DpoAdvice = recorded });
            if (saved.Succeeded)
                audit.Append(actor, "gate.dpo-advice-recorded", TrainingGate.EntityType, code,
                    $"DPO advice on overriding the gate ({saved.Value.Id}){(open?.DpoAdvice is null ? "" : ", replacing earlier advice")}: {recorded.Advice}");
            return saved;
        });
    }

    public const string ReasonMissing = "Give a written reason for overriding the gate.";

    /// <summary>One legal reviewer's approval, with their password re-entered (and a code, with MFA) and a written reason.</summary>
    public Result<GateOverride> Approve(Actor actor, string jurisdiction, string password, string reason, string? mfaCode = null) =>
        Approve(actor, jurisdiction, SignOffProof.Local(password, mfaCode), reason);

    /// <summary>An SSO user's approval: the ticket of their re-authentication at the provider, bound to <see cref="ApprovalContentHash"/>.</summary>
    public Result<GateOverride> Approve(Actor actor, string jurisdiction, SignOffTicket ticket, string reason) =>
        Approve(actor, jurisdiction, SignOffProof.SingleSignOn(ticket), reason);

    /// <summary>What a legal reviewer signs when approving an override: the override, the DPO's advice and their reason.</summary>
    public static string ApprovalContentHash(GateOverride open, string reason) =>
        CanonicalJson.Sha256Hex(CanonicalJson.Serialize("gate-override-approval", 1, new Dictionary<string, object?>
        {
            ["override"] = open.Id,
            ["jurisdiction"] = open.Jurisdiction,
            ["dpoAdvice"] = open.DpoAdvice?.Advice,
            ["dpoAdviceAt"] = open.DpoAdvice is { } advice ? CanonicalJson.Time(advice.At) : null,
            ["reason"] = reason.Trim(),
        }));

    private Result<GateOverride> Approve(Actor actor, string jurisdiction, SignOffProof proof, string reason)
    {
        if (actor.Require(Permission.OverrideTrainingGate) is { } denied) return denied;
        if (UserOf(actor) is not { } reviewer || reviewer.Role != Role.LegalReviewer)
            return Failure.Forbidden("Only a signed-in legal reviewer can approve an override of the training gate.");
        if (string.IsNullOrWhiteSpace(reason)) return Failure.Validation(ReasonMissing);
        var code = jurisdiction.Trim().ToUpperInvariant();
        // PBKDF2 is slow: re-authenticate before taking the writer. A wrong password is audited (a wrong code is
        // audited by the step-up itself, as it counts toward lockout).
        var reauthentication = stepUp.Check(reviewer, proof, SignOffAction.ApproveGateOverride, code);
        if (reauthentication.Failure?.Message == StepUp.WrongPassword)
        {
            store.Write(() =>
            {
                audit.Append(actor, "gate.override-refused", TrainingGate.EntityType, code, "Wrong password re-entered; nothing was approved");
                return Result<Done>.Ok(Done.Value);
            });
            return reauthentication.Failure!;
        }
        if (!reauthentication.Succeeded) return reauthentication.Failure!;

        return store.Write(() =>
        {
            if (jurisdictions.Find(code) is not { } j) return NotFound(code);
            var open = gate.OpenOverride(code);
            if (open?.DpoAdvice is null)
                return Failure.Validation($"The DPO's advice on overriding the gate of {j.Name} must be recorded before a legal reviewer approves.");
            if (open.IsInForce())
                return Failure.Validation($"The override for {j.Name} is already in force with two approvals.");
            if (open.Approvals.Any(a => a.ById == actor.Id))
                return Failure.Forbidden("You have already approved this override. A different legal reviewer must give the second approval.");
            var reauthenticated = stepUp.Confirm(actor, reauthentication.Value, SignOffAction.ApproveGateOverride, code, ApprovalContentHash(open, reason));
            if (!reauthenticated.Succeeded) return reauthenticated.Failure!;
            var decided = gate.Decide(actor, code, GateDecisionKind.OverrideApproval, open.Id);
            if (!decided.Succeeded) return decided.Failure!;
            var verdict = decided.Value;
            if (verdict.Open)
                return Failure.Validation($"The training gate of {j.Name} is open now: every gate check passes, so no override is needed.");

            var now = clock.UtcNowMs();
            var failing = verdict.FailingChecks.ToArray();
            var approvals = open.Approvals.Append(new GateOverrideApproval
            {
                ById = actor.Id, ByName = actor.DisplayName, At = now, Reason = reason.Trim(), FailingChecks = failing,
            }).ToArray();
            var inForce = approvals.Length >= GateOverride.ApprovalsRequired;
            var saved = overrides.Save(open with
            {
                Approvals = approvals,
                InForceSince = inForce ? now : null,
                FailingChecks = inForce ? failing : open.FailingChecks,
            });
            if (!saved.Succeeded) return saved;
            audit.Append(actor, "gate.override-approved", TrainingGate.EntityType, code,
                $"Approval {approvals.Length} of {GateOverride.ApprovalsRequired} of override {open.Id}: {reason.Trim()}; failing checks {string.Join(", ", failing.Select(f => f.Number))}; {reauthenticated.Value.Describe()}");
            if (inForce)
                audit.Append(actor, "gate.override-in-force", TrainingGate.EntityType, code,
                    $"Override {open.Id} in force, approved by {string.Join(" and ", approvals.Select(a => a.ByName))} on the DPO's advice of {CanonicalJson.Time(open.DpoAdvice.At)}");
            return saved;
        });
    }

    /// <summary>Ends the jurisdiction's open override (pending or in force) with a reason.</summary>
    public Result<GateOverride> Revoke(Actor actor, string jurisdiction, string reason)
    {
        if (actor.Require(Permission.OverrideTrainingGate) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(reason)) return Failure.Validation("Give a reason for revoking the override.");
        var code = jurisdiction.Trim().ToUpperInvariant();
        return store.Write<GateOverride>(() =>
        {
            if (jurisdictions.Find(code) is not { } j) return NotFound(code);
            var ended = gate.EndOpenOverride(actor, code, $"revoked by {actor.DisplayName}: {reason.Trim()}", "gate.override-revoked");
            if (!ended.Succeeded) return ended.Failure!;
            return ended.Value is { } revoked ? revoked : Failure.Validation($"There is no override of the gate of {j.Name} to revoke.");
        });
    }

    private static Failure NotFound(string code) => Failure.NotFound($"Jurisdiction {code} does not exist.");

    private User? UserOf(Actor actor) =>
        actor.Id.StartsWith("user:", StringComparison.Ordinal) ? users.Find(actor.Id["user:".Length..]) is { Disabled: false } u ? u : null : null;
}
