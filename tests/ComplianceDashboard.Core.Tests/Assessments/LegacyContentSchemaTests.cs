using ComplianceDashboard.Core.Assessments;

namespace ComplianceDashboard.Core.Tests.Assessments;

/// <summary>Versions signed off before templates existed record no template; their hash must not move.</summary>
public sealed class LegacyContentSchemaTests
{
    /// <summary>The SHA-256 this version had under the content schema before templates (computed on main before the change).</summary>
    private const string HashBeforeTemplates = "e7ee28cc922bd70dcc36541ccb34aa6eef69f2c920c3da96a03f6f0715e85619";

    /// <summary>A version as stored before templates: no template recorded, answers including a safeguard.</summary>
    internal static AssessmentVersion StoredBeforeTemplates() => new()
    {
        Number = 1,
        Status = AssessmentStatus.Approved,
        Title = "AI training on public posts (UK)",
        Jurisdictions = ["UK"],
        Answers =
        [
            new Answer { Key = "A1", Text = "Train a generative model on public posts." },
            new Answer { Key = "A5", Text = "Essential.", Rating = 5 },
            new Answer { Key = "C-OPTOUT", Text = "A form.", YesNo = true, Unconditional = true },
            new Answer
            {
                Key = "SG-WINDOW", Text = "30 days between notice and training.",
                Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, EvidenceReference = "EV-1", Date = new DateOnly(2025, 5, 1), RequiredBeforeTraining = true, Days = 30 },
            },
            new Answer { Key = "D-OUTCOME", Text = "Applies.", Outcome = DecisionOutcome.AppliesWithConditions },
        ],
        ReviewTriggers = [ReviewTrigger.NewPurpose, ReviewTrigger.RegulatorStatement],
        DpoAdvice = new DpoAdvice { Advice = "Proceed with the safeguards." },
        ContentHash = HashBeforeTemplates,
    };

    [Fact]
    public void AVersionApprovedBeforeTemplates_HashesToWhatWasSigned()
    {
        Assert.Equal(HashBeforeTemplates, AssessmentContent.Hash("lia-legacy", StoredBeforeTemplates()));
    }
}
