using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Tests.Rollout;

public sealed class RegulatorLogServiceTests
{
    private static readonly Actor Officer = Actor.User("officer@example.test", "Officer", Role.ComplianceOfficer);
    private static readonly DateOnly Day = InMemoryRollout.Start;

    [Fact]
    public void AMetCommitment_NeedsEvidenceAndADate()
    {
        var s = InMemoryRollout.WithUkCampaign();
        var log = new InMemoryRegulatorLog();
        var service = new RegulatorLogService(log, s, s, s, TimeProvider.System);
        var commitment = service.AddCommitment(Officer, "UK", new CommitmentDetails(Day, "Longer objection window", CommitmentStatus.Open, "", null)).Value;

        var withoutEvidence = service.UpdateCommitment(Officer, commitment.Id, commitment.Version, new CommitmentDetails(Day, commitment.Text, CommitmentStatus.Met, "", Day.AddDays(5)));
        var met = service.UpdateCommitment(Officer, commitment.Id, commitment.Version, new CommitmentDetails(Day, commitment.Text, CommitmentStatus.Met, "Window set to 30 days in campaign UK-FB", Day.AddDays(5)));

        Assert.Equal(FailureKind.Validation, withoutEvidence.Failure!.Kind);
        Assert.Equal(CommitmentStatus.Met, met.Value.Status);
        Assert.Equal(["regulator.commitment-added", "regulator.commitment-updated"], s.Audit.Select(a => a.Action));
    }

    [Fact]
    public void Interactions_AreListedNewestFirst_AndAnAuditorMayNotRecordOne()
    {
        var s = InMemoryRollout.WithUkCampaign();
        var log = new InMemoryRegulatorLog();
        var service = new RegulatorLogService(log, s, s, s, TimeProvider.System);
        service.Record(Officer, "UK", new InteractionDetails(Day, InteractionDirection.FromRegulator, "Questions from the ICO", "ICO/1"));
        service.Record(Officer, "UK", new InteractionDetails(Day.AddDays(3), InteractionDirection.ToRegulator, "Our answers", "ICO/2"));
        var auditor = Actor.User("a@example.test", "Auditor", Role.Auditor);

        Assert.Equal(["Our answers", "Questions from the ICO"], service.Interactions("UK").Select(i => i.Summary));
        Assert.Equal(FailureKind.Forbidden, service.Record(auditor, "UK", new InteractionDetails(Day, InteractionDirection.Meeting, "x", "")).Failure!.Kind);
    }

    private sealed class InMemoryRegulatorLog : IRegulatorLogRepository
    {
        private readonly Dictionary<string, RegulatorInteraction> _interactions = [];
        private readonly Dictionary<string, RegulatorCommitment> _commitments = [];

        public IReadOnlyList<RegulatorInteraction> InteractionsOf(string jurisdictionCode) => _interactions.Values.Where(i => i.JurisdictionCode == jurisdictionCode).ToList();
        public Result<RegulatorInteraction> Save(RegulatorInteraction interaction) => _interactions[interaction.Id] = interaction with { Version = interaction.Version + 1 };
        public RegulatorCommitment? FindCommitment(string id) => _commitments.GetValueOrDefault(id);
        public IReadOnlyList<RegulatorCommitment> CommitmentsOf(string jurisdictionCode) => _commitments.Values.Where(c => c.JurisdictionCode == jurisdictionCode).ToList();
        public Result<RegulatorCommitment> Save(RegulatorCommitment commitment) => _commitments[commitment.Id] = commitment with { Version = commitment.Version + 1 };
        public IReadOnlyList<RegulatorInteraction> AllInteractions() => [.. _interactions.Values];
        public IReadOnlyList<RegulatorCommitment> AllCommitments() => [.. _commitments.Values];
    }
}
