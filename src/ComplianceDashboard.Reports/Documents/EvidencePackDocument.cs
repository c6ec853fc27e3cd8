using System.Globalization;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Reports.Fonts;
using ComplianceDashboard.Reports.Layout;
using PdfSharp.Drawing;

namespace ComplianceDashboard.Reports.Documents;

/// <summary>
/// The regulator-facing evidence pack (REGULATORY.md section 4), organised around the four asks, rendered on the layout
/// layer from an <see cref="EvidenceSnapshot"/> only, so the same snapshot and header always give the same bytes.
/// </summary>
public sealed partial class EvidencePackDocument : IEvidencePackRenderer
{
    public const string DemoWatermark = "DEMO DATA — NOT FOR SUBMISSION";

    /// <summary>The level-1 section headings, in order (tests and docs refer to them).</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        "1. Executive summary",
        "2. Description of the processing",
        "3. Legitimate interests assessment",
        "4. Safeguards and the training gate",
        "5. Transparency",
        "6. Objection handling",
        "7. Training runs",
        "8. Compliance checks",
        "9. Timeline of key events",
        "10. Regulator correspondence and commitments",
        "11. Complaints (ongoing compliance)",
        "12. Audit-trail extract",
        "13. Integrity appendix",
    ];

    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public RenderedPack Render(EvidencePackHeader header, EvidenceSnapshot snapshot)
    {
        var rendered = Build(header, snapshot).Render();
        return new RenderedPack(rendered.Pdf, rendered.PageCount);
    }

    /// <summary>The pack's content, laid out by the caller (kept separate so tests can inspect the builder).</summary>
    public static ReportBuilder Build(EvidencePackHeader header, EvidenceSnapshot s)
    {
        var p = s.Parameters;
        var regulator = s.Jurisdiction.Regulator;
        var report = new ReportBuilder(new ReportSettings
        {
            DocumentId = header.PackId,
            Timestamp = WholeSeconds(p.AsOf),
            Title = $"Evidence pack {header.PackId} for the {regulator.ShortName}",
            Subject = $"Evidence of compliance: AI training on public content under legitimate interests, {s.Jurisdiction.Name}, {Period(p)}",
            Author = s.Controller,
            Keywords = $"evidence pack; {regulator.ShortName}; {s.Jurisdiction.Code}; legitimate interests; right to object; {header.PackId}",
            Creator = $"ComplianceDashboard {header.AppVersion}",
            HeaderLeft = $"{regulator.Name} · {header.PackId}",
            HeaderRight = p.Classification,
            FooterText = $"As of {Time(p.AsOf)} · snapshot SHA-256 {header.SnapshotSha256[..16]}…",
            Watermark = header.Demo ? DemoWatermark : null,
        });

        Cover(report, header, s);
        ExecutiveSummary(report, s);
        Processing(report, s);
        Assessment(report, s);
        Safeguards(report, s);
        Transparency(report, s);
        Objections(report, s);
        TrainingRuns(report, s);
        Checks(report, s);
        Timeline(report, s);
        Correspondence(report, s);
        Complaints(report, s);
        AuditExtract(report, s);
        Integrity(report, header, s);
        return report;
    }

    private static void Cover(ReportBuilder report, EvidencePackHeader header, EvidenceSnapshot s)
    {
        var p = s.Parameters;
        var reference = s.Interactions.LastOrDefault(i => i.Reference.Length > 0)?.Reference;
        report.Title("Evidence pack", $"{s.Jurisdiction.Regulator.Name} · {s.Jurisdiction.Name} · {Period(p)}");
        report.KeyValues(
            ("Controller", s.Controller),
            ("Regulator", $"{s.Jurisdiction.Regulator.Name} ({s.Jurisdiction.Regulator.ShortName})"),
            ("Governing law", s.Jurisdiction.GoverningLaw),
            ("Regulator's reference", reference ?? "none recorded"),
            ("Reporting period", Period(p)),
            ("As of", Time(p.AsOf)),
            ("Pack id", header.PackId),
            ("Audience", p.Audience == PackAudience.Regulator ? "Regulator" : "Internal"),
            ("Classification", p.Classification),
            ("Programme state", $"{s.Jurisdiction.State} (as of {Day(DateOnly.FromDateTime(p.AsOf))})"));
        if (header.Demo)
            report.Paragraph("This pack was generated from a demonstration store. Its data is invented and it must never be submitted to a regulator.", TextStyle.Emphasis);
        report.Paragraph("This pack contains aggregate figures and pseudonymous identifiers only; it identifies no person. The figures behind every chart and table are attached to this PDF as CSV files.", TextStyle.Small);
        report.Contents(maxLevel: 1);
        report.PageBreak();
    }

    private static void ExecutiveSummary(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[0]);
        var ratings = AskRatings.Of(s);
        report.Paragraph(s.LatestRun is { } run
            ? $"Each of the regulator's four asks is rated from the automated compliance checks stored up to the as-of time (run of {Time(run.RanAt)}, evaluated as of {Time(run.AsOf)}): red if any of its checks fails, amber if any warns, green otherwise."
            : s.RetrospectiveRun is not null
                ? $"No compliance check run was stored up to the as-of time. The four asks are therefore rated from a RETROSPECTIVE evaluation of the same checks, made for this pack as of {Time(s.Parameters.AsOf)} from the records the programme had made by then (section 13 gives the rule): red if any of its checks fails, amber if any warns, green otherwise. Ongoing compliance is at best amber, because no monitoring was on record at the time."
                : "No compliance check run was stored up to the as-of time, so the four asks are not evaluated. The figures below are taken directly from the records.");
        if (LeftOutSentence(s) is { } leftOut) report.Paragraph(leftOut, TextStyle.Emphasis);
        report.Drawing(4 * 30 + 4, (gfx, box) => DrawRatings(gfx, box, ratings));
        if (s.GateOverrides.Length > 0)
            report.Paragraph($"GATE OVERRIDE: the pre-training gate was overridden by two legal reviewers in this period ({s.GateOverrides.Length} override(s); see section 4).", TextStyle.Emphasis);
        report.Table(
            [new TableColumn("Ask", 2.2), new TableColumn("Rating", 1.2, CellAlignment.Center), new TableColumn("Checks", 2.6), new TableColumn("Key figures", 4)],
            ratings.Select(r => (IReadOnlyList<string>)[r.Title, r.Label, r.ChecksSummary, r.KeyFigures]));
        report.Attachment("executive-summary.csv", Csv.Of(["ask", "rating", "checks", "key_figures"],
            ratings.Select(r => new[] { r.Title, r.Label, r.ChecksSummary, r.KeyFigures })));
    }

    private static void DrawRatings(XGraphics gfx, XRect box, IReadOnlyList<AskRating> ratings)
    {
        var font = new XFont(ReportFonts.Sans, 10, XFontStyleEx.Bold, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
        var y = box.Top + 2;
        foreach (var r in ratings)
        {
            var (fill, ink) = r.Rating switch
            {
                Rag.Red => (XColor.FromArgb(0xB3, 0x26, 0x1E), XColors.White),
                Rag.Amber => (XColor.FromArgb(0xE8, 0xA3, 0x17), XColor.FromArgb(0x1F, 0x23, 0x28)),
                Rag.Green => (XColor.FromArgb(0x2E, 0x7D, 0x32), XColors.White),
                _ => (XColor.FromArgb(0xCF, 0xD6, 0xDE), XColor.FromArgb(0x1F, 0x23, 0x28)),
            };
            var badge = new XRect(box.Left, y, 110, 24);
            gfx.DrawRoundedRectangle(new XSolidBrush(fill), badge, new XSize(6, 6));
            gfx.DrawString(r.Label.ToUpperInvariant(), font, new XSolidBrush(ink), badge, XStringFormats.Center);
            gfx.DrawString(r.Retrospective ? $"{r.Title} (retrospective evaluation)" : r.Title, font, new XSolidBrush(XColor.FromArgb(0x1F, 0x23, 0x28)),
                new XRect(box.Left + 122, y, box.Width - 122, 24), XStringFormats.CenterLeft);
            y += 30;
        }
    }

    private static void Processing(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[1]);
        var v = s.Lia?.Version;
        string Text(string key, string fallback) => v?.AnswerTo(key) is { } a && (a.Text.Length > 0 || a.Items.Length > 0)
            ? string.Join("\n", new[] { a.Text }.Concat(a.Items.Select(i => "• " + i)).Where(t => t.Length > 0))
            : fallback;
        var missing = "Not recorded in an approved assessment as of the as-of time.";
        report.KeyValues(
            ("Processing", Text("S1", missing)),
            ("Purposes", Text("A1", missing)),
            ("Data categories", Text("S2", missing)),
            ("Exclusions", Text("S3", missing)),
            ("Data subjects", s.Campaigns.Length == 0 ? "No notification campaign was recorded by the as-of time." + LeftOutOf(s, "campaigns")
                : string.Join("; ", s.Campaigns.Select(c => $"{c.Audience} on {c.Platform}").Distinct())),
            ("Legal basis", $"{s.Jurisdiction.LegalBasisArticle} ({s.Jurisdiction.GoverningLaw})"),
            ("Right to object", s.Jurisdiction.ObjectionRightArticle),
            ("Objection deadline", s.Jurisdiction.DeadlinePolicy.Describe()),
            ("Retention", Text("D-CONDITIONS", "No retention period is recorded in the assessment; training datasets are snapshots registered with each training run (section 7).")),
            ("Training start", s.Jurisdiction.ActualTrainingStart is { } actual ? $"{Day(actual)} (actual)"
                : s.Jurisdiction.PlannedTrainingStart is { } planned ? $"{Day(planned)} (planned)" : "not scheduled"));
    }

    private static void Assessment(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[2]);
        if (s.Lia is not { } lia)
        {
            report.Paragraph("No approved legitimate interests assessment covered this jurisdiction at the as-of time.", TextStyle.Emphasis);
            return;
        }
        var v = lia.Version;
        report.KeyValues(
            ("Assessment", $"{lia.AssessmentId} · {v.Title}"),
            ("Version in force", $"Version {v.Number}, approved {(v.ApprovedAt is { } at ? Time(at) : "—")}"),
            ("Template", v.Template().Label),
            ("Owner", lia.OwnerName),
            ("Next review", v.NextReviewDate is { } next ? Day(next) : "not scheduled"),
            ("Content SHA-256", v.ContentHash));
        report.Heading("Changes since the previous version", 2);
        if (lia.PreviousNumber is null)
            report.Paragraph("This is the first approved version.");
        else if (lia.ChangesSincePrevious.Length == 0)
            report.Paragraph($"No answer changed since version {lia.PreviousNumber}.");
        else
            report.Paragraph($"Against version {lia.PreviousNumber}:\n" + string.Join("\n", lia.ChangesSincePrevious.Select(c => "• " + c)));

        var template = v.Template();
        foreach (var part in template.Parts.Where(part => part != AssessmentPart.Safeguards))
        {
            report.Heading(part.Title(), 2);
            foreach (var question in template.In(part))
            {
                var answer = v.AnswerTo(question.Key);
                report.Heading($"{question.Key} · {question.Text}", 3);
                report.Paragraph(string.IsNullOrWhiteSpace(answer.Text) ? "No answer given." : answer.Text,
                    string.IsNullOrWhiteSpace(answer.Text) ? TextStyle.Emphasis : TextStyle.Body);
                if (answer.DescribeValue(question) is { Length: > 0 } value)
                    report.KeyValues(("Recorded value", value));
            }
        }

        report.Heading("DPO advice", 2);
        if (v.DpoAdvice is { } advice)
        {
            report.Paragraph(advice.Advice);
            report.KeyValues(("Given by", advice.ByName), ("Given on", Time(advice.At)),
                ("Followed", v.DpoAdviceFollowed switch { true => "Yes", false => $"No: {v.DpoAdviceNotFollowedReason}", null => "not decided" }));
        }
        else report.Paragraph("The DPO recorded no advice on this version.", TextStyle.Emphasis);

        report.Heading("Sign-offs", 2);
        if (v.SignOffs.Length == 0) report.Paragraph("This version has no sign-off.", TextStyle.Emphasis);
        else
            report.Table(
                [new TableColumn("Signed by", 1.6), new TableColumn("Role", 1.2), new TableColumn("When (UTC)", 1.5), new TableColumn("Decision", 1), new TableColumn("Content SHA-256", 3)],
                v.SignOffs.Select(o => (IReadOnlyList<string>)[o.ByName, o.Role, Time(o.At), o.Decision.ToString(), o.ContentHash]));
    }

    private static void Safeguards(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[3]);
        var gate = CheckCatalogue.Gate.Select(c => (Check: c, Result: s.RatingRun?.ResultOf(c.Id))).ToList();
        var basis = s.LatestRun is null && s.RetrospectiveRun is not null ? " (retrospective evaluation: no check run was stored by the as-of time)" : "";
        var state = s.RatingRun is null ? "not evaluated (no stored compliance run)"
            : gate.Any(g => g.Result?.Outcome == CheckOutcome.Fail) ? "CLOSED — at least one gate check fails"
            : gate.Any(g => g.Result is null) ? "incomplete — some gate checks were not evaluated"
            : "OPEN — every gate check passes or does not apply";
        report.KeyValues(("Training gate", state + basis), ("Programme state", s.Jurisdiction.State.ToString()));
        foreach (var o in s.GateOverrides)
        {
            report.Paragraph($"GATE OVERRIDE in force from {(o.InForceSince is { } since ? Time(since) : "—")}{(o.EndedAt is { } ended ? $" to {Time(ended)} ({o.EndReason})" : ", still in force at the as-of time")}.", TextStyle.Emphasis);
            report.KeyValues(
                [("DPO advice", o.DpoAdvice is { } advice ? $"{advice.ByName}, {Time(advice.At)}: {advice.Advice}" : "none recorded"),
                 .. o.Approvals.Select((a, i) => ($"Approval {i + 1}", $"{a.ByName}, {Time(a.At)}: {a.Reason}")),
                 ("Failing checks overridden", string.Join("; ", o.FailingChecks.Select(f => $"{f.Number}. {f.Title} ({f.Outcome})")))]);
        }
        var overrides = s.TrainingRuns.Where(t => t.UnderOverride).ToList();
        if (overrides.Count > 0)
            report.Paragraph($"GATE OVERRIDE: {overrides.Count} training run(s) were registered while an override of the training gate was in force: {string.Join(", ", overrides.Select(o => o.Id))}.", TextStyle.Emphasis);
        else
            report.Paragraph("No training run was registered under an override of the training gate.");
        if (s.Lia?.Version is not { } v)
        {
            report.Paragraph("No approved assessment: no safeguards register is in force.", TextStyle.Emphasis);
            return;
        }
        var rows = AssessmentContent.Safeguards(v)
            .Select(x => new[]
            {
                x.Question.Key, x.Question.Text, AssessmentDocument.SafeguardStatusText(v, x.Value),
                x.Value?.EvidenceReference is { Length: > 0 } e ? e : "—", x.Value?.Date is { } d ? Day(d) : "—",
                x.Value?.RequiredBeforeTraining == true ? "Yes" : "No",
            }).ToList();
        report.Heading("Safeguards register", 2);
        report.Table(
        [
            // Wide enough for the longest safeguard key (SG-TRANSPARENCY-REPORT) on one line.
            new TableColumn("Key", 3.1), new TableColumn("Safeguard", 1.7), new TableColumn("Status", 1.5),
            new TableColumn("Evidence", 1.7), new TableColumn("Date", 1.1), new TableColumn("Before training", 1, CellAlignment.Center),
        ], rows);
        report.Attachment("safeguards.csv", Csv.Of(["key", "safeguard", "status", "evidence", "date", "required_before_training"], rows));
        report.Heading("Gate checks", 2);
        var gateRows = gate.Select(g => new[] { g.Check.Number.ToString(CultureInfo.InvariantCulture), g.Check.Title, Outcome(g.Result), g.Result?.Measured ?? "—" }).ToList();
        report.Table([new TableColumn("#", 0.5, CellAlignment.Right), new TableColumn("Check", 5), new TableColumn("Result", 1.3, CellAlignment.Center), new TableColumn("Measured", 2)], gateRows);
    }

    private static string Outcome(CheckResult? result) => result?.Outcome switch
    {
        CheckOutcome.Pass => "Pass",
        CheckOutcome.Warning => "Warning",
        CheckOutcome.Fail => "FAIL",
        CheckOutcome.NotApplicable => "Not applicable",
        _ => "not evaluated",
    };

    private static string Period(PackParameters p) => $"{Day(p.PeriodFrom)} – {Day(p.PeriodTo)}";

    internal static string Day(DateOnly d) => d.ToString("d MMM yyyy", EnGb);

    internal static string Time(DateTime utc) => utc.ToString("d MMM yyyy, HH:mm:ss 'UTC'", EnGb);

    internal static string Number(long n) => n.ToString("N0", EnGb);

    internal static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    internal static string Hours(double? hours) => hours is { } h ? h < 48 ? $"{h.ToString("0.#", CultureInfo.InvariantCulture)} h" : $"{(h / 24).ToString("0.#", CultureInfo.InvariantCulture)} days" : "—";

    private static DateTime WholeSeconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
