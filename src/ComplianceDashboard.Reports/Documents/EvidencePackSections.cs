using System.Globalization;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Reports.Layout;

namespace ComplianceDashboard.Reports.Documents;

// Sections 5 to 12 of the evidence pack.
public sealed partial class EvidencePackDocument
{

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Transparency(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[4]);
        var rollout = s.Rollout;
        report.Heading("Notice versions", 2);
        if (s.Notices.Length == 0)
            report.Paragraph("No notice version in effect in the period was recorded by the as-of time." + LeftOutOf(s, "notice versions", "campaigns"), TextStyle.Emphasis);
        foreach (var notice in s.Notices)
        {
            // The campaign leads the heading: campaigns on two platforms often carry the same wording under the same label.
            report.Heading($"{notice.CampaignId} {notice.Label} · {DeliveryTokens.Describe(notice.Channel)} · {notice.Language}", 3);
            report.KeyValues(("Campaign", notice.CampaignId), ("Effective", $"{Day(notice.EffectiveFrom)} – {(notice.EffectiveTo is { } to ? Day(to) : "open")}"));
            report.Paragraph(notice.Text);
        }

        report.Heading("Rollout funnel", 2);
        if (rollout is null || !rollout.HasData)
        {
            report.Paragraph("No delivery figures for the period belong to a campaign recorded by the as-of time." + LeftOutOf(s, "campaigns", "daily delivery rows of those campaigns"), TextStyle.Emphasis);
            return;
        }
        var f = rollout.Funnel;
        (string Stage, long Count)[] funnel =
        [
            ("Eligible adults (latest level)", f.Eligible), ("Sent", f.Sent), ("Delivered", f.Delivered), ("Displayed (seen)", f.Displayed),
            ("Objection form opened", f.FormOpened), ("Objection submitted", f.ObjectionsSubmitted),
            ("Earlier objectors suppressed (not sent)", f.SuppressedPriorObjectors), ("Earlier objectors sent a notice (target 0)", f.PriorObjectorsContacted),
            ("Minors excluded", f.MinorsExcluded),
        ];
        report.Table([new TableColumn("Stage", 4), new TableColumn("People", 1.5, CellAlignment.Right), new TableColumn("Of eligible", 1.2, CellAlignment.Right)],
            funnel.Select(x => (IReadOnlyList<string>)[x.Stage, Number(x.Count), f.Eligible == 0 ? "—" : Percent((double)x.Count / f.Eligible)]));
        report.Attachment("rollout-funnel.csv", Csv.Of(["stage", "people"], funnel.Select(x => new[] { x.Stage, N(x.Count) })));
        report.Chart(PackCharts.Funnel(
        [
            ("Eligible", f.Eligible), ("Sent", f.Sent), ("Delivered", f.Delivered), ("Displayed", f.Displayed), ("Form opened", f.FormOpened), ("Objected", f.ObjectionsSubmitted),
        ]), 190);
        report.Paragraph("Figure: the rollout funnel in the period (people at each stage).", TextStyle.Small);

        report.Heading("Coverage over time", 2);
        var latest = rollout.LatestCoverage;
        report.KeyValues(
            ("Coverage at the end of the period", Percent(latest)),
            ("Target", Percent((double)rollout.CoverageTarget)),
            ("Target crossed on", rollout.TargetCrossedOn is { } crossed ? Day(crossed) : "not reached"));
        report.Chart(PackCharts.Coverage(rollout), 200);
        report.Paragraph("Figure: share of eligible adults who had been displayed the notice, by day, with the campaign's coverage target.", TextStyle.Small);
        report.Attachment("coverage.csv", Csv.Of(["date", "displayed_to_date", "eligible", "coverage"],
            rollout.Coverage.Select(c => new[] { c.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(c.DisplayedToDate), N(c.Eligible), c.Coverage.ToString("0.######", CultureInfo.InvariantCulture) })));

