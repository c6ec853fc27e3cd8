using ComplianceDashboard.Core.Common;
using System.Text;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Tests.Objections;

public sealed class ObjectionCsvTests
{
    public const string Header = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at";
    private static readonly DateTime Now = new(2025, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private static readonly HashSet<string> Jurisdictions = ["UK", "EU", "BR"];

    public static string Row(string id = "OBJ-1", string subject = "s-7f3a9c", string jurisdiction = "UK", string platform = "facebook",
        string channel = "in_app_form", string received = "2025-06-01T09:00:00Z", string status = "received", string resolved = "",
        string grounds = "", string prior = "false", string extension = "") =>
        $"{id},{subject},{jurisdiction},{platform},{channel},{received},{status},{resolved},{grounds},{prior},{extension}";

    private static (List<ObjectionRow> Rows, List<ImportError> Errors) Read(string text) => ObjectionCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), Jurisdictions, Now);

    private static (List<ObjectionRow> Rows, List<ImportError> Errors) ReadRows(params string[] rows) => Read(Header + "\n" + string.Join("\n", rows) + "\n");

    private static ImportError Single(params string[] rows)
    {
        var (_, errors) = ReadRows(rows);
        return Assert.Single(errors);
    }

    [Fact]
    public void Read_AcceptsAValidFile_WithTimesConvertedToUtc()
    {
        var (rows, errors) = ReadRows(
            Row(),
            Row(id: "OBJ-2", received: "2025-06-01T10:00:00+02:00", status: "honoured", resolved: "2025-06-02T08:30:00.250Z", prior: "true"));

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        var honoured = rows[1].Objection;
        Assert.Equal(new DateTime(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc), honoured.ReceivedAt);
        Assert.Equal(DateTimeKind.Utc, honoured.ReceivedAt.Kind);
        Assert.Equal(ObjectionStatus.Honoured, honoured.Status);
        Assert.True(honoured.CarriedOver);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public void Read_AcceptsQuotedFieldsWithCommasAndNewlines_AndCountsLinesInsideThem()
    {
        var (rows, errors) = ReadRows(
            Row(status: "refused", resolved: "2025-06-03T09:00:00Z", grounds: "\"Manifestly unfounded,\nrepeated\"\"request\"\"\""),
            Row(id: "OBJ-2", subject: "bad@example.com"));

        Assert.Equal("Manifestly unfounded,\nrepeated\"request\"", Assert.Single(rows).Objection.RefusalGrounds);
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Equal("subject_ref", error.Column);
    }

    [Fact]
    public void Read_AcceptsTheOptionalExtensionReasonColumn()
    {
        var (rows, errors) = Read(Header + ",extension_reason\n" + Row(extension: "2025-06-10T09:00:00Z") + ",\"Complex, many accounts\"\n");

        Assert.Empty(errors);
        Assert.Equal("Complex, many accounts", Assert.Single(rows).Objection.ExtensionReason);
    }

    [Fact]
    public void Read_RejectsAnEmptyFile()
    {
        var error = Assert.Single(Read("").Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Read_RejectsAHeaderOnlyFile()
    {
        var error = Assert.Single(Read(Header + "\n").Errors);
        Assert.Contains("no objections", error.Message);
    }

    [Fact]
    public void Read_ReportsEveryMissingAndUnknownColumn()
    {
        var (_, errors) = Read("objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,colour\n1,2,3,4,5,6,7,8,9,10\n");

        Assert.Contains(errors, e => e is { Line: 1, Column: "colour" } && e.Message.Contains("Unknown column"));
        Assert.Contains(errors, e => e is { Line: 1, Column: "prior_objection" } && e.Message.Contains("Missing column"));
        Assert.Contains(errors, e => e is { Line: 1, Column: "extension_notified_at" } && e.Message.Contains("Missing column"));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Read_RejectsADuplicateObjectionIdWithinTheFile()
    {
        var error = Single(Row(), Row(subject: "s-other"));
        Assert.Equal((3, "objection_id"), (error.Line, error.Column));
        Assert.Contains("first on line 2", error.Message);
    }

    [Theory]
    [InlineData("objection_id")]
    [InlineData("subject_ref")]
    [InlineData("jurisdiction")]
    [InlineData("platform")]
    [InlineData("channel")]
    [InlineData("received_at")]
    [InlineData("status")]
    [InlineData("prior_objection")]
    public void Read_RejectsAMissingRequiredValue(string column)
    {
        var values = Row().Split(',');
        values[Array.IndexOf(ObjectionCsv.RequiredColumns, column)] = "";
        var error = Single(string.Join(",", values));
        Assert.Equal((2, column), (error.Line, error.Column));
        Assert.Contains("required", error.Message);
    }

    [Theory]
    [InlineData("jurisdiction", "FR")]
    [InlineData("platform", "threads")]
    [InlineData("channel", "fax")]
    [InlineData("status", "ignored")]
    [InlineData("prior_objection", "yes")]
    [InlineData("jurisdiction", "uk")]
    public void Read_RejectsAnUnknownToken(string column, string value)
    {
        var values = Row().Split(',');
        values[Array.IndexOf(ObjectionCsv.RequiredColumns, column)] = value;
        var error = Single(string.Join(",", values));
        Assert.Equal((2, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("2025-06-01T09:00:00")]
    [InlineData("2025-06-01 09:00:00")]
    public void Read_RejectsATimeWithoutAnOffset_OrNotInIso8601(string received)
    {
        var error = Single(Row(received: received));
        Assert.Equal("received_at", error.Column);
    }

    [Fact]
    public void Read_SaysWhenATimeHasNoOffset()
    {
        Assert.Contains("no offset", Single(Row(received: "2025-06-01T09:00:00")).Message);
    }

    [Theory]
    [InlineData("2025-06-01T09:30:00Z")]
    [InlineData("2025-06-01T09:30:00.250Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("2025-06-01T09:30:00.1234567Z")]
    [InlineData("2025-06-01T09:30:00+02:00")]
    [InlineData("2025-06-01T09:30Z")]
    public void TryParseTime_ReadsEverySpellingAsTheGeneralParserDoes_ToTheMillisecond(string value)
    {
        var expected = TimeProviderExtensions.TruncateToMs(DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);

        Assert.True(ObjectionCsv.TryParseTime(value, out var utc, out _));

        Assert.Equal(expected, utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("2025-02-29T09:00:00Z")]
    [InlineData("2025-13-01T09:00:00Z")]
    [InlineData("2025-06-01T24:00:00Z")]
    [InlineData("2025-06-01T09:60:00Z")]
    [InlineData("2025-06-01T09:00:00.x00Z")]
    public void TryParseTime_RefusesATimeThatDoesNotExist_InTheCommonSpellingToo(string value)
    {
        Assert.False(ObjectionCsv.TryParseTime(value, out _, out var problem));
        Assert.Contains(value, problem);
    }

    [Fact]
    public void Read_RejectsAMalformedTime()
    {
        Assert.Contains("not a valid", Single(Row(received: "2025-02-30T09:00:00Z")).Message);
    }

    [Fact]
    public void Read_RejectsResolvedBeforeReceived()
    {
        var error = Single(Row(status: "honoured", resolved: "2025-05-31T09:00:00Z"));
        Assert.Equal("resolved_at", error.Column);
        Assert.Contains("before received_at", error.Message);
    }

    [Theory]
    [InlineData("honoured")]
    [InlineData("refused")]
    [InlineData("withdrawn")]
    public void Read_RejectsAResolvedStatusWithoutAResolvedTime(string status)
    {
        var error = Single(Row(status: status, grounds: status == "refused" ? "Grounds" : ""));
        Assert.Equal("resolved_at", error.Column);
    }

    [Fact]
    public void Read_RejectsAResolvedTimeOnAReceivedObjection()
    {
        Assert.Equal("resolved_at", Single(Row(resolved: "2025-06-02T09:00:00Z")).Column);
    }

    [Fact]
    public void Read_RejectsARefusalWithoutGrounds()
    {
        Assert.Equal("refusal_grounds", Single(Row(status: "refused", resolved: "2025-06-02T09:00:00Z")).Column);
    }

    [Fact]
    public void Read_RejectsReceivedMoreThanFiveMinutesInTheFuture_ButToleratesClockSkew()
    {
        Assert.Empty(ReadRows(Row(received: "2025-06-30T12:04:59Z")).Errors);
        Assert.Equal("received_at", Single(Row(received: "2025-06-30T12:05:01Z")).Column);
    }

    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("+44 7700 900123")]
    [InlineData("07700900123")]
    [InlineData("(020) 7946-0018")]
    public void Read_RejectsASubjectRefThatLooksLikeAnEmailOrPhoneNumber(string subject)
    {
        var error = Single(Row(subject: $"\"{subject}\""));
        Assert.Equal("subject_ref", error.Column);
    }

    [Theory]
    [InlineData("s-7f3a9c21")]
    [InlineData("psn_000123")]
    [InlineData("8f14e45fceea167a")]
    public void Read_AcceptsPseudonymousSubjectRefs(string subject)
    {
        Assert.Empty(ReadRows(Row(subject: subject)).Errors);
    }

    [Fact]
    public void Read_RejectsInvalidUtf8_NamingTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" + Row() + "\n" + Row(id: "OBJ-2", grounds: "X") + "\n").ToList();
        var at = bytes.LastIndexOf((byte)'X');
        bytes[at] = 0xC3; // a lead byte followed by a comma: not UTF-8
        var (_, errors) = ObjectionCsv.Read(new MemoryStream(bytes.ToArray()), Jurisdictions, Now);

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Read_RejectsARowWithTheWrongNumberOfFields()
    {
        var error = Single(Row() + ",extra");
        Assert.Equal(2, error.Line);
        Assert.Null(error.Column);
    }

    [Fact]
    public void Read_ReportsEveryErrorOfEveryRow_NotJustTheFirst()
    {
        var (_, errors) = ReadRows(Row(platform: "x", channel: "y"), Row(id: "OBJ-2", status: "refused", resolved: "2025-06-02T09:00:00Z"));

        Assert.Equal([(2, "platform"), (2, "channel"), (3, "refusal_grounds")], errors.Select(e => (e.Line, e.Column!)));
    }
}

public sealed class ObjectionCsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("", "")]
    public void Cell_NeutralisesFormulasAndQuotesSeparators(string value, string expected)
    {
        Assert.Equal(expected, CsvCell.Safe(value));
    }

    [Fact]
    public async Task Write_ProducesAFileTheImportReadsBack_WithInjectedCellsNeutralised()
    {
        var o = new Objection
        {
            Id = "OBJ-1", SubjectRef = "s-1", Jurisdiction = "UK", Platform = Platform.Instagram, Channel = ObjectionChannel.Email,
            ReceivedAt = new DateTime(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc), Status = ObjectionStatus.Refused,
            ResolvedAt = new DateTime(2025, 6, 2, 9, 0, 0, DateTimeKind.Utc), RefusalGrounds = "=cmd|' /C calc'!A0",
        };
        var writer = new StringWriter();

        await ObjectionCsvExport.WriteAsync([o], writer);

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", ObjectionCsvExport.Columns), lines[0]);
        Assert.Contains(",'=cmd|' /C calc'!A0,", lines[1]);
        Assert.DoesNotContain(",=", lines[1]);
    }
}
