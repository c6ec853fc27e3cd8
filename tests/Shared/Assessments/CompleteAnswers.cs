using ComplianceDashboard.Core.Assessments;

namespace ComplianceDashboard.Testing.Assessments;

/// <summary>Answers that complete a question of any kind, so a draft can be submitted: shared by the Core and browser tests.</summary>
public static class CompleteAnswers
{
    /// <summary>An answer that completes <paramref name="question"/>.</summary>
    public static Answer For(Question question, string? text = null) => new Answer { Key = question.Key, Text = text ?? $"Answer to {question.Key}." } with
    {
        YesNo = question.Kind is ValueKind.YesNo or ValueKind.OptOut ? true : null,
        Unconditional = question.Kind == ValueKind.OptOut ? true : null,
        Rating = question.Kind == ValueKind.Rating ? 4 : null,
        Items = question.Kind == ValueKind.List ? ["first item", "second item"] : [],
        Alternatives = question.Kind == ValueKind.Alternatives ? [new Alternative { Option = "Licensed data", WhyRejected = "Too narrow" }] : [],
        Impacts = question.Kind == ValueKind.Impacts ? [new Impact { Description = "Regurgitation", Likelihood = Level.Low, Severity = Level.High }] : [],
        Safeguard = question.Kind is ValueKind.Safeguard or ValueKind.SafeguardWindow
            ? new SafeguardValue { Status = SafeguardStatus.Implemented, EvidenceReference = "EV-1", Date = new DateOnly(2026, 3, 1), RequiredBeforeTraining = true, Days = question.Kind == ValueKind.SafeguardWindow ? 30 : null }
            : null,
        Outcome = question.Kind == ValueKind.Outcome ? DecisionOutcome.AppliesWithConditions : null,
        Dpia = question.Kind == ValueKind.Dpia ? new DpiaValue { Needed = true, Reference = "DPIA-7", ResidualRisk = Level.Medium, PriorConsultationRequired = false } : null,
    };
}
