using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The pack's complaints section on the demo store, read back from the PDF with PdfPig.</summary>
public sealed class EvidencePackComplaintsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string FreeText = "Told the complainant about their account in detail";

    private (PackParameters Parameters, byte[] Pdf) Generate()
    {
        // One answered complaint whose free-text summary must stay out of the attachment (the demo's may all be outside the period).
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date.AddHours(9);
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var csv = "complaint_id,subject_ref,jurisdiction,channel,received_at,category,linked_objection_ids,acknowledged_at,outcome_at,outcome,outcome_summary,escalated_at,regulator_reference\n" +
                  $"PACK-1,s-pack-1,UK,post,{Iso(now.AddDays(-4))},other,,{Iso(now.AddDays(-3))},{Iso(now.AddDays(-2))},upheld,{FreeText},,\n";
        Assert.True(factory.Services.GetRequiredService<ComplaintService>().Import(EvidencePackGenerationTests.Officer, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "pack.csv").Value.Accepted);
        var packs = factory.Services.GetRequiredService<EvidencePackService>();
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "complaints" };
        var result = packs.Generate(EvidencePackGenerationTests.Officer, parameters);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return (parameters, packs.Pdf(result.Value.Id)!);
    }

    private static string Words(PdfDocument document) =>
        string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

    [Fact]
    public void TheComplaintsSection_PrintsTheFiguresAndEveryOverdueComplaint_AsTheRecordsStandAtTheAsOfTime()
    {
        var (p, pdf) = Generate();
        using var document = PdfDocument.Open(pdf);
        var text = Words(document);
        var asOfDay = DateOnly.FromDateTime(p.AsOf);
        var uk = factory.Services.GetRequiredService<IComplaintRepository>().All().Where(c => c.Jurisdiction == "UK").Select(c => c.AsOf(p.AsOf)).OfType<Complaint>().ToList();
        var inPeriod = uk.Count(c => c.ReceivedDay >= p.PeriodFrom && c.ReceivedDay <= p.PeriodTo);
        var overdue = uk.Where(c => c.AcknowledgementOverdue(asOfDay)).ToList();
        var overdueInPeriod = overdue.Count(c => c.ReceivedDay >= p.PeriodFrom && c.ReceivedDay <= p.PeriodTo);
        Assert.NotEmpty(overdue);

        Assert.Contains("11. Complaints (ongoing compliance)", text);
        Assert.Contains("Section 164A of the Data Protection Act 2018", text);
        Assert.Contains($"Received in the period {inPeriod.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))}", text);
        Assert.Contains($"Received in the period, not acknowledged and past the deadline at the as-of time {overdueInPeriod}", text);
        Assert.Contains("Every acknowledgement overdue at the as-of time (any received date)", text);
        Assert.All(overdue, c => Assert.Contains(c.Id, text));
    }

    [Fact]
    public void TheComplaintsAttachment_ListsTheRecordsBehindTheFigures_WithoutTheFreeTextOutcomeSummary()
    {
        var (p, pdf) = Generate();
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.Advanced.TryGetEmbeddedFiles(out var files));
        var csv = Encoding.UTF8.GetString(files.Single(f => f.Name == EvidencePackDocument.ComplaintsAttachment).Bytes.ToArray());
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stored = factory.Services.GetRequiredService<IComplaintRepository>().All()
            .Where(c => c.Jurisdiction == "UK" && c.ReceivedAt <= p.AsOf && c.ReceivedDay >= p.PeriodFrom && c.ReceivedDay <= p.PeriodTo).ToList();

        Assert.Equal(string.Join(",", ComplaintCsvExport.ColumnsWithoutSummary), lines[0]);
        Assert.DoesNotContain("outcome_summary", csv);
        Assert.Equal(stored.Count, lines.Length - 1);
        var summaries = stored.Select(c => c.OutcomeSummary).OfType<string>().Distinct().ToList();
        Assert.Contains(FreeText, summaries);
        Assert.Contains(lines, l => l.StartsWith("PACK-1,s-pack-1,UK,post,"));
        Assert.All(summaries, s => Assert.DoesNotContain(s, csv));
    }
}
