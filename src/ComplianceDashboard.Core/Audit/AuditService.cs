using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Audit;

/// <summary>Reading and verifying the audit log.</summary>
public sealed class AuditService(IAuditLog log)
{
    public Result<AuditPage> Query(Actor actor, AuditFilter filter, int skip, int take)
    {
        if (actor.Require(Permission.ViewAuditLog) is { } denied) return denied;
        return log.Query(filter, Math.Max(0, skip), Math.Clamp(take, 1, 500));
    }

    public Result<ChainVerification> Verify(Actor actor)
    {
        if (actor.Require(Permission.ViewAuditLog) is { } denied) return denied;
        return AuditChain.Verify(log.ReadAll());
    }

    public IReadOnlyList<string> EntityTypes() => log.EntityTypes();
}
