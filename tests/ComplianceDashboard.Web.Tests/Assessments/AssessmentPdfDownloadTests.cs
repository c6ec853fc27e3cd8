using System.Net;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Assessments;

/// <summary>The version page's PDF link: anyone signed in who may read assessments gets the version's PDF; nobody else does.</summary>
public sealed class AssessmentPdfDownloadTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ASignedInAuditor_DownloadsTheVersionsPdf_TheSameBytesTheApiGives()
    {
        var assessment = factory.Services.GetRequiredService<AssessmentService>().All().First(a => a.Versions.Any());
        var version = assessment.Versions[^1];
        using var auditor = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));

        using var response = await auditor.GetAsync($"/assessments/{assessment.Id}/versions/{version.Number}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(AssessmentDocument.Render(assessment, version).Pdf, bytes);
        using var pdf = PdfDocument.Open(bytes);
        Assert.Contains($"version {version.Number}", string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text)));
    }

    [Fact]
    public async Task AVersionThatDoesNotExist_LeadsToTheNotFoundPage_AndAnAnonymousVisitor_GetsNoPdf()
    {
        var assessment = factory.Services.GetRequiredService<AssessmentService>().All().First();
        using var auditor = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var missing = await auditor.GetAsync($"/assessments/{assessment.Id}/versions/999/pdf");
        using var refused = await anonymous.GetAsync($"/assessments/{assessment.Id}/versions/1/pdf");

        var landed = missing.Headers.Location?.OriginalString ?? missing.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Equal("/not-found", landed);
        Assert.NotEqual("application/pdf", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
