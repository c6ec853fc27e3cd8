using ComplianceDashboard.Core.Complaints;

namespace ComplianceDashboard.Core.Tests.Complaints;

public sealed class ComplaintCsvExportTests
{
    private static readonly Complaint Dangerous = new Complaint
    {
        Id = "=HYPERLINK(\"http://evil\")", SubjectRef = "+s-1", Jurisdiction = "UK", Channel = ComplaintChannel.SocialMedia,
        ReceivedAt = new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc), Category = ComplaintCategory.Other,
        AcknowledgedAt = new DateTime(2026, 7, 2, 9, 0, 0, DateTimeKind.Utc), OutcomeAt = new DateTime(2026, 7, 3, 9, 0, 0, DateTimeKind.Utc),
        Outcome = ComplaintOutcome.Upheld, OutcomeSummary = "@SUM(A1), said \"sorry\"", EscalatedAt = new DateTime(2026, 7, 4, 9, 0, 0, DateTimeKind.Utc),
        RegulatorReference = "-IC-1",
    }.Decide(new ComplaintOptions().PolicyFor("UK"));

    [Fact]
    public void Export_DefusesEveryCellASpreadsheetWouldRunAsAFormula()
    {
        var lines = ComplaintCsvExport.ToCsv([Dangerous], includeSummary: true).Split('\n');

        Assert.Equal(string.Join(",", ComplaintCsvExport.Columns), lines[0]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",'+s-1,UK,social_media,2026-07-01T09:00:00.000Z,other,,", lines[1]);
        Assert.Contains(",upheld,\"'@SUM(A1), said \"\"sorry\"\"\",2026-07-04T09:00:00.000Z,'-IC-1,,2026-07-30,true,true,2026-09-28", lines[1]);
    }

    [Fact]
    public void Export_WithoutSummary_LeavesTheFreeTextColumnOut()
    {
        var csv = ComplaintCsvExport.ToCsv([Dangerous], includeSummary: false);

        Assert.DoesNotContain("outcome_summary", csv);
        Assert.DoesNotContain("sorry", csv);
        Assert.Equal(ComplaintCsvExport.Columns.Length - 1, csv.Split('\n')[0].Split(',').Length);
    }
}
