using System.Net;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The list's download link: signed-in users who may download packs get the PDF, others do not.</summary>
public sealed class EvidencePackDownloadTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task AnAuditorDownloadsThePdf_AnAdminMayNot()
    {
        var packs = factory.Services.GetRequiredService<EvidencePackService>();
        var pack = packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "download" }).Value;
        using var auditor = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));
        using var admin = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Admin));

        using var ok = await auditor.GetAsync($"/evidence-packs/{pack.Id}/pdf");
        using var refused = await admin.GetAsync($"/evidence-packs/{pack.Id}/pdf");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(packs.Pdf(pack.Id), await ok.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