        report.Heading("Objection windows per cohort", 2);
        var windows = rollout.Cohorts.Select(c => new[]
        {
            c.CampaignId, $"{c.CohortCode} · {c.CohortName}", c.FirstDisplayed is { } d ? Day(d) : "not yet", c.TrainingStart is { } t ? Day(t) : "not set",
            c.WindowDays?.ToString(CultureInfo.InvariantCulture) ?? "—", c.MinimumWindowDays.ToString(CultureInfo.InvariantCulture),
            c.BelowMinimum ? "BELOW MINIMUM" : c.WindowDays is null ? "—" : "OK",
        }).ToList();
        report.Table(
        [
            new TableColumn("Campaign", 1.6), new TableColumn("Cohort", 2), new TableColumn("First displayed", 1.3), new TableColumn("Training start", 1.3),
            new TableColumn("Window (days)", 1, CellAlignment.Right), new TableColumn("Minimum", 1, CellAlignment.Right), new TableColumn("", 1.2, CellAlignment.Center),
        ], windows);
        report.Attachment("objection-windows.csv", Csv.Of(["campaign", "cohort", "first_displayed", "training_start", "window_days", "minimum_days", "assessment"], windows));
    }

    private static void Objections(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[5]);
        if (s.Objections is not { } m)
        {
            report.Paragraph("No objection figures.", TextStyle.Emphasis);
            return;
        }
        (string Measure, string Value)[] kpis =
        [
            ("Received", Number(m.Received)), ("Honoured", Number(m.Honoured)), ("Refused (with grounds)", Number(m.Refused)),
            ("Withdrawn", Number(m.Withdrawn)), ("Open at the as-of date (any received date)", Number(m.Pending)), ("Extensions notified", Number(m.ExtensionsNotified)),
            ("Earlier objectors carried over", Number(m.CarriedOver)),
            ("Answered within the legal limit", m.PercentWithinLegalLimit is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—"),
            ("Median time to honour", Hours(m.TimeToHonour.MedianHours)), ("90th percentile", Hours(m.TimeToHonour.P90Hours)),
            ("99th percentile", Hours(m.TimeToHonour.P99Hours)), ("Longest", Hours(m.TimeToHonour.MaxHours)),
            ("Overdue at the as-of date", Number(m.OverdueNow)), ("Due within 7 days", Number(m.DueWithin7Days)),
            ("Objection rate (received ÷ displayed)", m.ObjectionRate is { } rate ? ObjectionRateFormat.Percent(rate) : "—"),
        ];
        report.Heading("Key figures", 2);
        report.Paragraph($"Objections received from {Period(s.Parameters)} (events count on the day they happened). Deadline policy: {s.Jurisdiction.DeadlinePolicy.Describe()}. Percentiles come from one-hour buckets (error at most one hour).", TextStyle.Small);
        report.Table([new TableColumn("Measure", 3), new TableColumn("Value", 1.5, CellAlignment.Right)], kpis.Select(k => (IReadOnlyList<string>)[k.Measure, k.Value]));
        report.Attachment("objection-kpis.csv", Csv.Of(["measure", "value"], kpis.Select(k => new[] { k.Measure, k.Value })));

        report.Heading("Objections per day", 2);
        if (m.Daily.Count > 0)
        {
            report.Chart(PackCharts.Daily(m.Daily), 200);
            report.Paragraph("Figure: objections received and honoured per day (UTC).", TextStyle.Small);
        }
        else report.Paragraph("No objection was received or answered in the period.", TextStyle.Emphasis);
        report.Attachment("objections-daily.csv", Csv.Of(["date", "received", "honoured"],
            m.Daily.Select(d => new[] { d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(d.Received), N(d.Honoured) })));

        report.Heading("Time to honour", 2);
        report.Table([new TableColumn("Time to honour", 2), new TableColumn("Objections", 1, CellAlignment.Right)],
            m.Histogram.Select(h => (IReadOnlyList<string>)[h.Label, Number(h.Count)]));
        report.Attachment("time-to-honour.csv", Csv.Of(["band", "from_hours", "to_hours", "count"],
            m.Histogram.Select(h => new[] { h.Label, h.FromHours.ToString(CultureInfo.InvariantCulture), h.ToHours?.ToString(CultureInfo.InvariantCulture) ?? "", N(h.Count) })));

        report.Heading("Backlog", 2);
        report.Table([new TableColumn("Open objections", 2), new TableColumn("Count", 1, CellAlignment.Right)],
        [
            ["On time", Number(m.Backlog.OnTime)], ["Due within 7 days", Number(m.Backlog.DueSoon)], ["Overdue", Number(m.Backlog.Overdue)],
        ]);

        report.Heading("Breakdowns", 2);
        var breakdowns = m.ByPlatform.Select(b => ("Platform", b)).Concat(m.ByChannel.Select(b => ("Channel", b))).ToList();
        var breakdownRows = breakdowns.Select(x => new[] { x.Item1, x.b.Key, N(x.b.Received), N(x.b.Honoured), N(x.b.Refused), N(x.b.Withdrawn), N(x.b.Pending) }).ToList();
        // The page shows grouped thousands like every other table; the attached CSV keeps plain numbers.
        var breakdownCells = breakdowns.Select(x => new[] { x.Item1, x.b.Key, Number(x.b.Received), Number(x.b.Honoured), Number(x.b.Refused), Number(x.b.Withdrawn), Number(x.b.Pending) }).ToList();
        report.Table(
        [
            new TableColumn("By", 1), new TableColumn("Value", 1.6), new TableColumn("Received", 1, CellAlignment.Right), new TableColumn("Honoured", 1, CellAlignment.Right),
            new TableColumn("Refused", 1, CellAlignment.Right), new TableColumn("Withdrawn", 1, CellAlignment.Right), new TableColumn("Pending", 1, CellAlignment.Right),
        ], breakdownCells);
        report.Attachment("objection-breakdowns.csv", Csv.Of(["by", "value", "received", "honoured", "refused", "withdrawn", "pending"], breakdownRows));

        Extensions(report, s);
        Refusals(report, s);
    }

    /// <summary>At most this many rows of a list are printed; the attached CSV always has every row.</summary>
    public const int ListedRowsCap = 150;

    private static void Extensions(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading("Extensions and their reasons", 2);
        const string file = "extensions.csv";
        var rows = s.Extensions.Select(e => new[]
        {
            e.ObjectionId, e.Platform.Token(), e.Channel.Token(), CsvTime(e.ReceivedAt), CsvTime(e.NotifiedAt), CsvDay(e.DueDate), e.Reason,
        });
        report.Attachment(file, Csv.Of(["objection_id", "platform", "channel", "received_at", "extension_notified_at", "due_date", "reason"], rows));
        if (s.Extensions.Length == 0)
        {
            report.Paragraph("No extension was notified in the period.");
            return;
        }
        report.Paragraph($"Every extension notified from {Period(s.Parameters)}, by notification date ({Number(s.Extensions.Length)} in all). An extension counts only when it was notified within the first period; the due date shown is the one that applied.", TextStyle.Small);
        report.Table(
        [
            new TableColumn("Objection", 2.2), new TableColumn("Received", 1.15), new TableColumn("Extension notified", 1.15), new TableColumn("Due", 1.15),
            new TableColumn("Reason", 2.85),
        ], s.Extensions.Take(ListedRowsCap).Select(e => (IReadOnlyList<string>)[e.ObjectionId, Day(DateOnly.FromDateTime(e.ReceivedAt)), Day(DateOnly.FromDateTime(e.NotifiedAt)), Day(e.DueDate), e.Reason]));
        More(report, s.Extensions.Length, "extensions", file);
    }

    private static void Refusals(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading("Refusals and their grounds", 2);
        const string file = "refusals.csv";
        var rows = s.Refusals.Select(r => new[]
        {
            r.ObjectionId, r.Platform.Token(), r.Channel.Token(), CsvTime(r.ReceivedAt), CsvTime(r.RefusedAt), CsvDay(r.DueDate), r.WithinLegalLimit ? "yes" : "no", r.Grounds,
        });
        report.Attachment(file, Csv.Of(["objection_id", "platform", "channel", "received_at", "refused_at", "due_date", "within_legal_limit", "grounds"], rows));
        if (s.Refusals.Length == 0)
        {
            report.Paragraph("No objection was refused in the period.");
            return;
        }
        report.Paragraph($"Every objection refused from {Period(s.Parameters)}, by date of the answer ({Number(s.Refusals.Length)} in all), with the compelling legitimate grounds recorded for it.", TextStyle.Small);
        report.Table(
        [
            new TableColumn("Objection", 2.2), new TableColumn("Received", 1.15), new TableColumn("Refused", 1.15), new TableColumn("In time", 0.8, CellAlignment.Center),
            new TableColumn("Grounds", 3.2),
        ], s.Refusals.Take(ListedRowsCap).Select(r => (IReadOnlyList<string>)[r.ObjectionId, Day(DateOnly.FromDateTime(r.ReceivedAt)), Day(DateOnly.FromDateTime(r.RefusedAt)), r.WithinLegalLimit ? "yes" : "no", r.Grounds]));
        More(report, s.Refusals.Length, "refusals", file);
    }

    private static void More(ReportBuilder report, int total, string what, string file)
    {
        if (total > ListedRowsCap)
            report.Paragraph($"… and {Number(total - ListedRowsCap)} more {what} — all {Number(total)} are in the attached {file}.", TextStyle.Emphasis);
        else
            report.Paragraph($"The same list is attached as {file}.", TextStyle.Small);
    }

    private static string CsvTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string CsvDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void TrainingRuns(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[6]);
        if (s.TrainingRuns.Length == 0)
        {
            report.Paragraph("No training run was registered for this jurisdiction up to the as-of time.");
            return;
        }
        var rows = s.TrainingRuns.Select(t => new[]
        {
            t.Id, t.DatasetSnapshotId, Time(t.DataCutoffAt), Time(t.ObjectionCutoffAt), N(t.SuppressionListSize),
            N(t.ObjectorsFoundAfterExclusion), t.UnderOverride ? "UNDER OVERRIDE" : "no",
        }).ToList();
        report.Table(
        [
            new TableColumn("Run", 1.4), new TableColumn("Dataset", 1.4), new TableColumn("Data cut-off", 1.5), new TableColumn("Objection cut-off", 1.5),
            new TableColumn("Objectors excluded", 1.1, CellAlignment.Right), new TableColumn("Objectors found after", 1.1, CellAlignment.Right), new TableColumn("Override", 1, CellAlignment.Center),
        ], rows);
        report.Paragraph("Reconciliation: every objector's content must be excluded from a run's dataset; any objector found after exclusion fails check 13. Suppression lists are identified by SHA-256:", TextStyle.Small);
        report.Paragraph(string.Join("\n", s.TrainingRuns.Select(t => $"{t.Id}: {t.SuppressionListSha256}")), TextStyle.Monospace);
        report.Attachment("training-runs.csv", Csv.Of(["run", "dataset", "data_cutoff", "objection_cutoff", "objectors_excluded", "objectors_found_after", "under_override"], rows));
    }

    private static void Checks(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[7]);
        if (s.RatingRun is not { } run)
        {
            report.Paragraph("Not evaluated: no compliance check run was stored for this jurisdiction up to the as-of time.", TextStyle.Emphasis);
        }
        else
        {
            if (s.LatestRun is null)
            {
                report.Paragraph("No compliance check run was stored for this jurisdiction up to the as-of time: the programme's automated monitoring was not on record then, and that gap is itself part of the evidence.", TextStyle.Emphasis);
                report.Paragraph($"RETROSPECTIVE EVALUATION: the checks below were evaluated for this pack as of {Time(run.AsOf)}, from the records the programme had made by then (the rule is in section 13). They show what the checks would have found at that moment, not what anyone saw then.");
            }
            else
                report.Paragraph($"Latest stored run up to the as-of time: {run.Trigger} run by {run.RanBy} at {Time(run.RanAt)}, evaluated as of {Time(run.AsOf)}.");
            var rows = CheckCatalogue.All.Select(c => (Check: c, Result: run.ResultOf(c.Id))).Select(x => new[]
            {
                x.Check.Number.ToString(CultureInfo.InvariantCulture), x.Check.Title, AskTitle(x.Check.Ask), Outcome(x.Result),
                x.Result?.Measured ?? "—", x.Result?.Threshold ?? "—", x.Result?.Explanation ?? "",
            }).ToList();
            report.Table(
            [
                // Measured is wide enough for a campaign code and its figure ("UK-FB-2024: 95.26 %") without breaking the code.
                new TableColumn("#", 0.5, CellAlignment.Right), new TableColumn("Check", 1.8), new TableColumn("Ask", 1.5), new TableColumn("Result", 1.0, CellAlignment.Center),
                new TableColumn("Measured", 1.9), new TableColumn("Threshold", 1.4), new TableColumn("Explanation", 2.2),
            ], rows);
            report.Attachment("checks.csv", Csv.Of(["number", "check", "ask", "result", "measured", "threshold", "explanation"], rows));
        }
        report.Heading("History in the period", 2);
        if (s.RunHistory.Length == 0)
        {
            report.Paragraph("No compliance check run was stored in the period.");
            return;
        }
        var history = s.RunHistory.Select(r => new[]
        {
            Time(r.RanAt), r.Trigger.ToString(), r.RanBy,
            N(r.Results.Count(x => x.Outcome == CheckOutcome.Pass)), N(r.Results.Count(x => x.Outcome == CheckOutcome.Warning)), N(r.Results.Count(x => x.Outcome == CheckOutcome.Fail)),
            string.Join(", ", r.Results.Where(x => x.Outcome == CheckOutcome.Fail).Select(x => CheckCatalogue.Find(x.CheckId)?.Number.ToString(CultureInfo.InvariantCulture) ?? x.CheckId)),
        }).ToList();
        report.Table(
        [
            new TableColumn("Ran at", 1.8), new TableColumn("Trigger", 1.1), new TableColumn("By", 1.4), new TableColumn("Pass", 0.7, CellAlignment.Right),
            new TableColumn("Warn", 0.7, CellAlignment.Right), new TableColumn("Fail", 0.7, CellAlignment.Right), new TableColumn("Failing checks", 1.6),
        ], history);
        report.Attachment("check-history.csv", Csv.Of(["ran_at", "trigger", "by", "pass", "warning", "fail", "failing_checks"], history));
    }

    private static void Timeline(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[8]);
        var events = new List<(DateTime At, string What)>();
        events.AddRange(s.Jurisdiction.StateHistory.Select(h => (h.At, $"Programme {h.From} → {h.To}: {h.Reason}")));
        if (s.Lia is { } lia && lia.Version.ApprovedAt is { } approved)
            events.Add((approved, $"LIA {lia.AssessmentId} version {lia.Version.Number} approved"));
        events.AddRange(s.Campaigns.Select(c => (c.FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), $"Campaign {c.Name} ({c.Platform}) starts")));
        if (s.Rollout?.TargetCrossedOn is { } crossed)
            events.Add((crossed.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), $"Notice coverage crossed the {Percent((double)s.Rollout.CoverageTarget)} target"));
        events.AddRange(s.Interactions.Select(i => (i.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), $"{Direction(i.Direction)}: {i.Summary}")));
        events.AddRange(s.TrainingRuns.Select(t => (t.RegisteredAt, $"Training run {t.Id} registered" + (t.UnderOverride ? " under a gate override" : ""))));
        if (s.Jurisdiction.ActualTrainingStart is { } start)
            events.Add((start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "Training started"));
        var rows = events.Where(e => e.At <= s.Parameters.AsOf).OrderBy(e => e.At).ThenBy(e => e.What, StringComparer.Ordinal)
            .Select(e => (IReadOnlyList<string>)[Day(DateOnly.FromDateTime(e.At)), e.What]).ToList();
        if (rows.Count == 0) report.Paragraph("No key event recorded up to the as-of time.");
        else report.Table([new TableColumn("Date", 1), new TableColumn("Event", 5)], rows);
    }

    private static void Correspondence(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[9]);
        report.Heading("Correspondence", 2);
        if (s.Interactions.Length == 0) report.Paragraph("No letter, e-mail or meeting with the regulator was recorded by the as-of time." + LeftOutOf(s, "regulator interactions"));
        else
            // The reference column fits a regulator's reference such as ICO/STATEMENT/2024-09 on one line.
            report.Table([new TableColumn("Date", 1.1), new TableColumn("Direction", 1.2), new TableColumn("Summary", 3.1), new TableColumn("Reference", 2.1)],
                s.Interactions.Select(i => (IReadOnlyList<string>)[Day(i.Date), Direction(i.Direction), i.Summary, i.Reference.Length > 0 ? i.Reference : "—"]));
        report.Heading("Commitments", 2);
        if (s.Commitments.Length == 0) report.Paragraph("No commitment to the regulator was recorded by the as-of time." + LeftOutOf(s, "commitments"));
        else
            report.Table([new TableColumn("Made on", 1.2), new TableColumn("Commitment", 3), new TableColumn("Status", 1), new TableColumn("Evidence", 2.2), new TableColumn("Met on", 1.2)],
                s.Commitments.Select(c => (IReadOnlyList<string>)[Day(c.MadeOn), c.Text, c.Status == CommitmentStatus.InProgress ? "In progress" : c.Status.ToString(), c.Evidence.Length > 0 ? c.Evidence : "—", c.MetOn is { } met ? Day(met) : "—"]));
    }

    private static void AuditExtract(ReportBuilder report, EvidenceSnapshot s)
    {
        report.Heading(Sections[11]);
        report.Paragraph($"Entries of the hash-chained audit log about {s.Jurisdiction.Name} (its records, assessments, campaigns, regulator log, checks, training runs and packs, or naming its code) from {Period(s.Parameters)}, up to the as-of time. Each hash is SHA-256 of the previous hash and the entry's canonical JSON; the full hashes are in audit-extract.csv.", TextStyle.Small);
        if (s.AuditExtract.Length == 0)
        {
            report.Paragraph("No audit entry in the period.");
            return;
        }
        report.Table(
        [
            // Wide enough for the longest action ("regulator.interaction-recorded"), a hash prefix and a seven-digit sequence number on one line.
            new TableColumn("#", 0.85, CellAlignment.Right), new TableColumn("When (UTC)", 1.4), new TableColumn("Who", 1.1), new TableColumn("Action", 2.7),
            new TableColumn("Summary", 2.25), new TableColumn("Hash", 1.3),
        ], s.AuditExtract.Select(e => (IReadOnlyList<string>)[N(e.Sequence), Time(e.At), e.ActorName, e.Action, e.Summary, e.Hash[..8] + "…"]));
        report.Attachment("audit-extract.csv", Csv.Of(["sequence", "at", "actor", "action", "entity_type", "entity_id", "summary", "previous_hash", "hash"],
            s.AuditExtract.Select(e => new[] { N(e.Sequence), Core.Common.CanonicalJson.Time(e.At), e.ActorName, e.Action, e.EntityType, e.EntityId, e.Summary, e.PreviousHash, e.Hash })));
    }

    private static void Integrity(ReportBuilder report, EvidencePackHeader header, EvidenceSnapshot s)
    {
        report.Heading(Sections[12]);
        report.KeyValues(
            ("Pack id", header.PackId),
            ("Snapshot SHA-256", header.SnapshotSha256),
            ("Audit-chain head as of the as-of time", $"entry {N(s.ChainHead.Count)}, hash {s.ChainHead.Hash}"),
            ("Application version", header.AppVersion),
            ("Snapshot schema", $"{EvidenceSnapshot.Schema}/v{EvidenceSnapshot.SchemaVersion}"),
            ("Generated from", header.Demo ? "a DEMO store (not for submission)" : "the programme's store"));
        report.Heading("What belongs to this pack", 2);
        report.Paragraph($"The pack shows the programme as its records stood at the as-of time T ({Time(s.Parameters.AsOf)}). For each kind of record, this time decides whether it belongs:", TextStyle.Small);
        report.Table([new TableColumn("Records", 2), new TableColumn("Belong when", 5)],
            PackCut.Rules.Select(r => (IReadOnlyList<string>)[r.Records, r.DecidingTime]));
        report.Paragraph(LeftOutSentence(s) ?? "Nothing dated in the period was recorded after the as-of time: no record was left out.",
            s.LeftOut is null ? TextStyle.Body : TextStyle.Emphasis);
        report.Heading("How to verify this pack", 2);
        report.Paragraph(
            "1. Compute the SHA-256 of this PDF file (for example sha256sum pack.pdf) and compare it with the SHA-256 in the submission record you received.\n" +
            "2. Upload the file on the dashboard's Verify page, or send it to POST /api/v1/evidence-packs/verify (body application/pdf, an API key with the read scope), or run \"ComplianceDashboard.Web packs verify pack.pdf\" on the server. The answer says whether this is a pack the system generated, unaltered, with its parameters and release status.\n" +
            "3. The audit-chain head above must still be on the audit chain: the dashboard's audit verification and compliance check 11 check every head recorded in a pack, which reveals entries cut off after the pack was generated.\n" +
            "4. The pack id derives from the parameters and the snapshot SHA-256; generating the pack again with the same parameters returns this same pack, and the same data and application version give a byte-identical PDF (\"ComplianceDashboard.Web packs reproduce " + header.PackId + " --to again.pdf\" renders it again from a copy of the store and compares the bytes).\n" +
            "5. When the controller configured a signing certificate, a digitally signed copy of this PDF is offered beside it; the signature names this pack and its unsigned SHA-256, and the Verify page recognises the signed copy too. This unsigned file remains the reference.");
    }

    /// <summary>The records of the period recorded after the as-of time and left out, in one sentence; null when none.</summary>
    private static string? LeftOutSentence(EvidenceSnapshot s) => s.LeftOut is { Length: > 0 } leftOut
        ? $"Recorded after the as-of time, and so left out of this pack although they concern the period: {List(leftOut.Select(l => l.Describe()))}. A pack as of a later time includes them."
        : null;

    /// <summary>" N campaigns … were recorded after the as-of time and left out (section 13)." for the given kinds, or "" when none was.</summary>
    private static string LeftOutOf(EvidenceSnapshot s, params string[] records)
    {
        var found = (s.LeftOut ?? []).Where(l => records.Contains(l.Records)).Select(l => l.Describe()).ToList();
        return found.Count == 0 ? "" : $" {Capitalise(List(found))} {(found.Count == 1 && s.LeftOut!.First(l => records.Contains(l.Records)).Count == 1 ? "was" : "were")} recorded after it and left out (see section 13).";
    }

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= 1 ? string.Concat(all) : string.Join(", ", all.Take(all.Count - 1)) + " and " + all[^1];
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Direction(InteractionDirection d) => d switch
    {
        InteractionDirection.FromRegulator => "From the regulator",
        InteractionDirection.ToRegulator => "To the regulator",
        _ => "Meeting",
    };

    internal static string AskTitle(RegulatorAsk ask) => ask switch
    {
        RegulatorAsk.Transparency => "Transparency",
        RegulatorAsk.SafeguardsBeforeTraining => "Safeguards before training",
        RegulatorAsk.RouteToObject => "Route to object",
        _ => "Ongoing compliance",
    };
}
