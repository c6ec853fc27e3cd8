using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Components.Pages.Evidence;
using ComplianceDashboard.Web.Evidence;
using ComplianceDashboard.Web.Tests.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Components.Evidence;

/// <summary>The Evidence packs page: the generate form, the queue, the list and who sees which release action.</summary>
public sealed class EvidencePacksPageTests : ComponentTestBase
{
    public EvidencePacksPageTests()
    {
        Context.Services.AddSingleton<IEvidencePackRenderer, EvidencePackDocument>();
        Context.Services.AddSingleton<EvidencePackQueue>();
        SeedDemoProgramme();
    }

    private EvidencePack Generated()
    {
        var packs = Context.Services.GetRequiredService<EvidencePackService>();
        var result = packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(Context.Services));
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Value;
    }

    [Fact]
    public void AnOfficer_SeesTheFormAndThePack_WithItsHashAndDownload_ButNoApproveButton()
    {
        var pack = Generated();
        SignInAs(Role.ComplianceOfficer);

        var page = Context.Render<EvidencePacksPage>();

        Assert.NotNull(page.Find("[aria-label='Generate a pack']"));
        var table = page.Find("table[aria-label='Evidence packs'], [aria-label='Evidence packs'] table");
        Assert.Contains(pack.Id, table.TextContent);
        Assert.Contains(pack.PdfSha256[..12], table.TextContent);
        Assert.Contains("Demo", table.TextContent);
        Assert.NotNull(page.Find($"a[href='/evidence-packs/{pack.Id}/pdf']"));
        Assert.Empty(page.FindAll($"[aria-label='Approve {pack.Id} for release']"));
    }

    [Fact]
    public void ALegalReviewer_SeesApprove_OnAPackSomeoneElseGenerated()
    {
        var pack = Generated();
        SignInAs(Role.LegalReviewer);

        var page = Context.Render<EvidencePacksPage>();

        Assert.NotNull(page.Find($"[aria-label='Approve {pack.Id} for release']"));
    }

    [Fact]
    public void Generating_QueuesThePack_AndShowsItsProgress()
    {
        SignInAs(Role.ComplianceOfficer);
        var page = Context.Render<EvidencePacksPage>();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Generate").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='generation-job']")));
        Assert.Contains("queued", page.Find("[aria-label='Generation queue']").TextContent);
        Assert.Single(Context.Services.GetRequiredService<EvidencePackQueue>().Active());
    }
}
