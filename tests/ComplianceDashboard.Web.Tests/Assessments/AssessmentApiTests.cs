using System.Net;
using System.Text.Json;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Assessments;

/// <summary>GET /api/v1/assessments and /api/v1/assessments/{id}/versions/{n} with API keys.</summary>
public sealed class AssessmentApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);

    private AssessmentService Assessments => factory.Services.GetRequiredService<AssessmentService>();

    private string Key(ApiScope scope)
    {
        var issued = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"test {Guid.NewGuid():N}", scope);
        Assert.True(issued.Succeeded, issued.Failure?.Message);
        return issued.Value.Secret;
    }

    private Assessment Draft(string title)
    {
        var a = Assessments.Create(Officer, title, ["UK"]).Value;
        var saved = Assessments.SaveDraft(Officer, a.Id, a.Version, 1, new DraftContent(title, ["UK"],
        [
            new Answer { Key = "A1", Text = "<b>To train</b> a model on public posts." },
            new Answer { Key = "S3", Text = "Exclusions", Items = ["Private messages", "Under-18 accounts"] },
            new Answer { Key = "SG-WINDOW", Text = "30 days", Safeguard = new SafeguardValue { Status = SafeguardStatus.Verified, Days = 30, RequiredBeforeTraining = true } },
        ], [ReviewTrigger.NewPurpose]));
        Assert.True(saved.Succeeded, saved.Failure?.Message);
        return saved.Value;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData("/api/v1/assessments")]
    [InlineData("/api/v1/assessments/lia-any/versions/1")]
    [InlineData("/api/v1/assessments/lia-any/versions/1/pdf")]
    public async Task WithoutAKey_TheApiAnswers401(string path)
    {
        using var response = await GetAsync(path, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/assessments")]
    [InlineData("/api/v1/assessments/lia-any/versions/1")]
    [InlineData("/api/v1/assessments/lia-any/versions/1/pdf")]
    public async Task AKeyWithoutTheReadScope_Gets403(string path)
    {
        using var response = await GetAsync(path, Key(ApiScope.Ingest));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownAssessmentOrVersion_Is404()
    {
        var a = Draft("404 check");
        var key = Key(ApiScope.Read);

        using var unknown = await GetAsync("/api/v1/assessments/lia-nothing/versions/1", key);
        using var noVersion = await GetAsync($"/api/v1/assessments/{a.Id}/versions/9", key);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task ADraftPdf_ShowsMarkupAsText_AndCarriesAHundredKilobyteAnswerAcrossPages()
    {
        var a = Draft("PDF check");
        var longAnswer = string.Join(" ", Enumerable.Range(0, 14_000).Select(i => $"word{i}"));
        var saved = Assessments.SaveDraft(Officer, a.Id, a.Version, 1, new DraftContent("PDF check", ["UK"],
        [
            new Answer { Key = "A1", Text = "To train <script>alert(1)</script> a model." },
            new Answer { Key = "A2", Text = longAnswer },
        ], []));
        Assert.True(saved.Succeeded, saved.Failure?.Message);
        Assert.True(longAnswer.Length > 100_000);

        using var response = await GetAsync($"/api/v1/assessments/{a.Id}/versions/1/pdf", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
        Assert.True(pdf.NumberOfPages > 5, $"{pdf.NumberOfPages} pages");
        Assert.Contains("<script>alert(1)</script>", string.Join(" ", words));
        var present = words.ToHashSet(StringComparer.Ordinal);
        Assert.All(Enumerable.Range(0, 14_000), i => Assert.Contains($"word{i}", present));
    }

    [Fact]
    public async Task TheList_ShowsEachAssessmentWithItsVersionsAndStatuses()
    {
        var a = Draft("Listed assessment");

        using var response = await GetAsync("/api/v1/assessments", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = json.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == a.Id);
        Assert.Equal("Listed assessment", item.GetProperty("title").GetString());
        Assert.Equal("Draft", item.GetProperty("latestStatus").GetString());
        var version = Assert.Single(item.GetProperty("versions").EnumerateArray());
        Assert.Equal((1, "Draft"), (version.GetProperty("number").GetInt32(), version.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AVersion_HasEveryAnswerByQuestionKey_AndTheHashOfItsCanonicalContent()
    {
        var a = Draft("Version detail");

        using var response = await GetAsync($"/api/v1/assessments/{a.Id}/versions/1", Key(ApiScope.Read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var answers = root.GetProperty("answers");
        Assert.Equal(QuestionCatalogue.All.Select(q => q.Key).Order(), answers.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("<b>To train</b> a model on public posts.", answers.GetProperty("A1").GetProperty("text").GetString());
        Assert.Equal(["Private messages", "Under-18 accounts"], answers.GetProperty("S3").GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("Verified", answers.GetProperty("SG-WINDOW").GetProperty("safeguard").GetProperty("status").GetString());
        Assert.Equal(30, answers.GetProperty("SG-WINDOW").GetProperty("safeguard").GetProperty("days").GetInt32());
        Assert.Equal(AssessmentContent.Hash(a.Id, Assessments.Find(a.Id)!.FindVersion(1)!), root.GetProperty("contentHash").GetString());
        Assert.False(root.GetProperty("contentHashSigned").GetBoolean());
        Assert.Empty(root.GetProperty("signOffs").EnumerateArray());
    }
}

/// <summary>The API over the demo's signed UK assessment.</summary>
public sealed class DemoAssessmentApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task TheApprovedUkVersion_CarriesItsSignOff_WithTheSignedContentHash()
    {
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "reader", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assessments/{Core.Demo.DemoAssessments.UkId}/versions/2");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var signOff = Assert.Single(root.GetProperty("signOffs").EnumerateArray());
        Assert.Equal(("Leo Legal", "Legal reviewer", "Approved"), (signOff.GetProperty("by").GetString(), signOff.GetProperty("role").GetString(), signOff.GetProperty("decision").GetString()));
        Assert.Equal(root.GetProperty("contentHash").GetString(), signOff.GetProperty("contentHash").GetString());
        Assert.True(root.GetProperty("contentHashSigned").GetBoolean());
        Assert.Equal("Approved", root.GetProperty("status").GetString());
        Assert.All(root.GetProperty("answers").EnumerateObject(), a => Assert.False(string.IsNullOrWhiteSpace(a.Value.GetProperty("text").GetString()), a.Name));
    }

    [Fact]
    public async Task TheApprovedUkVersionPdf_HasEveryQuestionKeyAndEveryWordOfEachAnswer_TheSignedHash_AndTheDemoWatermark()
    {
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "pdf reader", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assessments/{Core.Demo.DemoAssessments.UkId}/versions/2/pdf");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var version = factory.Services.GetRequiredService<AssessmentService>().Find(Core.Demo.DemoAssessments.UkId)!.FindVersion(2)!;
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var pages = pdf.GetPages().ToList();
        var words = pages.SelectMany(p => p.GetWords()).Select(w => w.Text).ToHashSet(StringComparer.Ordinal);
        var text = string.Join("\n", pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.All(QuestionCatalogue.All, q => Assert.Contains($"{q.Key} ·", text));
        Assert.All(version.Answers.Where(a => a.Text.Length > 0), answer =>
        {
            var missing = answer.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !words.Contains(w)).ToList();
            Assert.True(missing.Count == 0, $"{answer.Key}: missing {string.Join(" ", missing.Take(5))}");
        });
        Assert.Contains(version.ContentHash, text);
        Assert.Contains("Leo Legal", text);
        Assert.All(pages, p => Assert.Contains($"Page {p.Number} of {pages.Count}", string.Join(" ", p.GetWords().Select(w => w.Text))));
        // The watermark is drawn diagonally, so it is read from the page's letters rather than its words.
        Assert.All(pages, p => Assert.Contains(Reports.Documents.AssessmentDocument.DemoWatermark, p.Text));
    }
}
