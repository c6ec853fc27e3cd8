using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Tests.Rollout;

public sealed class DeliveryStatsCsvTests
{
    internal const string Header = "campaign,cohort,date,platform,channel,eligible,sent,delivered,displayed,form_opened,objections_submitted,suppressed_prior_objectors,prior_objectors_contacted,minors_excluded";

    internal static string Line(string date = "2026-03-01", string cohort = "wave-1", string channel = "in_app", string counts = "1000,900,800,700,50,10,5,0,20",
        string campaign = "UK-FB", string platform = "facebook") =>
        $"{campaign},{cohort},{date},{platform},{channel},{counts}";

    internal static byte[] File(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private sealed class Reference(InMemoryRollout s) : IDeliveryReferenceData
    {
        public Campaign? Campaign(string code) => s.Campaigns.GetValueOrDefault(code);
        public bool HasCohort(string campaignId, string cohortCode) => s.CohortsById.ContainsKey(Cohort.IdOf(campaignId, cohortCode));
    }

    private static (IReadOnlyList<ParsedDeliveryRow> Rows, IReadOnlyList<ImportError> Errors) Parse(byte[] content) =>
        DeliveryStatsCsv.Parse(content, new Reference(InMemoryRollout.WithUkCampaign()));

    private static ImportError SingleError(params string[] lines)
    {
        var (rows, errors) = Parse(File(lines));
        Assert.Empty(rows);
        return Assert.Single(errors);
    }

    [Fact]
    public void AValidFile_GivesOneRowPerLine_WithItsCounts()
    {
        var (rows, errors) = Parse(File(Header, Line(), Line(channel: "email", counts: "1000,100,90,80,5,1,0,0,0")));

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        var first = rows[0].Row;
        Assert.Equal((2, "UK-FB", "wave-1", new DateOnly(2026, 3, 1), Platform.Facebook, NoticeChannel.InApp), (rows[0].Line, first.CampaignId, first.CohortCode, first.Date, first.Platform, first.Channel));
        Assert.Equal((1000L, 900L, 800L, 700L, 50L, 10L, 5L, 0L, 20L),
            (first.Eligible, first.Sent, first.Delivered, first.Displayed, first.FormOpened, first.ObjectionsSubmitted, first.SuppressedPriorObjectors, first.PriorObjectorsContacted, first.MinorsExcluded));
        Assert.Equal(NoticeChannel.Email, rows[1].Row.Channel);
    }

    [Fact]
    public void Columns_MayComeInAnyOrder()
    {
        var (rows, errors) = Parse(File(
            "minors_excluded,prior_objectors_contacted,suppressed_prior_objectors,objections_submitted,form_opened,displayed,delivered,sent,eligible,channel,platform,date,cohort,campaign",
            "20,0,5,10,50,700,800,900,1000,in_app,facebook,2026-03-01,wave-1,UK-FB"));

        Assert.Empty(errors);
        Assert.Equal(700, Assert.Single(rows).Row.Displayed);
        Assert.Equal(20, rows[0].Row.MinorsExcluded);
    }

    [Fact]
    public void AnUnknownCampaign_IsRejectedWithItsLineAndColumn() =>
        Assert.Equal((2, "campaign"), Where(SingleError(Header, Line(campaign: "NOPE"))));

    [Fact]
    public void AnUnknownCohort_IsRejected() =>
        Assert.Equal((2, "cohort"), Where(SingleError(Header, Line(cohort: "wave-9"))));

    [Theory]
    [InlineData("2026-02-28")]
    [InlineData("2026-04-30")]
    public void ADateOutsideTheCampaign_IsRejected(string date) =>
        Assert.Equal((2, "date"), Where(SingleError(Header, Line(date: date))));

    [Theory]
    [InlineData("01/03/2026")]
    [InlineData("2026-3-1")]
    [InlineData("2026-02-30")]
    [InlineData("")]
    public void ADateNotInTheFormYyyyMmDd_IsRejected(string date) =>
        Assert.Equal((2, "date"), Where(SingleError(Header, Line(date: date))));

    [Theory]
    [InlineData("Facebook")]
    [InlineData("tiktok")]
    public void AnUnknownPlatformToken_IsRejected(string platform) =>
        Assert.Equal((2, "platform"), Where(SingleError(Header, Line(platform: platform))));

    [Fact]
    public void APlatformOtherThanTheCampaigns_IsRejected() =>
        Assert.Contains("runs on facebook", SingleError(Header, Line(platform: "instagram")).Message);

    [Theory]
    [InlineData("in-app")]
    [InlineData("sms")]
    public void AnUnknownChannelToken_IsRejected(string channel) =>
        Assert.Equal((2, "channel"), Where(SingleError(Header, Line(channel: channel))));

    [Theory]
    [InlineData("-1,0,0,0,0,0,0,0,0", "eligible")]
    [InlineData("10,1.5,0,0,0,0,0,0,0", "sent")]
    [InlineData("10,0,0,0,0,0,0,0,1e3", "minors_excluded")]
    [InlineData("10,0,0,0,0,x,0,0,0", "objections_submitted")]
    [InlineData("10,0,0,0,0,0,,0,0", "suppressed_prior_objectors")]
    [InlineData("10,0,0,0,0,0,0,1 000,0", "prior_objectors_contacted")]
    public void ACountThatIsNotANonNegativeWholeNumber_IsRejected(string counts, string column) =>
        Assert.Equal((2, column), Where(SingleError(Header, Line(counts: counts))));

    [Theory]
    [InlineData("10,11,0,0,0,0,0,0,0", "sent")]
    [InlineData("10,5,6,0,0,0,0,0,0", "delivered")]
    [InlineData("10,5,5,6,0,0,0,0,0", "displayed")]
    [InlineData("10,5,5,5,6,0,0,0,0", "form_opened")]
    public void AFunnelThatGrows_IsRejectedAtTheStageThatGrew(string counts, string column)
    {
        var error = SingleError(Header, Line(counts: counts));
        Assert.Equal((2, column), Where(error));
        Assert.Contains("funnel grows", error.Message);
    }

    [Fact]
    public void ADuplicateKeyWithinTheFile_IsRejectedNamingTheFirstLine()
    {
        var error = SingleError(Header, Line(), Line(channel: "email"), Line(counts: "1,1,1,1,1,1,1,1,1"));
        Assert.Equal(4, error.Line);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void AMissingColumn_IsRejectedOnTheHeaderLine() =>
        Assert.Equal((1, "minors_excluded"), Where(SingleError(Header.Replace(",minors_excluded", ""), "UK-FB,wave-1,2026-03-01,facebook,in_app,10,0,0,0,0,0,0,0")));

    [Fact]
    public void AnUnknownColumn_IsRejectedOnTheHeaderLine() =>
        Assert.Equal((1, "region"), Where(SingleError(Header + ",region", Line() + ",north")));

    [Fact]
    public void ARowWithTooFewValues_IsRejected()
    {
        var (_, errors) = Parse(File(Header, "UK-FB,wave-1,2026-03-01,facebook,in_app,10,0,0,0"));
        Assert.Contains(errors, e => e.Line == 2 && e.Message.Contains("has 9 values"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void AnEmptyFile_IsRejected(string content) =>
        Assert.Contains("empty", Assert.Single(Parse(Encoding.UTF8.GetBytes(content)).Errors).Message);

    [Fact]
    public void AHeaderOnlyFile_IsRejected() =>
        Assert.Contains("no rows", SingleError(Header).Message);

    [Fact]
    public void InvalidUtf8_IsRejectedWithTheLineHoldingIt()
    {
        var bytes = File(Header, Line(), Line(channel: "email")).ToList();
        var third = bytes.IndexOf((byte)'\n', bytes.IndexOf((byte)'\n') + 1) + 1;
        bytes.Insert(third + 2, 0xC3);
        bytes.Insert(third + 3, 0x28);

        var (rows, errors) = Parse(bytes.ToArray());

        Assert.Empty(rows);
        Assert.Equal(3, Assert.Single(errors).Line);
        Assert.Contains("UTF-8", errors[0].Message);
    }

    [Fact]
    public void AByteOrderMark_IsAccepted() =>
        Assert.Empty(Parse([.. Encoding.UTF8.GetPreamble(), .. File(Header, Line())]).Errors);

    [Fact]
    public void EveryErrorInTheFileIsReported_AndNoRowsAreReturned()
    {
        var (rows, errors) = Parse(File(Header, Line(), Line(campaign: "NOPE"), Line(date: "2026-03-02", counts: "10,20,0,0,0,0,0,0,0"), Line(date: "2026-03-03", channel: "fax")));

        Assert.Empty(rows);
        Assert.Equal([(3, "campaign"), (4, "sent"), (5, "channel")], errors.Select(Where));
    }

    [Fact]
    public void ARowLongerThanTheRecordBudget_IsRejectedOnItsLine_NamingTheLimit()
    {
        var budget = RequestBudget.Defaults with { MaxRecordBytes = 16 * 1024 };
        // An unclosed quote makes the rest of the file one record, the way a careless exporter's file does; it is longer than
        // the reader's buffer, which is what the budget bounds (a record already in the buffer is read whole).
        var file = File(Header, Line(), "UK-FB,\"wave-1," + new string('x', 1_000_000), Line(date: "2026-03-02"));

        var (rows, errors) = DeliveryStatsCsv.Parse(file, new Reference(InMemoryRollout.WithUkCampaign()), budget);

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("16,384 bytes", error.Message);
        Assert.Contains("MaxRecordBytes", error.Message);
    }

    private static (int, string?) Where(ImportError e) => (e.Line, e.Column);
}
