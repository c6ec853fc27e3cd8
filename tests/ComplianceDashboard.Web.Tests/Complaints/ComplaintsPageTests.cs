using Bunit;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Pages.Complaints;
using ComplianceDashboard.Web.Components.Pages.Objections;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Complaints;

/// <summary>The Complaints page and the objection ↔ complaint links over a real demo store.</summary>
public sealed class ComplaintsPageTests : ComponentTestBase
{
    public ComplaintsPageTests() => SignInAs(Role.ComplianceOfficer);

    private static string Tile(IRenderedComponent<ComplaintsPage> page, string key) =>
        page.Find($"[data-kpi={key}] .kpi-value").TextContent.Trim();

    private ComplaintService Service => Context.Services.GetRequiredService<ComplaintService>();

    [Fact]
    public void ShowsTheKeyFiguresOfTheDemoComplaints_WithTheOverdueOnesInTheList()
    {
        SeedDemoProgramme();
        var m = Service.Metrics(ComplaintFilter.All);
        Assert.True(m.AcknowledgementOverdueNow > 0);

        var page = Context.Render<ComplaintsPage>();

        Assert.Equal(m.Received.ToString("N0"), Tile(page, "received"));
        Assert.Equal(m.AcknowledgementOverdueNow.ToString("N0"), Tile(page, "overdue"));
        Assert.Equal($"{m.PercentAcknowledgedWithinDeadline:0.0}%", Tile(page, "within-deadline"));
        Assert.Equal(10, page.FindAll("[data-kpi]").Count);
        Assert.Contains(page.FindAll(".mud-chip"), chip => chip.TextContent.StartsWith("Overdue (due "));
    }

    [Fact]
    public async Task TheFiltersNarrowTheFiguresAndTheExport()
    {
        SeedDemoProgramme();
        var page = Context.Render<ComplaintsPage>();

        var jurisdiction = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Jurisdiction");
        await page.InvokeAsync(() => jurisdiction.Instance.ValueChanged.InvokeAsync("EU"));
        page.WaitForAssertion(() => Assert.Equal("0", Tile(page, "received")));
        Assert.Contains("jurisdiction=EU", page.Find("a[aria-label='Export CSV of the filtered complaints']").GetAttribute("href"));

        await page.InvokeAsync(() => jurisdiction.Instance.ValueChanged.InvokeAsync("UK"));
        var overdueOnly = page.FindComponents<MudSwitch<bool>>().Single();
        await page.InvokeAsync(() => overdueOnly.Instance.ValueChanged.InvokeAsync(true));

        var expected = Service.List(new ComplaintFilter(Jurisdiction: "UK"), overdueOnly: true);
        page.WaitForAssertion(() => Assert.Equal(expected.Select(c => c.Id).Order(),
            page.FindAll("button[aria-label^='Open complaint ']").Select(b => b.TextContent.Trim()).Order()));
    }

    [Fact]
    public void HidesUploadRecordAndExport_FromAnAuditor()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();

        var page = Context.Render<ComplaintsPage>();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Record complaint") || b.TextContent.Contains("Upload CSV"));
        Assert.Empty(page.FindAll("a[aria-label='Export CSV of the filtered complaints']"));
    }

    [Fact]
    public void AcknowledgingAnOverdueComplaintInItsDialog_MovesTheFigures()
    {
        SeedDemoProgramme();
        var overdue = Service.List(ComplaintFilter.All, overdueOnly: true).First();
        var before = Service.Metrics(ComplaintFilter.All);
        var provider = Context.Render<MudDialogProvider>();
        var page = Context.Render<ComplaintsPage>();

        page.Find($"button[aria-label='Open complaint {overdue.Id}']").Click();
        provider.WaitForAssertion(() => Assert.Contains(provider.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == "Acknowledge"));
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Acknowledge").Click();
        provider.WaitForAssertion(() => Assert.Contains("Late (", provider.Find(".mud-dialog").TextContent));
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Close").Click();

        page.WaitForAssertion(() => Assert.Equal((before.AcknowledgementOverdueNow - 1).ToString("N0"), Tile(page, "overdue")));
        Assert.Equal((before.AcknowledgedLate + 1).ToString("N0"), Tile(page, "late"));
        Assert.NotNull(Context.Services.GetRequiredService<IComplaintRepository>().Find(overdue.Id)!.AcknowledgedAt);
    }

    [Fact]
    public void AComplaintLinksToItsObjections_AndAnObjectionLinksBackToItsComplaints()
    {
        SeedDemoProgramme();
        var complaint = Service.List(ComplaintFilter.All).First();
        var objectionId = complaint.LinkedObjectionIds.Single();
        var linked = Service.LinkedTo(objectionId);

        var provider = Context.Render<MudDialogProvider>();
        var objections = Context.Render<ObjectionsPage>();
        var objection = Context.Services.GetRequiredService<IObjectionRepository>().Find(objectionId)!;
        // Not awaited: the task completes only when the dialog closes.
        _ = objections.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().ShowObjectionAsync(objection, canManage: false));
        provider.WaitForAssertion(() => Assert.Equal($"/complaints?objection={objectionId}",
            provider.Find($"a[aria-label='Complaints about objection {objectionId}']").GetAttribute("href")));
        Assert.Equal(string.Join(", ", linked.Select(c => c.Id)), provider.Find($"a[aria-label='Complaints about objection {objectionId}']").TextContent);

        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/complaints?objection={objectionId}");
        var page = Context.Render<ComplaintsPage>();
        Assert.Equal(linked.Select(c => c.Id).Order(), page.FindAll("button[aria-label^='Open complaint ']").Select(b => b.TextContent.Trim()).Order());
        Assert.Contains($"/objections?search={objectionId}", page.Find("[aria-label='Linked objection filter'] a").GetAttribute("href"));
    }
}
