using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Evidence;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Assessments;

/// <summary>The demo's EU assessment on the AI template, read back from its PDF, an EU evidence pack and the API.</summary>
public sealed class AiTemplateDocumentTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"reader {Guid.NewGuid():N}", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task TheEuPdf_NamesItsTemplate_AndPrintsEveryKeyOfTheAiTemplate_WithTheMeasureFlagsAndAnonymityTests()
    {
        using var response = await GetAsync($"/api/v1/assessments/{DemoAssessments.EuId}/versions/2/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Text(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("AI model development (ICO template with EDPB Opinion 28/2024) v1", text);
        Assert.All(AssessmentTemplates.AiModelDevelopment.Questions, q => Assert.Contains($"{q.Key} ·", text));
        Assert.Contains("Model anonymity", text);
        Assert.Contains("goes beyond a legal duty", text);
        Assert.Contains("relied on in the balancing", text);
        // The recorded value wraps across lines, so its parts are asserted one by one.
        Assert.Contains("Regurgitation test of model", text);
        Assert.Contains("Membership inference test of model", text);
        Assert.Contains("eu-gen-2.1", text);
        Assert.Contains("risk not insignificant", text);
    }

    [Fact]
    public void AnEuEvidencePack_PrintsTheTemplate_EveryNewQuestionKey_AndTheMeasuresInItsSafeguardsRegister()
    {
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with { Jurisdiction = "EU", Classification = "ai-template" };
        var generated = factory.Services.GetRequiredService<EvidencePackService>().Generate(EvidencePackGenerationTests.Officer, parameters);
        Assert.True(generated.Succeeded, generated.Failure?.Message);

        var text = Text(factory.Services.GetRequiredService<EvidencePackService>().Pdf(generated.Value.Id)!);

        Assert.Contains("AI model development (ICO template with EDPB Opinion 28/2024) v1", text);
        Assert.All(AssessmentTemplates.AiAdditions.Where(q => q.Part != AssessmentPart.Safeguards), q => Assert.Contains($"{q.Key} ·", text));
        Assert.All(AssessmentTemplates.AiAdditions.Where(q => q.Part == AssessmentPart.Safeguards), q => Assert.Contains(q.Key, text));
        Assert.Contains("relied on in the balancing", text);
    }

    [Fact]
    public async Task TheAssessmentList_GivesEachAssessmentsTemplate()
    {
        using var response = await GetAsync("/api/v1/assessments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var byId = json.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        var eu = byId[DemoAssessments.EuId].GetProperty("template");
        Assert.Equal(("ai-model-development", "AI model development (ICO template with EDPB Opinion 28/2024)", 1),
            (eu.GetProperty("id").GetString(), eu.GetProperty("name").GetString(), eu.GetProperty("version").GetInt32()));
        Assert.Equal("ico-legitimate-interests", byId[DemoAssessments.UkId].GetProperty("template").GetProperty("id").GetString());
        Assert.Equal("ico-legitimate-interests", byId[DemoAssessments.EuId].GetProperty("versions")[0].GetProperty("template").GetProperty("id").GetString());
    }
}
