using System.Text.RegularExpressions;
using ComplianceDashboard.E2E.Tests.Accessibility;
using Microsoft.Playwright;
using static ComplianceDashboard.E2E.Tests.Accessibility.MainPages;
using static Microsoft.Playwright.Assertions;

namespace ComplianceDashboard.E2E.Tests.Charts;

/// <summary>
/// The Objections and Rollout figures as they lay out in real Chromium on the demo store, at the widths people use
/// (1280 and 1440) in both themes: every column in view, axis labels at a legible size and where they belong.
/// </summary>
[Collection(MainPagesCollection.Name)]
public sealed partial class ChartLayoutTests(MainPagesSession session)
{
    /// <summary>The smallest text size, in CSS pixels, that counts as legible for axis labels and table cells.</summary>
    private const double LegiblePx = 12;

    public static TheoryData<int, Theme> Layouts()
    {
        var data = new TheoryData<int, Theme>();
        foreach (var width in new[] { 1280, 1440 })
            foreach (var theme in Enum.GetValues<Theme>())
                data.Add(width, theme);
        return data;
    }

    private async Task<IPage> OpenAsync(string path, int width, Theme theme)
    {
        var page = await session.NewPageAsAsync(Officer, theme);
        await page.SetViewportSizeAsync(width, width == 1280 ? 800 : 900);
        await MainPagesSession.OpenAsync(page, path);
        await ExpectThemeAsync(page, theme);
        return page;
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new Xunit.Sdk.XunitException($"{locator} is not displayed.");

    private static void AssertInside(LocatorBoundingBoxResult inner, LocatorBoundingBoxResult outer, string what)
    {
        Assert.True(inner.X >= outer.X - 0.5 && inner.X + inner.Width <= outer.X + outer.Width + 0.5,
            $"{what} spans x {inner.X:0.#}–{inner.X + inner.Width:0.#}, outside {outer.X:0.#}–{outer.X + outer.Width:0.#}.");
        Assert.True(inner.Y >= outer.Y - 0.5 && inner.Y + inner.Height <= outer.Y + outer.Height + 0.5,
            $"{what} spans y {inner.Y:0.#}–{inner.Y + inner.Height:0.#}, outside {outer.Y:0.#}–{outer.Y + outer.Height:0.#}.");
    }

    private static Task<double> FontSizeAsync(ILocator locator) =>
        locator.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");

    private static Task<bool> ScrollsSidewaysAsync(IPage page, string selector) =>
        page.EvaluateAsync<bool>($"() => [...document.querySelectorAll({System.Text.Json.JsonSerializer.Serialize(selector)})].some(e => e.scrollWidth > e.clientWidth)");

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task TheBreakdownTables_ShowEveryColumnInsideTheirCard_WithNoScrollbar(int width, Theme theme)
    {
        var page = await OpenAsync("/objections", width, theme);
        try
        {
            foreach (var title in new[] { "By jurisdiction", "By platform", "By channel" })
            {
                var card = page.Locator($".mud-paper[aria-label='{title}']");
                var cardBox = await BoxAsync(card);
                var headers = card.Locator("thead th");
                Assert.Equal(["Received", "Honoured", "Refused", "Withdrawn", "Pending"], (await headers.AllInnerTextsAsync()).Skip(1).Select(t => t.Trim()));
                for (var i = 0; i < await headers.CountAsync(); i++)
                {
                    var box = await BoxAsync(headers.Nth(i));
                    AssertInside(box, cardBox, $"{title}, header {i + 1} at {width} px ({theme})");
                    Assert.True(box.X + box.Width <= width, $"{title}, header {i + 1} ends at {box.X + box.Width:0.#} px, beyond the {width} px viewport.");
                }
                Assert.True(await FontSizeAsync(card.Locator("tbody td").First) >= LegiblePx);
            }
            Assert.False(await ScrollsSidewaysAsync(page, ".table-scroll"), "A breakdown table scrolls sideways.");
            Assert.False(await ScrollsSidewaysAsync(page, "html"), "The page scrolls sideways.");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task TheDailyChart_LabelsItsAxesLegibly_InsideTheCard_WithEnGbDates(int width, Theme theme)
    {
        var page = await OpenAsync("/objections", width, theme);
        try
        {
            var card = page.Locator(".mud-paper[aria-label='Received and honoured per day']");
            var cardBox = await BoxAsync(card);
            var chart = card.Locator("figure.day-chart");
            var days = int.Parse((await chart.GetAttributeAsync("data-days"))!);
            var points = (await chart.Locator("polyline[data-series=received]").GetAttributeAsync("points"))!.Split(' ');
            Assert.Equal(days, points.Length);

            await AssertAxesLegibleAsync(card);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Every axis label of the card's day chart: legible, inside the card, in en-GB, no two date labels overlapping.</summary>
    private static async Task AssertAxesLegibleAsync(ILocator card)
    {
        var cardBox = await BoxAsync(card);
        var chart = card.Locator("figure.day-chart");
        var yLabels = chart.Locator(".day-chart-y span");
        var xLabels = chart.Locator(".day-chart-x span");
        Assert.Matches("^0%?$", (await yLabels.First.InnerTextAsync()).Trim());
        Assert.InRange(await xLabels.CountAsync(), 2, 8);
        LocatorBoundingBoxResult? previous = null;
        for (var i = 0; i < await xLabels.CountAsync(); i++)
        {
            var label = xLabels.Nth(i);
            Assert.Matches(EnGbTick(), (await label.InnerTextAsync()).Trim());
            Assert.True(await FontSizeAsync(label) >= LegiblePx);
            var box = await BoxAsync(label);
            AssertInside(box, cardBox, $"Date label {i + 1}");
            if (previous is not null) Assert.True(box.X >= previous.X + previous.Width, $"Date label {i + 1} overlaps the one before.");
            previous = box;
        }
        for (var i = 0; i < await yLabels.CountAsync(); i++)
        {
            Assert.Matches(@"^\d{1,3}(,\d{3})*%?$", (await yLabels.Nth(i).InnerTextAsync()).Trim());
            Assert.True(await FontSizeAsync(yLabels.Nth(i)) >= LegiblePx);
            AssertInside(await BoxAsync(yLabels.Nth(i)), cardBox, $"Value label {i + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task TheCoverageChart_LabelsItsAxesLegibly_InsideTheCard_WithEnGbDates(int width, Theme theme)
    {
        var page = await OpenAsync("/rollout", width, theme);
        try
        {
            var card = page.Locator(".mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Coverage over time" }) });
            await AssertAxesLegibleAsync(card);
            Assert.Equal("100%", (await card.Locator(".day-chart-y span").Last.InnerTextAsync()).Trim());
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task TheDeliveryFunnel_IsATableWithLegibleStagesFiguresAndBars(int width, Theme theme)
    {
        var page = await OpenAsync("/rollout", width, theme);
        try
        {
            var table = page.GetByRole(AriaRole.Table, new() { Name = "Delivery funnel", Exact = true });
            var tableBox = await BoxAsync(table);
            var stages = table.GetByRole(AriaRole.Rowheader);
            Assert.Equal(["Eligible adults", "Sent", "Delivered", "Displayed", "Objection form opened", "Objections submitted"],
                (await stages.AllInnerTextsAsync()).Select(t => t.Trim()));
            foreach (var id in new[] { "eligible", "sent", "delivered", "displayed", "form-opened", "objections" })
            {
                var figure = page.GetByTestId($"funnel-{id}");
                Assert.Matches(@"^\d{1,3}(,\d{3})*$", (await figure.InnerTextAsync()).Trim());
                Assert.True(await FontSizeAsync(figure) >= LegiblePx);
                AssertInside(await BoxAsync(figure), tableBox, $"The {id} figure");
                AssertInside(await BoxAsync(page.GetByTestId($"funnel-{id}-share")), tableBox, $"The {id} share");
            }
            // The first bar (eligible adults) is full; the bars are drawn in a colour that differs from their track.
            var bar = table.Locator(".funnel-bar").First;
            var (fill, track) = (await bar.Locator("span").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"),
                await bar.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.NotEqual(track, fill);
            Assert.Equal((await BoxAsync(bar)).Width, (await BoxAsync(bar.Locator("span"))).Width, 1);
            Assert.False(await ScrollsSidewaysAsync(page, "html"), "The page scrolls sideways.");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [GeneratedRegex(@"^(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Oct|Nov|Dec)( \d{4})?$")]
    private static partial Regex EnGbTick();
}
