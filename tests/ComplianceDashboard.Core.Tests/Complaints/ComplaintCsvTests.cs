using System.Text;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Core.Tests.Complaints;

public sealed class ComplaintCsvTests
{
    public const string Header = "complaint_id,subject_ref,jurisdiction,channel,received_at,category,linked_objection_ids,acknowledged_at,outcome_at,outcome,outcome_summary,escalated_at,regulator_reference";
    private static readonly DateTime Now = new(2026, 9, 30, 12, 0, 0, DateTimeKind.Utc);
    private static readonly HashSet<string> Jurisdictions = ["UK", "EU", "BR"];

    public static string Row(string id = "CMP-1", string subject = "s-7f3a9c", string jurisdiction = "UK", string channel = "web_form",
        string received = "2026-07-01T09:00:00Z", string category = "objection_not_honoured", string linked = "",
        string acknowledged = "", string outcomeAt = "", string outcome = "", string summary = "", string escalated = "", string reference = "") =>
        $"{id},{subject},{jurisdiction},{channel},{received},{category},{linked},{acknowledged},{outcomeAt},{outcome},{summary},{escalated},{reference}";

    private static (List<ComplaintRow> Rows, List<ImportError> Errors) Read(string text) =>
        ComplaintCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), Jurisdictions, Now);

    private static (List<ComplaintRow> Rows, List<ImportError> Errors) ReadRows(params string[] rows) => Read(Header + "\n" + string.Join("\n", rows) + "\n");

    /// <summary>The file's only error, on the second data row (line 3) so the line number is proven to be the row's.</summary>
    private static ImportError OnlyErrorOfSecondRow(string bad)
    {
        var (rows, errors) = ReadRows(Row(id: "CMP-0"), bad);
        Assert.Single(rows);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        return error;
    }

    [Fact]
    public void Read_AcceptsAFullyFilledRow_WithTimesInUtcAndLinksSplitOnSemicolons()
    {
        var (rows, errors) = ReadRows(Row(linked: "OBJ-1; OBJ-2", acknowledged: "2026-07-02T10:00:00+01:00", outcomeAt: "2026-08-01T09:00:00Z",
            outcome: "partly_upheld", summary: "\"Removed from the training set, apologised\"", escalated: "2026-08-20T09:00:00Z", reference: "IC-123456-A1B2"));

        Assert.Empty(errors);
        var c = Assert.Single(rows).Complaint;
        Assert.Equal(["OBJ-1", "OBJ-2"], c.LinkedObjectionIds);
        Assert.Equal(new DateTime(2026, 7, 2, 9, 0, 0, DateTimeKind.Utc), c.AcknowledgedAt);
        Assert.Equal(ComplaintOutcome.PartlyUpheld, c.Outcome);
        Assert.Equal("Removed from the training set, apologised", c.OutcomeSummary);
        Assert.Equal("IC-123456-A1B2", c.RegulatorReference);
        Assert.False(Assert.Single(rows).HasProgressColumn);
    }

    [Fact]
    public void Read_AcceptsTheOptionalProgressColumn()
    {
        var (rows, errors) = Read(Header + ",progress_updated_at\n" + Row(acknowledged: "2026-07-02T09:00:00Z") + ",2026-07-20T09:00:00Z\n");

        Assert.Empty(errors);
        Assert.Equal(new DateTime(2026, 7, 20, 9, 0, 0, DateTimeKind.Utc), Assert.Single(rows).Complaint.ProgressUpdatedAt);
        Assert.True(rows[0].HasProgressColumn);
    }

    [Theory]
    [InlineData("channel", "fax")]
    [InlineData("category", "rude_staff")]
    [InlineData("jurisdiction", "US")]
    public void Read_RejectsAnUnknownToken_WithItsLineAndColumn(string column, string value)
    {
        var row = column switch
        {
            "channel" => Row(channel: value),
            "category" => Row(category: value),
            _ => Row(jurisdiction: value),
        };
        var error = OnlyErrorOfSecondRow(row);
        Assert.Equal(column, error.Column);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Read_RejectsAnUnknownOutcome_WithItsLineAndColumn()
    {
        var error = OnlyErrorOfSecondRow(Row(acknowledged: "2026-07-02T09:00:00Z", outcomeAt: "2026-07-03T09:00:00Z", outcome: "resolved"));
        Assert.Equal("outcome", error.Column);
    }

    [Theory]
    [InlineData("complaint_id")]
    [InlineData("subject_ref")]
    [InlineData("jurisdiction")]
    [InlineData("channel")]
    [InlineData("received_at")]
    [InlineData("category")]
    public void Read_RejectsAMissingRequiredValue_WithItsLineAndColumn(string column)
    {
        var row = column switch
        {
            "complaint_id" => Row(id: ""),
            "subject_ref" => Row(subject: ""),
            "jurisdiction" => Row(jurisdiction: ""),
            "channel" => Row(channel: ""),
            "received_at" => Row(received: ""),
            _ => Row(category: ""),
        };
        var error = OnlyErrorOfSecondRow(row);
        Assert.Equal(column, error.Column);
        Assert.Equal($"{column} is required.", error.Message);
    }

    [Fact]
    public void Read_RejectsADuplicateComplaintId_NamingTheFirstLine()
    {
        var error = OnlyErrorOfSecondRow(Row(id: "CMP-0"));
        Assert.Equal("complaint_id", error.Column);
        Assert.Contains("first on line 2", error.Message);
    }

    [Fact]
    public void Read_RejectsAnOverlongComplaintId()
    {
        Assert.Equal("complaint_id", OnlyErrorOfSecondRow(Row(id: new string('x', 129))).Column);
    }

    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("+44 7700 900123")]
    [InlineData("07700900123")]
    public void Read_RejectsASubjectRefThatIsAnEmailAddressOrPhoneNumber(string subject)
    {
        var error = OnlyErrorOfSecondRow(Row(subject: subject));
        Assert.Equal("subject_ref", error.Column);
        Assert.Contains("pseudonymous", error.Message);
    }

    [Theory]
    [InlineData("received_at")]
    [InlineData("acknowledged_at")]
    [InlineData("outcome_at")]
    [InlineData("escalated_at")]
    public void Read_RejectsATimeInTheFuture(string column)
    {
        const string future = "2026-10-01T09:00:00Z";
        const string ack = "2026-07-02T09:00:00Z";
        var row = column switch
        {
            "received_at" => Row(received: future),
            "acknowledged_at" => Row(acknowledged: future),
            "outcome_at" => Row(acknowledged: ack, outcomeAt: future, outcome: "upheld"),
            _ => Row(escalated: future),
        };
        var error = OnlyErrorOfSecondRow(row);
        Assert.Equal(column, error.Column);
        Assert.Equal($"{column} is in the future.", error.Message);
    }

    [Fact]
    public void Read_RejectsAProgressUpdateInTheFuture()
    {
        var (_, errors) = Read(Header + ",progress_updated_at\n" + Row() + ",2027-01-01T00:00:00Z\n");
        var error = Assert.Single(errors);
        Assert.Equal((2, "progress_updated_at"), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("acknowledged_at")]
    [InlineData("outcome_at")]
    [InlineData("escalated_at")]
    public void Read_RejectsATimeBeforeReceivedAt(string column)
    {
        const string early = "2026-06-30T09:00:00Z";
        var row = column switch
        {
            "acknowledged_at" => Row(acknowledged: early),
            "outcome_at" => Row(acknowledged: early, outcomeAt: early, outcome: "upheld"),
            _ => Row(escalated: early),
        };
        var (_, errors) = ReadRows(Row(id: "CMP-0"), row);
        Assert.Contains(errors, e => e.Line == 3 && e.Column == column && e.Message == $"{column} is before received_at.");
    }

    [Fact]
    public void Read_RejectsAnOutcomeWithoutOutcomeAt()
    {
        var error = OnlyErrorOfSecondRow(Row(acknowledged: "2026-07-02T09:00:00Z", outcome: "upheld"));
        Assert.Equal("outcome_at", error.Column);
    }

    [Fact]
    public void Read_RejectsOutcomeAtWithoutAnOutcome()
    {
        var error = OnlyErrorOfSecondRow(Row(acknowledged: "2026-07-02T09:00:00Z", outcomeAt: "2026-07-03T09:00:00Z"));
        Assert.Equal("outcome", error.Column);
    }

    [Fact]
    public void Read_RejectsAnOutcomeSummaryWithoutAnOutcome()
    {
        Assert.Equal("outcome_summary", OnlyErrorOfSecondRow(Row(summary: "We looked into it")).Column);
    }

    [Fact]
    public void Read_RejectsAnOverlongOutcomeSummary()
    {
        var error = OnlyErrorOfSecondRow(Row(acknowledged: "2026-07-02T09:00:00Z", outcomeAt: "2026-07-03T09:00:00Z", outcome: "upheld", summary: new string('a', 2001)));
        Assert.Equal("outcome_summary", error.Column);
    }

    [Fact]
    public void Read_RejectsAnOutcomeWithoutAnAcknowledgement()
    {
        var error = OnlyErrorOfSecondRow(Row(outcomeAt: "2026-07-03T09:00:00Z", outcome: "upheld"));
        Assert.Equal("acknowledged_at", error.Column);
    }

    [Fact]
    public void Read_RejectsAnAcknowledgementAfterTheOutcome()
    {
        var error = OnlyErrorOfSecondRow(Row(acknowledged: "2026-07-04T09:00:00Z", outcomeAt: "2026-07-03T09:00:00Z", outcome: "upheld"));
        Assert.Equal(("acknowledged_at", "acknowledged_at is after outcome_at."), (error.Column, error.Message));
    }

    [Fact]
    public void Read_RejectsARegulatorReferenceWithoutEscalatedAt()
    {
        Assert.Equal("regulator_reference", OnlyErrorOfSecondRow(Row(reference: "IC-1")).Column);
    }

    [Theory]
    [InlineData("OBJ-1;;OBJ-2")]
    [InlineData("OBJ-1;OBJ-1")]
    public void Read_RejectsAnEmptyOrRepeatedLinkedObjectionId(string linked)
    {
        Assert.Equal("linked_objection_ids", OnlyErrorOfSecondRow(Row(linked: linked)).Column);
    }

    [Theory]
    [InlineData("2026-07-01T09:00:00", "has no offset")]
    [InlineData("01/07/2026 09:00", "not an ISO 8601 time")]
    [InlineData("2026-02-30T09:00:00Z", "not a valid date")]
    public void Read_RejectsATimeWithoutAnOffsetOrNotIso8601(string received, string expected)
    {
        var error = OnlyErrorOfSecondRow(Row(received: received));
        Assert.Equal("received_at", error.Column);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_RejectsARowWithTheWrongNumberOfFields()
    {
        var error = OnlyErrorOfSecondRow(Row() + ",extra");
        Assert.Null(error.Column);
        Assert.Contains("Expected 13 fields", error.Message);
    }

    [Fact]
    public void Read_RejectsAnUnknownOrMissingOrRepeatedColumn_OnLineOne()
    {
        var (_, unknown) = Read(Header + ",notes\n" + Row() + ",x\n");
        Assert.Contains(unknown, e => e.Line == 1 && e.Column == "notes");
        var (_, missing) = Read(Header.Replace(",regulator_reference", "") + "\n");
        Assert.Contains(missing, e => e.Line == 1 && e.Column == "regulator_reference" && e.Message.StartsWith("Missing column"));
        var (_, repeated) = Read(Header + ",outcome\n");
        Assert.Contains(repeated, e => e.Line == 1 && e.Column == "outcome" && e.Message.Contains("more than once"));
    }

    [Fact]
    public void Read_RejectsAnEmptyFile_AndAHeaderWithoutRows()
    {
        Assert.Contains("empty", Assert.Single(Read("").Errors).Message);
        Assert.Contains("no complaints", Assert.Single(Read(Header + "\n").Errors).Message);
    }

    [Fact]
    public void Read_RejectsInvalidUtf8_WithTheLineOfTheBadByte()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" + Row() + "\n" + Row(id: "CMP-2", subject: "s-X") + "\n").ToList();
        var at = bytes.LastIndexOf((byte)'X');
        bytes[at] = 0xC3;
        var (_, errors) = ComplaintCsv.Read(new MemoryStream(bytes.ToArray()), Jurisdictions, Now);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Read_CollectsEveryErrorOfEveryRow()
    {
        var (rows, errors) = ReadRows(Row(channel: "fax", category: "nope"), Row(id: "CMP-2", subject: "a@b.com"));
        Assert.Empty(rows);
        Assert.Equal([(2, "channel"), (2, "category"), (3, "subject_ref")], errors.Select(e => (e.Line, e.Column!)).ToList());
    }
}
