using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Web.Auth.SingleSignOn;

/// <summary>
/// Makes a pending sign-off once its SSO user has re-authenticated: calls the sign-off's own service with the ticket
/// (which redeems it in the sign-off's transaction). A sign-off that fails then is recorded, so its ticket is spent.
/// </summary>
public sealed class SignOffCompletion(
    StepUpService stepUps, IUserRepository users, AssessmentService assessments, GateOverrideService overrides, EvidencePackService packs)
{
    public Result<Done> Complete(string pendingId, SignOffTicket ticket)
    {
        if (stepUps.Find(pendingId) is not { } pending || users.Find(pending.UserEmail) is not { } user)
            return Failure.NotFound($"There is no pending sign-off {pendingId}.");
        var actor = Actor.User(user.Email, user.DisplayName, user.Role);
        var failure = pending.Action switch
        {
            SignOffAction.ApproveAssessment => assessments.Approve(actor, pending.TargetId, pending.VersionNumber,
                new Approval("", pending.DpoAdviceFollowed, pending.Reason, pending.NextReviewDate, Ticket: ticket)).Failure,
            SignOffAction.ApproveGateOverride => overrides.Approve(actor, pending.TargetId, ticket, pending.Reason).Failure,
            SignOffAction.ReleaseEvidencePack => packs.ApproveForRelease(actor, pending.TargetId, ticket).Failure,
            _ => Failure.Validation($"Unknown sign-off {pending.Action}."),
        };
        if (failure is null) return Done.Value;
        stepUps.RecordFailure(pendingId, failure.Message);
        return failure;
    }
}
