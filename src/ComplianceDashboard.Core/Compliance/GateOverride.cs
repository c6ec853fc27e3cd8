using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>The DPO's advice on overriding a closed gate; the DPO advises, legal reviewers decide.</summary>
public sealed record GateDpoAdvice
{
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public DateTime At { get; init; }
    public string Advice { get; init; } = "";
}

/// <summary>One legal reviewer's approval of an override: who, when, why, and what was failing at that moment.</summary>
public sealed record GateOverrideApproval
{
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public DateTime At { get; init; }
    public string Reason { get; init; } = "";
    public GateCheckFailure[] FailingChecks { get; init; } = [];
}

/// <summary>A gate check that did not pass, as recorded with a decision.</summary>
public sealed record GateCheckFailure
{
    public string CheckId { get; init; } = "";
    public int Number { get; init; }
    public string Title { get; init; } = "";
    public CheckOutcome Outcome { get; init; }
    public string Explanation { get; init; } = "";

    public static GateCheckFailure From(CheckResult result)
    {
        var definition = CheckCatalogue.Find(result.CheckId);
        return new GateCheckFailure
        {
            CheckId = result.CheckId,
            Number = definition?.Number ?? 0,
            Title = definition?.Title ?? result.CheckId,
            Outcome = result.Outcome,
            Explanation = result.Explanation,
        };
    }

    /// <summary>"Check 3 (fail): Every safeguard … — explanation", as listed to people.</summary>
    public string Describe() =>
        $"Check {Number} ({Outcome.ToString().ToLowerInvariant()}): {Title}" + (Explanation.Length > 0 ? $" — {Explanation}" : "");
}

/// <summary>
/// An override of a closed training gate for one jurisdiction: the DPO's advice first, then two different legal
/// reviewers' approvals. In force from the second approval until a legal reviewer revokes it or the jurisdiction
/// leaves the Training state. A jurisdiction has at most one open (not ended) override at a time; ended ones stay as history.
/// </summary>
public sealed record GateOverride : Aggregate
{
    public const int ApprovalsRequired = 2;

    public string Jurisdiction { get; init; } = "";
    public DateTime OpenedAt { get; init; }
    public GateDpoAdvice? DpoAdvice { get; init; }
    public GateOverrideApproval[] Approvals { get; init; } = [];

    /// <summary>The failing gate checks when the override came into force (the second approval).</summary>
    public GateCheckFailure[] FailingChecks { get; init; } = [];
    public DateTime? InForceSince { get; init; }
    public DateTime? EndedAt { get; init; }
    public string EndedBy { get; init; } = "";
    public string EndReason { get; init; } = "";

    /// <summary>Not yet ended (awaiting advice or approvals, or in force).</summary>
    public bool IsOpen() => EndedAt is null;

    public bool IsInForce() => EndedAt is null && InForceSince is not null;

    /// <summary>Whether the override was in force at any moment of [from, to].</summary>
    public bool WasInForceDuring(DateTime from, DateTime to) =>
        InForceSince is { } since && since <= to && (EndedAt is not { } ended || ended >= from);

    public string Describe() => IsInForce()
        ? $"in force since {CanonicalJson.Time(InForceSince!.Value)}"
        : EndedAt is not null ? $"ended: {EndReason}"
        : DpoAdvice is null ? "awaiting the DPO's advice"
        : $"awaiting approval {Approvals.Length + 1} of {ApprovalsRequired}";
}

/// <summary>Stores gate overrides.</summary>
public interface IGateOverrideRepository
{
    GateOverride? Find(string id);

    /// <summary>Every override of the jurisdiction, oldest first.</summary>
    IReadOnlyList<GateOverride> ForJurisdiction(string jurisdiction);

    /// <summary>Every override, by id (moving a store).</summary>
    IReadOnlyList<GateOverride> All();

    /// <summary>Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<GateOverride> Save(GateOverride gateOverride);
}
