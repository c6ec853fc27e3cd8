using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>A pack as of a past moment (yesterday 00:00 UTC, the last complete day) on a new demo store, read back with PdfPig.</summary>
public sealed class PastMomentPackTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private EvidencePackService Packs => factory.Services.GetRequiredService<EvidencePackService>();

    internal static PackParameters LastCompleteDay(IServiceProvider services, string jurisdiction = "UK")
    {
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        return new PackParameters
        {
            Jurisdiction = jurisdiction, PeriodFrom = today.AddDays(-120), PeriodTo = today.AddDays(-1),
            AsOf = today.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Audience = PackAudience.Internal, Classification = "CONFIDENTIAL",
        };
    }

    /// <summary>The pack's horizontal words, page by page (the diagonal demo watermark's letters left out).</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p =>
            string.Join(" ", p.GetWords().Where(w => w.TextOrientation == TextOrientation.Horizontal).Select(w => w.Text))));
    }

    /// <summary>The text from one section heading to the next.</summary>
    internal static string Section(string text, int number)
    {
        var headings = Reports.Documents.EvidencePackDocument.Sections;
        // The contents page lists every heading first: the section itself is the last occurrence.
        var start = text.LastIndexOf(headings[number - 1], StringComparison.Ordinal);
        var end = number < headings.Count ? text.LastIndexOf(headings[number], StringComparison.Ordinal) : text.Length;
        Assert.True(start >= 0 && end > start, $"section {number} not found");
        return text[start..end];
    }

    [Fact]
    public void APackAsOfYesterday_OnANewDemoStore_PrintsTheNotices_TheFunnel_AndRatesEveryAsk()
    {
        var generated = Packs.Generate(EvidencePackGenerationTests.Officer, LastCompleteDay(factory.Services));
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        var pdf = Packs.Pdf(generated.Value.Id)!;
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "compliancedashboard-past-moment-pack.pdf"), pdf);
        var text = Text(pdf);

        var summary = Section(text, 1);
        Assert.DoesNotContain("NOT EVALUATED", summary);
        Assert.DoesNotContain("Not evaluated", summary);
        Assert.Equal(4, CountOf(summary, "(retrospective evaluation)"));
        Assert.Equal(4, CountOf(summary, "Retrospective:"));
        var processing = Section(text, 2);
        Assert.DoesNotContain("No notification campaign", processing);
        Assert.Contains("Adults 18+ on Facebook", processing);

        var transparency = Section(text, 5);
        Assert.DoesNotContain("No notice version", transparency);
        Assert.DoesNotContain("No delivery figures", transparency);
        Assert.Contains("We're updating our Privacy Policy as we expand AI on our apps.", transparency);
        Assert.Matches(@"Displayed \(seen\) [1-9][0-9,]{6,}", transparency);
        Assert.Contains("Coverage over time", transparency);

        Assert.Contains("regulator interaction", Section(text, 1));
        Assert.Contains("ICO/CASE/2024-0412", Section(text, 10));
        Assert.Contains("ICO/STATEMENT/2024-09", Section(text, 10));
    }

    [Fact]
    public void WithoutAStoredRunByTheAsOfTime_TheChecksAreEvaluatedRetrospectively_AndTheMissingMonitoringIsSaid()
    {
        var prepared = Packs.Prepare(EvidencePackGenerationTests.Officer, LastCompleteDay(factory.Services)).Value;
        var generated = Packs.Generate(EvidencePackGenerationTests.Officer, prepared).Value;
        var text = Text(Packs.Pdf(generated.Id)!);

        Assert.Null(prepared.Snapshot.LatestRun);
        var retrospective = prepared.Snapshot.RetrospectiveRun;
        Assert.NotNull(retrospective);
        Assert.Equal(prepared.Parameters.AsOf, retrospective.AsOf);
        Assert.Equal(Core.Compliance.CheckCatalogue.All.Count, retrospective.Results.Length);
        var checks = Section(text, 8);
        Assert.Contains("RETROSPECTIVE EVALUATION", checks);
        Assert.Contains("No compliance check run was stored for this jurisdiction up to the as-of time", checks);
        Assert.DoesNotContain("not evaluated", checks);
        // Ongoing compliance: no monitoring on record is itself evidence, so it is never green.
        AssertWordsInOrder("no compliance check run stored up to the as-of time (no monitoring on", Section(text, 1));
        Assert.Contains("AMBER Ongoing compliance", Section(text, 1));
        Assert.Contains("retrospective evaluation", Section(text, 4));
    }

    [Fact]
    public void APastMomentPack_AskedForAgain_IsTheSamePack_ThoughTheFirstOneRecordedItsChainHeadSince()
    {
        var parameters = LastCompleteDay(factory.Services) with { Classification = "again" };
        var first = Packs.Generate(EvidencePackGenerationTests.Officer, parameters).Value;
        Packs.Generate(EvidencePackGenerationTests.Officer, parameters with { Classification = "another pack in between" });

        var again = Packs.Prepare(EvidencePackGenerationTests.Officer, parameters).Value;

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.SnapshotSha256, again.SnapshotSha256);
        Assert.NotNull(again.Existing);
        Assert.Equal(first.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Packs.Render(again).Pdf)));
    }

    [Fact]
    public void ThePack_PrintsWhichTimeDecidesForEachKindOfRecord_InItsIntegrityAppendix()
    {
        var generated = Packs.Generate(EvidencePackGenerationTests.Officer, LastCompleteDay(factory.Services) with { Classification = "rule" }).Value;
        var appendix = Section(Text(Packs.Pdf(generated.Id)!), 13);

        Assert.Contains("What belongs to this pack", appendix);
        foreach (var rule in PackCut.Rules)
        {
            AssertWordsInOrder(rule.Records, appendix);
            AssertWordsInOrder(rule.DecidingTime, appendix);
        }
        Assert.Contains("no record was left out", appendix);
    }

    /// <summary>
    /// Every word of <paramref name="phrase"/> appears in <paramref name="text"/> in its order: the words of a table cell that
    /// wraps come line by line, between the words of the cells beside it.
    /// </summary>
    internal static void AssertWordsInOrder(string phrase, string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var at = 0;
        foreach (var word in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            while (at < words.Length && words[at] != word) at++;
            Assert.True(at < words.Length, $"\"{word}\" of \"{phrase}\" is missing or out of order");
            at++;
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

/// <summary>A real store that back-fills its history: records about the period entered after the pack's as-of time are left out, and counted.</summary>
public sealed class BackFilledPackTests(RealStoreFactory factory) : IClassFixture<RealStoreFactory>
{
    private static readonly Actor Officer = RealStoreFactory.User(Role.ComplianceOfficer);

    [Fact]
    public void RecordsOfThePeriod_RecordedAfterTheAsOfTime_AreLeftOut_AndThePackSaysHowManyOfWhatKind()
    {
        var services = factory.Seeded().Services;
        var parameters = PastMomentPackTests.LastCompleteDay(services) with { Classification = "back-filled" };
        var firstDay = parameters.PeriodFrom.AddDays(10);
        var campaigns = services.GetRequiredService<CampaignService>();
        Assert.True(campaigns.Create(Officer, new CampaignDetails("UK-BF-1", "UK", Platform.Facebook, "Back-filled campaign", CampaignStatus.Sending,
            firstDay, null, firstDay, null)).Succeeded);
        var notice = campaigns.AddNotice(Officer, "UK-BF-1", new NoticeDetails("v1", "A notice sent weeks ago, entered today.", "en-GB", NoticeChannel.InApp, firstDay, null));
        Assert.True(notice.Succeeded, notice.Failure?.Message);
        Assert.True(campaigns.AddCohort(Officer, "UK-BF-1", new CohortDetails("wave-1", "Wave 1", 1000, firstDay, firstDay.AddDays(6), notice.Value.Id)).Succeeded);
        var csv = new StringBuilder("campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded\n");
        for (var day = firstDay; day < firstDay.AddDays(3); day = day.AddDays(1))
            csv.Append($"UK-BF-1,wave-1,{day:yyyy-MM-dd},facebook,in_app,1000,300,290,280,2,1,0,0,4\n");
        var imported = services.GetRequiredService<DeliveryImportService>().Import(Officer, Encoding.UTF8.GetBytes(csv.ToString()), "back-fill.csv");
        Assert.True(imported.Succeeded && imported.Value.Accepted, imported.Failure?.Message);
        Assert.True(services.GetRequiredService<RegulatorLogService>().Record(Officer, "UK",
            new InteractionDetails(firstDay.AddDays(1), InteractionDirection.ToRegulator, "Letter sent weeks ago, logged today.", "ICO/BF/1")).Succeeded);
        var packs = services.GetRequiredService<EvidencePackService>();

        var prepared = packs.Prepare(Officer, parameters).Value;
        var pdf = packs.Render(prepared).Pdf;
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "compliancedashboard-back-filled-pack.pdf"), pdf);
        var text = PastMomentPackTests.Text(pdf);

        Assert.Equal(
            [("campaigns", 1), ("notice versions", 1), ("cohorts", 1), ("daily delivery rows of those campaigns", 3), ("regulator interactions", 1)],
            prepared.Snapshot.LeftOut!.Select(l => (l.Records, l.Count)));
        Assert.Empty(prepared.Snapshot.Campaigns);
        Assert.Contains("1 campaign was recorded after it and left out", PastMomentPackTests.Section(text, 2));
        Assert.Contains("1 campaign and 1 notice version were recorded after it and left out", PastMomentPackTests.Section(text, 5));
        Assert.Contains("1 campaign and 3 daily delivery rows of those campaigns were recorded after it and left out", PastMomentPackTests.Section(text, 5));
        Assert.Contains("1 regulator interaction was recorded after it and left out", PastMomentPackTests.Section(text, 10));
        Assert.Contains("Recorded after the as-of time, and so left out of this pack although they concern the period: 1 campaign, 1 notice version, 1 cohort, 3 daily delivery rows of those campaigns and 1 regulator interaction.",
            PastMomentPackTests.Section(text, 13));

        // As of now, the same records are in the pack and nothing is left out.
        var now = packs.Prepare(Officer, parameters with { AsOf = TimeProviderExtensions.UtcNowMs(services.GetRequiredService<TimeProvider>()) }).Value;
        Assert.Null(now.Snapshot.LeftOut);
        Assert.Single(now.Snapshot.Campaigns);
    }
}
