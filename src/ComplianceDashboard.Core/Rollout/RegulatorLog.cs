using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Rollout;

/// <summary>Who an interaction came from.</summary>
public enum InteractionDirection
{
    FromRegulator,
    ToRegulator,
    Meeting,
}

/// <summary>Where a commitment to a regulator stands.</summary>
public enum CommitmentStatus
{
    Open,
    InProgress,
    Met,
    Withdrawn,
}

/// <summary>A dated letter, e-mail or meeting with a jurisdiction's regulator.</summary>
public sealed record RegulatorInteraction : Aggregate
{
    public string JurisdictionCode { get; init; } = "";
    public DateOnly Date { get; init; }
    public InteractionDirection Direction { get; init; }
    public string Summary { get; init; } = "";
    public string Reference { get; init; } = "";
    public DateTime RecordedAt { get; init; }
    public string RecordedBy { get; init; } = "";
}

/// <summary>Something the programme promised a regulator, and the evidence that it was done.</summary>
public sealed record RegulatorCommitment : Aggregate
{
    public string JurisdictionCode { get; init; } = "";
    public DateOnly MadeOn { get; init; }
    public string Text { get; init; } = "";
    public CommitmentStatus Status { get; init; }
    public string Evidence { get; init; } = "";
    public DateOnly? MetOn { get; init; }
    public DateTime RecordedAt { get; init; }
}

/// <summary>Stores regulator interactions and commitments.</summary>
public interface IRegulatorLogRepository
{
    IReadOnlyList<RegulatorInteraction> InteractionsOf(string jurisdictionCode);
    Result<RegulatorInteraction> Save(RegulatorInteraction interaction);
    RegulatorCommitment? FindCommitment(string id);
    IReadOnlyList<RegulatorCommitment> CommitmentsOf(string jurisdictionCode);

    /// <summary>Every interaction of every jurisdiction, by id (moving a store).</summary>
    IReadOnlyList<RegulatorInteraction> AllInteractions();

    /// <summary>Every commitment of every jurisdiction, by id (moving a store).</summary>
    IReadOnlyList<RegulatorCommitment> AllCommitments();
    Result<RegulatorCommitment> Save(RegulatorCommitment commitment);
}

/// <summary>The fields of a logged interaction.</summary>
public sealed record InteractionDetails(DateOnly Date, InteractionDirection Direction, string Summary, string Reference);

/// <summary>The fields of a commitment.</summary>
public sealed record CommitmentDetails(DateOnly MadeOn, string Text, CommitmentStatus Status, string Evidence, DateOnly? MetOn);

/// <summary>Keeping the log of dealings with each regulator and the commitments made to it.</summary>
public sealed class RegulatorLogService(
    IRegulatorLogRepository log, IJurisdictionRepository jurisdictions, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string InteractionEntityType = "RegulatorInteraction";
    public const string CommitmentEntityType = "RegulatorCommitment";

    public IReadOnlyList<RegulatorInteraction> Interactions(string jurisdictionCode) =>
        log.InteractionsOf(jurisdictionCode).OrderByDescending(i => i.Date).ThenByDescending(i => i.RecordedAt).ToList();

    public IReadOnlyList<RegulatorCommitment> Commitments(string jurisdictionCode) =>
        log.CommitmentsOf(jurisdictionCode).OrderBy(c => c.MadeOn).ThenBy(c => c.RecordedAt).ToList();

    public Result<RegulatorInteraction> Record(Actor actor, string jurisdictionCode, InteractionDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(details.Summary)) return Failure.Validation("Summarise the letter or meeting.");
        return store.Write(() =>
        {
            if (jurisdictions.Find(jurisdictionCode) is null) return Failure.NotFound($"Jurisdiction {jurisdictionCode} does not exist.");
            var interaction = new RegulatorInteraction
            {
                Id = NewId(), JurisdictionCode = jurisdictionCode, Date = details.Date, Direction = details.Direction,
                Summary = details.Summary.Trim(), Reference = details.Reference.Trim(), RecordedAt = clock.UtcNowMs(), RecordedBy = actor.DisplayName,
            };
            var saved = log.Save(interaction);
            if (saved.Succeeded)
                audit.Append(actor, "regulator.interaction-recorded", InteractionEntityType, interaction.Id,
                    $"{jurisdictionCode} {interaction.Date:yyyy-MM-dd} {interaction.Direction}: {interaction.Summary}" +
                    (interaction.Reference.Length > 0 ? $" (ref {interaction.Reference})" : ""));
            return saved;
        });
    }

    public Result<RegulatorCommitment> AddCommitment(Actor actor, string jurisdictionCode, CommitmentDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        return store.Write(() =>
        {
            if (jurisdictions.Find(jurisdictionCode) is null) return Failure.NotFound($"Jurisdiction {jurisdictionCode} does not exist.");
            var commitment = Apply(new RegulatorCommitment { Id = NewId(), JurisdictionCode = jurisdictionCode, RecordedAt = clock.UtcNowMs() }, details);
            var saved = log.Save(commitment);
            if (saved.Succeeded)
                audit.Append(actor, "regulator.commitment-added", CommitmentEntityType, commitment.Id,
                    $"{jurisdictionCode}: committed on {commitment.MadeOn:yyyy-MM-dd} to \"{commitment.Text}\" ({commitment.Status})");
            return saved;
        });
    }

    public Result<RegulatorCommitment> UpdateCommitment(Actor actor, string id, int expectedVersion, CommitmentDetails details)
    {
        if (actor.Require(Permission.ManageRollout) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        return store.Write(() =>
        {
            var current = log.FindCommitment(id);
            if (current is null) return Failure.NotFound($"Commitment {id} does not exist.");
            var changed = Apply(current, details);
            if (changed == current) return current;
            var saved = log.Save(changed with { Version = expectedVersion });
            if (saved.Succeeded)
                audit.Append(actor, "regulator.commitment-updated", CommitmentEntityType, id,
                    $"\"{changed.Text}\": {current.Status} → {changed.Status}" + (changed.Evidence.Length > 0 ? $"; evidence: {changed.Evidence}" : ""));
            return saved;
        });
    }

    private static RegulatorCommitment Apply(RegulatorCommitment c, CommitmentDetails d) => c with
    {
        MadeOn = d.MadeOn, Text = d.Text.Trim(), Status = d.Status, Evidence = d.Evidence.Trim(),
        MetOn = d.Status == CommitmentStatus.Met ? d.MetOn : null,
    };

    private static Failure? Validate(CommitmentDetails d)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(d.Text)) errors.Add("Say what was committed.");
        if (d.Status == CommitmentStatus.Met && string.IsNullOrWhiteSpace(d.Evidence)) errors.Add("A met commitment needs the evidence that it was met.");
        if (d.Status == CommitmentStatus.Met && d.MetOn is null) errors.Add("A met commitment needs the date it was met.");
        if (d.MetOn is { } met && met < d.MadeOn) errors.Add("It cannot have been met before it was made.");
        return errors.Count == 0 ? null : Failure.Validation("The commitment has errors.", errors);
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
