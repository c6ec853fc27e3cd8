using ComplianceDashboard.Core.Assessments;

namespace ComplianceDashboard.Core.Tests.Assessments;

public sealed class QuestionCatalogueTests
{
    [Fact]
    public void Keys_AreUnique_AndIncludeEveryNumberedQuestionOfTheThreePartTest()
    {
        var keys = QuestionCatalogue.All.Select(q => q.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(Enumerable.Range(1, 10).Select(i => $"A{i}").Concat(Enumerable.Range(1, 4).Select(i => $"B{i}")), k => Assert.Contains(k, keys));
        Assert.All(new[] { "A-LAWFUL", "A-ARTICULATED", "A-REAL", "B-ALTERNATIVES", "B-MINIMISATION", "C-OPTOUT", "D-OUTCOME", "D-DPIA" }, k => Assert.Contains(k, keys));
    }

    [Fact]
    public void EverySectionHasQuestions_AndEveryQuestionHasGuidance()
    {
        Assert.All(Enum.GetValues<AssessmentPart>().Where(p => p != AssessmentPart.Anonymity), p => Assert.NotEmpty(QuestionCatalogue.In(p)));
        Assert.All(Enum.GetValues<AssessmentPart>(), p => Assert.NotEmpty(AssessmentTemplates.AiModelDevelopment.In(p)));
        Assert.All(AssessmentTemplates.All.SelectMany(t => t.Questions), q => Assert.False(string.IsNullOrWhiteSpace(q.Guidance), q.Key));
    }

    [Fact]
    public void TheSafeguardsSection_ListsTheTenSafeguards_EachWithAStatusValue()
    {
        var safeguards = QuestionCatalogue.In(AssessmentPart.Safeguards).ToList();

        Assert.Equal(10, safeguards.Count);
        Assert.All(safeguards, q => Assert.Contains(q.Kind, new[] { ValueKind.Safeguard, ValueKind.SafeguardWindow }));
    }
}
