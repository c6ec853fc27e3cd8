using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>What the pack says: bookmarks, CSV attachments, check verdicts with their ratings, figures computed independently.</summary>
public sealed class EvidencePackContentTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private EvidencePackService Packs => factory.Services.GetRequiredService<EvidencePackService>();

    private (EvidencePack Pack, byte[] Pdf) Generate(string classification)
    {
        var result = Packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = classification });
        Assert.True(result.Succeeded, result.Failure?.Message);
        return (result.Value, Packs.Pdf(result.Value.Id)!);
    }

    private static string Words(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Fact]
    public void EverySection_IsABookmark_AndTheFiguresAreAttachedAsCsv()
    {
        var (_, pdf) = Generate("bookmarks");

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.TryGetBookmarks(out var bookmarks));
        var titles = bookmarks.GetNodes().Select(n => n.Title).ToList();
        Assert.All(EvidencePackDocument.Sections, section => Assert.Contains(section, titles));
        Assert.True(document.Advanced.TryGetEmbeddedFiles(out var files));
        var names = files.Select(f => f.Name).ToList();
        foreach (var expected in new[] { "executive-summary.csv", "rollout-funnel.csv", "coverage.csv", "objections-daily.csv", "objection-kpis.csv", "audit-extract.csv" })
            Assert.Contains(expected, names);
        var daily = System.Text.Encoding.UTF8.GetString(files.Single(f => f.Name == "objections-daily.csv").Bytes.ToArray());
        Assert.StartsWith("date,received,honoured\r\n", daily);
    }

    [Fact]
    public void TheMedianTimeToHonour_AndTheShareWithinTheLimit_MatchTheObjectionRecords()
    {
        var (pack, pdf) = Generate("figures");
        var p = pack.Parameters;
        var asOfDay = DateOnly.FromDateTime(p.AsOf);
        var answered = factory.Services.GetRequiredService<IObjectionRepository>().All()
            .Where(o => o.Jurisdiction == "UK" && o.ResolvedAt is { } r && DateOnly.FromDateTime(r) >= p.PeriodFrom && DateOnly.FromDateTime(r) <= asOfDay)
            .ToList();
        var hours = answered.Where(o => o.Status == ObjectionStatus.Honoured).Select(o => (o.ResolvedAt!.Value - o.ReceivedAt).TotalHours).Order().ToList();
        Assert.NotEmpty(hours);
        var median = hours[(hours.Count - 1) / 2];

        var text = Words(pdf);
        var printed = Regex.Match(text, @"Median time to honour (\d+(?:\.\d)?) (h|days)");
        Assert.True(printed.Success, "The pack prints no median time to honour.");
        var value = double.Parse(printed.Groups[1].Value, CultureInfo.InvariantCulture) * (printed.Groups[2].Value == "days" ? 24 : 1);
        // Percentiles come from one-hour buckets, and "days" are printed to a tenth (2.4 h).
        Assert.InRange(value, median - 3.5, median + 3.5);
        Assert.Contains($"Honoured {hours.Count.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))}", text);
    }

    [Fact]
    public void TheOpenObjectionsPrinted_AreEveryOpenObjectionAtTheAsOfDate_WhateverItsReceivedDate()
    {
        var (_, pdf) = Generate("backlog");
        var open = factory.Services.GetRequiredService<IObjectionRepository>().All().Count(o => o.Jurisdiction == "UK" && o.IsOpen);
        Assert.True(open > 0);

        Assert.Contains($"Open at the as-of date (any received date) {open.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))}", Words(pdf));
    }

    [Fact]
    public void AGateOverrideInForceInThePeriod_IsFlaggedInTheSummaryAndTheSafeguardsSection()
    {
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "override" };
        var since = parameters.AsOf.AddDays(-2);
        var stored = factory.Services.GetRequiredService<IUnitOfWork>().Write(() => factory.Services.GetRequiredService<IGateOverrideRepository>().Save(new GateOverride
        {
            Id = $"override-{Guid.NewGuid():N}", Jurisdiction = "UK", OpenedAt = since.AddDays(-1), InForceSince = since,
            DpoAdvice = new GateDpoAdvice { ByName = "Dana DPO", At = since.AddDays(-1), Advice = "Proceed only with weekly reporting." },
            Approvals = [new GateOverrideApproval { ByName = "Leo Legal", At = since.AddHours(-1), Reason = "Backlog is old appeals" }, new GateOverrideApproval { ByName = "Lena Legal", At = since, Reason = "Agreed" }],
        }));
        Assert.True(stored.Succeeded, stored.Failure?.Message);

        var result = Packs.Generate(EvidencePackGenerationTests.Officer, parameters);
        Assert.True(result.Succeeded, result.Failure?.Message);
        var text = Words(Packs.Pdf(result.Value.Id)!);

        Assert.Contains("GATE OVERRIDE: the pre-training gate was overridden by two legal reviewers", text);
        Assert.Contains("GATE OVERRIDE in force from", text);
        Assert.Contains("Proceed only with weekly reporting.", text);
        Assert.Contains("Backlog is old appeals", text);
    }

    [Fact]
    public void WithAStoredCheckRun_EachAskIsRated_RedOnAFailure_AmberOnAWarning_GreenOtherwise()
    {
        var now = TimeProviderExtensions.TruncateToMs(DateTime.UtcNow).AddSeconds(-30);
        var results = CheckCatalogue.All.Select(c => new CheckResult
        {
            CheckId = c.Id, Jurisdiction = "UK", AsOf = now, Measured = "measured", Threshold = "threshold", Explanation = "explained",
            Outcome = c == CheckCatalogue.SafeguardsVerified ? CheckOutcome.Fail : c == CheckCatalogue.CoverageTargetReached ? CheckOutcome.Warning : CheckOutcome.Pass,
        }).ToArray();
        var saved = factory.Services.GetRequiredService<IUnitOfWork>().Write(() => factory.Services.GetRequiredService<IComplianceRunRepository>().Save(new ComplianceRun
        {
            Id = "run-pack-test", Jurisdiction = "UK", AsOf = now, RanAt = now, Trigger = RunTrigger.OnDemand, RanBy = "Test", Results = results,
        }));
        Assert.True(saved.Succeeded, saved.Failure?.Message);

        var (pack, pdf) = Generate("ratings");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "compliancedashboard-evidence-pack-rated.pdf"), pdf);
        var snapshot = Packs.Prepare(EvidencePackGenerationTests.Officer, pack.Parameters).Value.Snapshot;
        var ratings = AskRatings.Of(snapshot).ToDictionary(r => r.Ask, r => r.Rating);

        Assert.Equal(Rag.Red, ratings[RegulatorAsk.SafeguardsBeforeTraining]);
        Assert.Equal(Rag.Amber, ratings[RegulatorAsk.Transparency]);
        Assert.Equal(Rag.Green, ratings[RegulatorAsk.RouteToObject]);
        Assert.Equal(Rag.Green, ratings[RegulatorAsk.OngoingCompliance]);
        var text = Words(pdf);
        Assert.Contains("RED", text);
        Assert.Contains("AMBER", text);
        Assert.Contains("Every safeguard required before training is verified FAIL", text);
        Assert.DoesNotContain("Not evaluated: no compliance check run", text);
    }
}
