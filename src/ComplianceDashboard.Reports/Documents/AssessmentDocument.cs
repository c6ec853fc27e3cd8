using System.Globalization;
using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Documents;

/// <summary>
/// The PDF of one assessment version: every question with its answer and recorded value, the safeguards
/// register, the decision, DPO advice and the sign-offs, with the version's content hash in every footer.
/// </summary>
public static class AssessmentDocument
{
    public const string DemoWatermark = "DEMO DATA — NOT FOR REGULATORY USE";
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static RenderedReport Render(Assessment assessment, AssessmentVersion version)
    {
        // Drafts have no stored hash yet; the hash of their current content identifies what was printed.
        var hash = version.ContentHash.Length > 0 ? version.ContentHash : AssessmentContent.Hash(assessment.Id, version);
        var status = Describe(version.Status);
        var report = new ReportBuilder(new ReportSettings
        {
            DocumentId = $"assessment/{assessment.Id}/v{version.Number}/{hash}",
            Timestamp = version.ApprovedAt ?? version.UpdatedAt,
            Title = $"{version.Title} — version {version.Number}",
            Subject = "Legitimate interests assessment",
            Author = assessment.OwnerName,
            HeaderLeft = "Legitimate interests assessment",
            HeaderRight = $"Version {version.Number} · {status}",
            FooterText = $"{assessment.Id} v{version.Number} · content SHA-256 {hash}",
            Watermark = assessment.IsDemo ? DemoWatermark : null,
        });

        report.Title(version.Title, $"Legitimate interests assessment · version {version.Number} · {status}");
        report.KeyValues(
            ("Assessment", assessment.Id),
            ("Jurisdictions", string.Join(", ", version.Jurisdictions)),
            ("Template", $"{version.Template().Label} ({version.Template().Basis})"),
            ("Status", status),
            ("Owner", assessment.OwnerName),
            ("Version created", Time(version.CreatedAt)),
            ("Last change", Time(version.UpdatedAt)),
            ("Approved", version.ApprovedAt is { } approved ? Time(approved) : "not approved"),
            ("Next review", version.NextReviewDate?.ToString("d MMMM yyyy", EnGb) ?? "not scheduled"),
            ("Based on version", version.BasedOn?.ToString(CultureInfo.InvariantCulture) ?? "none"),
            ("Content SHA-256", hash));
        report.Contents(maxLevel: 1);

        var template = version.Template();
        foreach (var part in template.Parts)
        {
            report.Heading(part.Title(), 1);
            if (part == AssessmentPart.Safeguards) Safeguards(report, version);
            foreach (var question in template.In(part))
                Question(report, question, version.AnswerTo(question.Key));
        }

        Advice(report, version);
        SignOffs(report, version);
        return report.Render();
    }

    private static void Question(ReportBuilder report, Question question, Answer answer)
    {
        report.Heading($"{question.Key} · {question.Text}", 3);
        report.Paragraph(string.IsNullOrWhiteSpace(answer.Text) ? "No answer given." : answer.Text,
            string.IsNullOrWhiteSpace(answer.Text) ? TextStyle.Emphasis : TextStyle.Body);
        if (answer.DescribeValue(question) is { Length: > 0 } value)
            report.KeyValues(("Recorded value", value));
    }

    private static void Safeguards(ReportBuilder report, AssessmentVersion version)
    {
        var rows = AssessmentContent.Safeguards(version)
            .Select(s => (IReadOnlyList<string>)
            [
                s.Question.Key,
                s.Question.Text,
                SafeguardStatusText(version, s.Value),
                s.Value?.EvidenceReference is { Length: > 0 } evidence ? evidence : "—",
                s.Value?.Date?.ToString("d MMM yyyy", EnGb) ?? "—",
                s.Value?.RequiredBeforeTraining == true ? "Yes" : "No",
            ]);
        report.Paragraph("The register below summarises every safeguard; safeguards required before training form the jurisdiction's training gate."
            + (version.Template().AsksMitigatingMeasureFlags ? " A measure that goes beyond a legal duty and is relied on in the balancing is a mitigating measure in the sense of EDPB Opinion 28/2024; check 15 wants each verified before training." : ""));
        report.Table(
        [
            // Wide enough for the longest safeguard key (SG-TRANSPARENCY-REPORT) on one line.
            new TableColumn("Key", 3.1), new TableColumn("Safeguard", 1.7), new TableColumn("Status", 1.5),
            new TableColumn("Evidence", 1.7), new TableColumn("Date", 1.1), new TableColumn("Before training", 1, CellAlignment.Center),
        ], rows);
    }

    /// <summary>The status, with the AI template's mitigating-measure flags when the template asks for them.</summary>
    internal static string SafeguardStatusText(AssessmentVersion version, SafeguardValue? value) =>
        value is null ? "not recorded"
        : !version.Template().AsksMitigatingMeasureFlags ? value.Status.ToString()
        : string.Join("; ", new[] { value.Status.ToString(), value.BeyondLegalDuty ? "beyond a legal duty" : "legal duty", value.ReliedOnInBalancing ? "relied on in the balancing" : null }.OfType<string>());

    private static void Advice(ReportBuilder report, AssessmentVersion version)
    {
        report.Heading("DPO advice", 1);
        if (version.DpoAdvice is not { } advice)
        {
            report.Paragraph("The DPO has not recorded advice on this version.", TextStyle.Emphasis);
            return;
        }
        report.Paragraph(advice.Advice);
        report.KeyValues(
            ("Given by", advice.ByName),
            ("Given on", Time(advice.At)),
            ("Followed", version.DpoAdviceFollowed switch { true => "Yes", false => "No", null => "not yet decided" }));
        if (version.DpoAdviceFollowed == false)
            report.KeyValues(("Why not followed", version.DpoAdviceNotFollowedReason));
    }

    private static void SignOffs(ReportBuilder report, AssessmentVersion version)
    {
        report.Heading("Sign-offs", 1);
        if (version.SignOffs.Length == 0)
        {
            report.Paragraph("This version has not been signed off.", TextStyle.Emphasis);
            return;
        }
        report.Table(
            [new TableColumn("Signed by", 1.6), new TableColumn("Role", 1.2), new TableColumn("When (UTC)", 1.5), new TableColumn("Decision", 1), new TableColumn("Content SHA-256", 3)],
            version.SignOffs.Select(s => (IReadOnlyList<string>)[s.ByName, s.Role, Time(s.At), s.Decision.ToString(), s.ContentHash]));
        report.Paragraph("Each sign-off records the SHA-256 of the canonical content of the exact version signed; recompute it from the version's JSON (GET /api/v1/assessments/{id}/versions/{n}) to verify.", TextStyle.Small);
    }

    private static string Describe(AssessmentStatus status) => status switch
    {
        AssessmentStatus.InReview => "In review",
        AssessmentStatus.ChangesRequested => "Changes requested",
        _ => status.ToString(),
    };

    private static string Time(DateTime utc) => utc.ToString("d MMMM yyyy, HH:mm 'UTC'", EnGb);
}
