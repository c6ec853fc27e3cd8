using Bunit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Components.Pages.Objections;
using ComplianceDashboard.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Objections;

public sealed class ObjectionsPageTests : ComponentTestBase
{
    public ObjectionsPageTests() => SignInAs(Role.ComplianceOfficer);

    private static string Tile(IRenderedComponent<ObjectionsPage> page, string key) =>
        page.Find($"[data-kpi={key}] .kpi-value").TextContent.Trim();

    private ObjectionMetrics Expected(ObjectionFilter filter) => Context.Services.GetRequiredService<ObjectionService>().Metrics(filter);

    [Fact]
    public void ShowsTheKeyFiguresOfEveryDemoObjection()
    {
        SeedDemoProgramme();
        var all = Expected(ObjectionFilter.All);

        var page = Context.Render<ObjectionsPage>();

        Assert.Equal((500 + 50 + 25).ToString("N0"), Tile(page, "received"));
        Assert.Equal(all.Honoured.ToString("N0"), Tile(page, "honoured"));
        Assert.Equal(all.Pending.ToString("N0"), Tile(page, "pending"));
        Assert.Equal(15, page.FindAll("[data-kpi]").Count);
        Assert.Equal(["BR", "EU", "UK"], page.FindAll("[aria-label='By jurisdiction'] tbody th").Select(th => th.TextContent));
    }

    [Fact]
    public async Task EveryFigureFollowsTheJurisdictionFilter()
    {
        SeedDemoProgramme();
        var eu = Expected(new ObjectionFilter(Jurisdiction: "EU"));
        var page = Context.Render<ObjectionsPage>();

        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Jurisdiction");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("EU"));

        page.WaitForAssertion(() => Assert.Equal("50", Tile(page, "received")));
        Assert.Equal(eu.Honoured.ToString("N0"), Tile(page, "honoured"));
        Assert.Equal(["EU"], page.FindAll("[aria-label='By jurisdiction'] tbody th").Select(th => th.TextContent));
        Assert.Contains("jurisdiction=EU", page.Find("a[aria-label='Export CSV of the filtered list']").GetAttribute("href"));
    }

    [Fact]
    public async Task TheDateRangeAndPlatformFiltersNarrowTheFigures()
    {
        SeedDemoProgramme();
        var any = Context.Services.GetRequiredService<IObjectionRepository>().All().First(o => o.Jurisdiction == "UK");
        var day = DateOnly.FromDateTime(any.ReceivedAt).ToString("yyyy-MM-dd");
        var expected = Expected(new ObjectionFilter(Platform: any.Platform, From: DateOnly.Parse(day), To: DateOnly.Parse(day)));
        var page = Context.Render<ObjectionsPage>();

        var platform = page.FindComponents<MudSelect<Platform?>>().Single();
        await page.InvokeAsync(() => platform.Instance.ValueChanged.InvokeAsync(any.Platform));
        foreach (var label in new[] { "From", "To" })
        {
            var picker = page.FindComponents<MudDatePicker>().Single(f => f.Instance.Label == label);
            await page.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        }

        page.WaitForAssertion(() => Assert.Equal(expected.Received.ToString("N0"), Tile(page, "received")));
        Assert.True(expected.Received >= 1);
        Assert.Equal(page.Instance.Filter, new ObjectionFilter(null, any.Platform, null, DateOnly.Parse(day), DateOnly.Parse(day)));
    }

    [Fact]
    public void TheDateFilters_ShowAndReadDatesTheBritishWay()
    {
        var page = Context.Render<ObjectionsPage>();
        var from = page.FindComponents<MudDatePicker>().Single(f => f.Instance.Label == "From");

        from.Find("input").Change("01/06/2026");

        page.WaitForAssertion(() => Assert.Equal(new DateOnly(2026, 6, 1), page.Instance.Filter.From));
        Assert.Equal("01/06/2026", from.Find("input").GetAttribute("value"));
        Assert.Contains("from=2026-06-01", page.Find("a[aria-label='Export CSV of the filtered list']").GetAttribute("href"));
    }

    [Fact]
    public void HidesUploadAndRecord_FromAnAuditor()
    {
        SignInAs(Role.Auditor);
        SeedDemoProgramme();

        var page = Context.Render<ObjectionsPage>();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Record objection") || b.TextContent.Contains("Upload CSV"));
    }

    [Fact]
    public void UploadResult_ReadsTheErrorTableFromAProblem()
    {
        var (message, errors) = UploadResult.Read(400, """{"title":"x","errors":[{"line":3,"column":"platform","message":"Unknown platform"},{"line":1,"column":null,"message":"Empty"}]}""");

        Assert.Contains("nothing was imported", message);
        Assert.Equal([new ImportError(3, "platform", "Unknown platform"), new ImportError(1, null, "Empty")], errors);
    }
}
