using System.Globalization;
using ComplianceDashboard.Reports.Layout;
using PdfSharp.Charting;
using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Probe;

/// <summary>A sample regulator-facing report exercising every layout primitive, for visual review and the determinism tests.</summary>
public static class SampleReport
{
    public static readonly DateTime AsOf = new(2026, 11, 27, 23, 59, 59, DateTimeKind.Utc);

    public static ReportBuilder Build(string? watermark = "DEMO DATA — NOT FOR REGULATORY USE")
    {
        var report = new ReportBuilder(new ReportSettings
        {
            DocumentId = "sample-lia-uk-v3",
            Timestamp = AsOf,
            Title = "Legitimate interests assessment — AI training on public posts (UK)",
            Subject = "Sample of the PDF layout layer",
            Author = "Compliance team",
            Keywords = "legitimate interests, LIA, UK GDPR",
            Creator = "ComplianceDashboard 1.0.0",
            HeaderLeft = "Information Commissioner's Office · Reference LIA-UK-2026-03",
            HeaderRight = "CONFIDENTIAL",
            FooterText = "Version 3 · SHA-256 9f2c4e0b7a61d3f5c8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1",
            Watermark = watermark,
        });

        report.Title("Legitimate interests assessment", "Training generative AI models on adult users' public posts — United Kingdom, version 3")
            .KeyValues(
                ("Controller", "Example Platforms Ltd, 1 Sample Street, London EC1A 1AA"),
                ("Regulator", "Information Commissioner's Office (ICO)"),
                ("Status", "Approved on 14 March 2026 by the legal reviewer"),
                ("Next review", "14 March 2027"),
                ("Content hash", "9f2c4e0b7a61d3f5c8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1"))
            .Contents()
            .PageBreak()
            .Heading("1. Purpose test")
            .Heading("1.1 What is the legitimate interest?", 2)
            .Paragraph("We want to train generative AI models on the public posts of adult users in the United Kingdom so that the models reflect British English, culture and usage — including prices in £, names such as Zoë, João and François, and legal references such as § 4 of our terms.\n\nThe interest is the controller's own commercial interest together with the wider benefit of models that understand the people who use them. It is “real and present”, not speculative: the training runs are scheduled and funded.")
            .Heading("1.2 Benefits", 2)
            .Paragraph("Better moderation of harmful content; assistance features that understand regional expressions; fewer errors for users writing in dialect. " + string.Join(' ', Enumerable.Repeat("The benefit is measured against the baseline model on held-out public text and reported to the DPO quarterly.", 6)))
            .Heading("Note on evidence", 3)
            .Paragraph("Evidence references point to the safeguards register; each reference is a stable identifier such as SG-UK-0007.", TextStyle.Emphasis)
            .Heading("2. Necessity test")
            .Paragraph("Alternatives considered: licensed corpora only (rejected: under-represents UK users), synthetic data (rejected: quality), opt-in consent (kept for private content, which is excluded).")
            .KeyValues(
                ("Data categories", "Public posts and their public comments; account age band; country"),
                ("Excluded", "Private messages; posts of accounts under 18; posts set to friends-only; content of accounts that objected"),
                ("Retention", "Training copies deleted 30 days after each run; models retained"))
            .Heading("3. Safeguards")
            .Table(
                [new TableColumn("Ref", 0.9), new TableColumn("Safeguard", 3.6), new TableColumn("Status", 1.2), new TableColumn("Evidence", 1.6), new TableColumn("Before training", 1.1, CellAlignment.Center)],
                Safeguards())
            .Heading("4. Objections over time")
            .Paragraph("Objections received per week since the notices were sent. Figures are attached to the evidence pack as CSV.")
            .Chart(ObjectionsChart(), 200)
            .Attachment("objections-per-week.csv", System.Text.Encoding.UTF8.GetBytes("week,objections\nW1,120\nW2,340\nW3,410\nW4,380\nW5,260\nW6,190\nW7,150\nW8,130\n"))
            .Heading("5. Balancing test")
            .Paragraph(LongAnswer())
            .Heading("6. Decision and sign-off")
            .KeyValues(
                ("Decision", "Proceed, subject to the safeguards marked \"required before training\"."),
                ("DPO advice", "Proceed; verify the objection form works without an account before the first run. Advice followed."),
                ("Approved by", "A. Reviewer (Legal reviewer), 14 March 2026 10:42 UTC"),
                ("Hash of approved content", "9f2c4e0b7a61d3f5c8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1"))
            .Paragraph("SHA-256 9f2c4e0b7a61d3f5c8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1", TextStyle.Monospace)
            .Paragraph("This document was generated by ComplianceDashboard from the approved version; any change to the content changes the hash above.", TextStyle.Small);
        return report;
    }

    private static IEnumerable<IReadOnlyList<string>> Safeguards()
    {
        string[] names =
        [
            "Unconditional objection form, reachable without signing in, honoured before the next training run",
            "No re-contact of people who objected to earlier programmes",
            "Exclusion of accounts under 18, re-checked at each snapshot",
            "Exclusion of private messages and friends-only posts at source",
            "Pseudonymous subject references in every objection and notice record",
            "In-app notice to every eligible adult at least 30 days before training",
            "Output filters against regurgitation of personal data",
        ];
        string[] statuses = ["Verified", "Implemented", "Planned"];
        for (var i = 0; i < 56; i++)
        {
            yield return
            [
                string.Create(CultureInfo.InvariantCulture, $"SG-{i + 1:D3}"),
                names[i % names.Length],
                statuses[i % statuses.Length],
                string.Create(CultureInfo.InvariantCulture, $"EV-{2026}-{100 + i}, {1 + i % 28} Mar 2026"),
                i % 3 == 0 ? "Yes" : "No",
            ];
        }
    }

    private static Chart ObjectionsChart()
    {
        var chart = new Chart(ChartType.Column2D);
        chart.Font.Name = ReportFontsName;
        chart.Font.Size = XUnit.FromPoint(8);
        var series = chart.SeriesCollection.AddSeries();
        series.FillFormat.Color = XColor.FromArgb(0x2E, 0x5C, 0x8A);
        series.Name = "Objections";
        series.Add(120, 340, 410, 380, 260, 190, 150, 130);
        chart.XValues.AddXSeries().Add("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8");
        chart.XAxis.MajorTickMark = TickMarkType.Outside;
        chart.XAxis.Title.Caption = "Week";
        chart.YAxis.MajorTickMark = TickMarkType.Outside;
        chart.YAxis.HasMajorGridlines = true;
        chart.YAxis.MajorGridlines.LineFormat.Color = XColor.FromArgb(0xDD, 0xE3, 0xE9);
        chart.Legend.Docking = DockingType.Bottom;
        return chart;
    }

    private const string ReportFontsName = ComplianceDashboard.Reports.Fonts.ReportFonts.Sans;

    private static string LongAnswer() => string.Join("\n\n", Enumerable.Range(1, 9).Select(i =>
        $"Area {i}. Reasonable expectations: adult users who post publicly expect their posts to be seen widely, but not necessarily to be used to train models. " +
        "We therefore notify every eligible adult in the app, explain the purpose in plain English, and offer an objection form that works without reasons. " +
        "The impact on individuals is limited by the exclusions above and by the output filters; the residual risk is low and the benefits are significant."));
}
