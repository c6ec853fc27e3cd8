using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Demo;

/// <summary>
/// The demo rollout: UK campaigns on Facebook and Instagram notifying three cohorts since about 70 days
/// ago (coverage rising past the 95 % target), the EU campaign paused before sending, Brazil's suspended,
/// and the regulator log of the 2024 story. Runs inside <see cref="DemoProgramme"/>'s write; adds nothing twice.
/// Every record carries the story time a real programme would have recorded it at, and so does its audit entry:
/// a campaign with its notice and cohorts ten days before its planned start, each week's delivery figures the morning
/// after it, correspondence and commitments on their own day.
/// </summary>
public sealed class DemoRollout(ICampaignRepository campaigns, IDeliveryStatsRepository stats, IRegulatorLogRepository log)
{
    private const string Source = "demo data";

    /// <summary>When a campaign, its notice and its cohorts were set up: ten days before its planned start, in the morning.</summary>
    public static DateTime RecordedAt(Campaign campaign) => campaign.PlannedStart.AddDays(-10).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);

    /// <summary>
    /// When a week's delivery figures (up to <paramref name="lastDay"/>) were imported: the next morning, by the weekly pipeline;
    /// the story's last, unfinished week at the end of its last day.
    /// </summary>
    public static DateTime ImportedAt(DateOnly lastDay, DateOnly yesterday) => lastDay < yesterday
        ? lastDay.AddDays(1).ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc)
        : yesterday.ToDateTime(new TimeOnly(23, 30), DateTimeKind.Utc);

    /// <summary>When correspondence or a commitment of a day was entered in the regulator log: that afternoon.</summary>
    public static DateTime LoggedAt(DateOnly day) => day.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc);

    /// <summary>Adds what is missing; returns the number of records added (a week's figures of a campaign count as one import).</summary>
    public Result<int> Seed(DateOnly yesterday, DemoJournal journal)
    {
        var added = 0;
        var storyStart = DateOnly.FromDateTime(DemoStory.Start(yesterday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        var ukStart = yesterday.AddDays(-69);

        foreach (var plan in Campaigns(yesterday, storyStart, ukStart))
        {
            if (campaigns.Find(plan.Campaign.Id) is not null) continue;
            var recorded = RecordedAt(plan.Campaign);
            var saved = campaigns.Save(plan.Campaign with { CreatedAt = recorded });
            if (!saved.Succeeded) return Result<int>.Fail(saved.Failure!);
            journal.Record(recorded, "campaign.created", CampaignService.EntityType, plan.Campaign.Id, $"Demo: created campaign {plan.Campaign.Name} for {plan.Campaign.JurisdictionCode} on {plan.Campaign.Platform}, planned from {plan.Campaign.PlannedStart:yyyy-MM-dd}");
            added++;
            var notice = plan.Notice with { Id = $"{plan.Campaign.Id}-v1", CampaignId = plan.Campaign.Id, CreatedAt = recorded.AddMinutes(5) };
            campaigns.SaveNotice(notice);
            journal.Record(notice.CreatedAt, "notice.created", CampaignService.NoticeEntityType, notice.Id, $"Demo: notice {notice.Label} for {plan.Campaign.Id}; text SHA-256 {CanonicalJson.Sha256Hex(notice.Text)}");
            added++;
            foreach (var (code, size, offset) in plan.Cohorts)
            {
                var cohort = new Cohort
                {
                    Id = Cohort.IdOf(plan.Campaign.Id, code), CampaignId = plan.Campaign.Id, Code = code, Name = $"Wave {code[^1]}",
                    TargetCount = size, SendFrom = plan.Campaign.FirstDay.AddDays(offset), SendTo = plan.Campaign.FirstDay.AddDays(offset + 6),
                    NoticeVersionId = notice.Id, CreatedAt = recorded.AddMinutes(10),
                };
                campaigns.SaveCohort(cohort);
                journal.Record(cohort.CreatedAt, "cohort.created", CampaignService.CohortEntityType, cohort.Id, $"Demo: cohort {code} of {plan.Campaign.Id}, target {size:N0}");
                added++;
            }
            if (plan.WithFigures)
            {
                var first = plan.Campaign.FirstDay;
                foreach (var week in Figures(plan, yesterday).GroupBy(r => (r.Date.DayNumber - first.DayNumber) / 7).OrderBy(g => g.Key))
                {
                    foreach (var row in week) stats.Upsert(row);
                    var (from, to) = (week.Min(r => r.Date), week.Max(r => r.Date));
                    var count = week.Count();
                    journal.Record(ImportedAt(to, yesterday), "rollout.delivery-stats-imported", DeliveryImportService.EntityType, plan.Campaign.Id,
                        $"Demo: imported {count} rows from {Source} for {plan.Campaign.Id}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: {count} inserted, 0 replaced, 0 unchanged");
                    added++;
                }
            }
        }

        foreach (var (code, interactions, commitments) in RegulatorStory(storyStart))
        {
            if (log.InteractionsOf(code).Count > 0 || log.CommitmentsOf(code).Count > 0) continue;
            foreach (var i in interactions)
            {
                var saved = log.Save(i with { Id = $"{code}-{i.Date:yyyyMMdd}-{i.Direction}", JurisdictionCode = code, RecordedAt = LoggedAt(i.Date), RecordedBy = "Demo data" });
                if (!saved.Succeeded) return Result<int>.Fail(saved.Failure!);
                journal.Record(saved.Value.RecordedAt, "regulator.interaction-recorded", RegulatorLogService.InteractionEntityType, saved.Value.Id, $"Demo: {code} {i.Date:yyyy-MM-dd} {i.Direction}: {i.Summary}");
                added++;
            }
            var n = 0;
            foreach (var c in commitments)
            {
                var saved = log.Save(c with { Id = $"{code}-commitment-{++n}", JurisdictionCode = code, RecordedAt = LoggedAt(c.MadeOn).AddMinutes(n) });
                if (!saved.Succeeded) return Result<int>.Fail(saved.Failure!);
                journal.Record(saved.Value.RecordedAt, "regulator.commitment-added", RegulatorLogService.CommitmentEntityType, saved.Value.Id,
                    $"Demo: {code} committed to \"{c.Text}\" ({(c.MetOn is null ? c.Status : CommitmentStatus.InProgress)})");
                if (c.MetOn is { } met)
                    journal.Record(LoggedAt(met).AddMinutes(n), "regulator.commitment-updated", RegulatorLogService.CommitmentEntityType, saved.Value.Id,
                        $"Demo: {code} commitment \"{c.Text}\" {c.Status} on {met:yyyy-MM-dd}: {c.Evidence}");
                added++;
            }
        }
        return added;
    }

    private sealed record CampaignPlan(Campaign Campaign, NoticeVersion Notice, (string Code, long Size, int Offset)[] Cohorts, bool WithFigures);

    private static IEnumerable<CampaignPlan> Campaigns(DateOnly yesterday, DateOnly storyStart, DateOnly ukStart)
    {
        const string ukText =
            "We're updating our Privacy Policy as we expand AI on our apps. We will use public information, such as public posts, comments, photos and captions, " +
            "from accounts of adults in the UK to develop and improve AI. You have the right to object: use this form. You don't need to give a reason, " +
            "and if you object we will honour it from now on, including any objection you sent us before.";
        Campaign Uk(Platform platform, string code, string name) => new()
        {
            Id = code, JurisdictionCode = "UK", Platform = platform, Name = name, Status = CampaignStatus.Sending,
            PlannedStart = ukStart.AddDays(-3), PlannedEnd = yesterday.AddDays(21), ActualStart = ukStart,
        };
        yield return new(Uk(Platform.Facebook, "UK-FB-2024", "UK Facebook notification"),
            new NoticeVersion { Label = "v1", Text = ukText, Language = "en-GB", Channel = NoticeChannel.InApp, EffectiveFrom = ukStart },
            [("wave-1", 21_000_000, 0), ("wave-2", 12_500_000, 14), ("wave-3", 7_800_000, 35)], WithFigures: true);
        yield return new(Uk(Platform.Instagram, "UK-IG-2024", "UK Instagram notification"),
            new NoticeVersion { Label = "v1", Text = ukText, Language = "en-GB", Channel = NoticeChannel.InApp, EffectiveFrom = ukStart },
            [("wave-1", 11_000_000, 0), ("wave-2", 7_200_000, 14), ("wave-3", 4_600_000, 35)], WithFigures: true);
        yield return new(new Campaign
            {
                Id = "EU-FB-2024", JurisdictionCode = "EU", Platform = Platform.Facebook, Name = "EU Facebook notification", Status = CampaignStatus.Paused,
                PlannedStart = storyStart.AddDays(26), PlannedEnd = storyStart.AddDays(56),
            },
            new NoticeVersion
            {
                Label = "v1", Language = "en-IE", Channel = NoticeChannel.InApp, EffectiveFrom = storyStart.AddDays(26),
                Text = "We're updating our Privacy Policy. We will use public content from adults' accounts in the EU to develop AI. You have the right to object.",
            },
            [("wave-1", 180_000_000, 0)], WithFigures: false);
        yield return new(new Campaign
            {
                Id = "BR-FB-2024", JurisdictionCode = "BR", Platform = Platform.Facebook, Name = "Brazil Facebook notification", Status = CampaignStatus.Suspended,
                PlannedStart = storyStart.AddDays(10), PlannedEnd = storyStart.AddDays(70),
            },
            new NoticeVersion
            {
                Label = "v1", Language = "pt-BR", Channel = NoticeChannel.Email, EffectiveFrom = storyStart.AddDays(10),
                Text = "Estamos atualizando nossa Política de Privacidade. Usaremos conteúdo público de contas de adultos no Brasil para desenvolver IA. Você tem o direito de se opor.",
            },
            [("wave-1", 60_000_000, 0)], WithFigures: false);
    }

    /// <summary>Daily rows for each cohort from its start to yesterday: most people see the in-app notice within weeks; e-mail reaches a few more.</summary>
    private static IEnumerable<DailyDeliveryStats> Figures(CampaignPlan plan, DateOnly yesterday)
    {
        var campaign = plan.Campaign;
        foreach (var (code, size, offset) in plan.Cohorts)
        {
            var first = campaign.FirstDay.AddDays(offset);
            long displayedSoFar = 0;
            var reach = (long)(size * 0.975);
            var seed = code.Length * 7 + offset;
            for (var day = first; day <= yesterday; day = day.AddDays(1))
            {
                var age = day.DayNumber - first.DayNumber;
                var jitter = 1 + ((seed + age * 37) % 11 - 5) / 100.0;
                var displayed = (long)((reach - displayedSoFar) * Math.Min(0.95, (age < 7 ? 0.16 : 0.11) * jitter));
                displayedSoFar += displayed;
                var delivered = Math.Min(size, (long)(displayed * 1.015));
                var sent = Math.Min(size, (long)(delivered * 1.008));
                var formOpened = (long)(displayed * 0.0042);
                yield return Row(campaign, code, day, NoticeChannel.InApp, size, sent, delivered, displayed, formOpened,
                    (long)(formOpened * 0.46), age < 7 ? size / 2500 : 0, age < 7 ? size / 90 : size / 4000);
                if (age >= 7 && age % 7 == 0)
                {
                    var emailSent = Math.Min(size, (long)(displayed * 0.02) + 1000);
                    var emailDisplayed = (long)(emailSent * 0.3);
                    yield return Row(campaign, code, day, NoticeChannel.Email, size, emailSent, (long)(emailSent * 0.9), emailDisplayed,
                        (long)(emailDisplayed * 0.006), (long)(emailDisplayed * 0.003), 0, 0);
                }
            }
        }
    }

    private static DailyDeliveryStats Row(Campaign campaign, string cohort, DateOnly day, NoticeChannel channel, long eligible, long sent, long delivered,
        long displayed, long formOpened, long objections, long suppressed, long minors) => new DailyDeliveryStats
    {
        CampaignId = campaign.Id, CohortCode = cohort, Date = day, Platform = campaign.Platform, Channel = channel, Eligible = eligible,
        Sent = sent, Delivered = delivered, Displayed = displayed, FormOpened = formOpened, ObjectionsSubmitted = objections,
        SuppressedPriorObjectors = suppressed, PriorObjectorsContacted = 0, MinorsExcluded = minors,
    }.WithKey();

    private static IEnumerable<(string Code, RegulatorInteraction[] Interactions, RegulatorCommitment[] Commitments)> RegulatorStory(DateOnly start)
    {
        RegulatorInteraction I(int day, InteractionDirection direction, string summary, string reference) =>
            new() { Date = start.AddDays(day), Direction = direction, Summary = summary, Reference = reference };
        RegulatorCommitment C(int day, string text, CommitmentStatus status, string evidence = "", int? metDay = null) =>
            new() { MadeOn = start.AddDays(day), Text = text, Status = status, Evidence = evidence, MetOn = metDay is { } m ? start.AddDays(m) : null };

        yield return ("UK",
        [
            I(-14, InteractionDirection.ToRegulator, "Briefed the ICO on the plan to train AI on UK adults' public posts under legitimate interests, with the LIA summary.", "ICO/CASE/2024-0412"),
            I(23, InteractionDirection.FromRegulator, "The ICO asked us to pause and review the plans in light of its questions on transparency and the right to object.", "ICO/CASE/2024-0412"),
            I(24, InteractionDirection.ToRegulator, "Confirmed the pause of UK training and notifications while we engage with the ICO.", "ICO/CASE/2024-0412"),
            I(62, InteractionDirection.Meeting, "Meeting with the ICO on the notice wording, the objection route and the objection window.", "ICO/CASE/2024-0412"),
            I(108, InteractionDirection.ToRegulator, "Sent the ICO our revised approach: simpler objection form, longer objection window, earlier objections honoured, no re-contact of objectors.", "ICO/CASE/2024-0412"),
            I(118, InteractionDirection.FromRegulator, "ICO statement: it does not approve the processing; it will monitor, and expects us to demonstrate compliance on an ongoing basis.", "ICO/STATEMENT/2024-09"),
        ],
        [
            C(108, "Simpler objection form: one screen, no reason required", CommitmentStatus.Met, "Objection form reduced to one screen with no free-text reason; live in both apps", 120),
            C(108, "Longer objection window: at least 30 days between first display and training start", CommitmentStatus.Met, "Minimum objection window of 30 days set on UK-FB-2024 and UK-IG-2024; every cohort's window is above it on the Rollout page", 120),
            C(108, "Honour objections received before the pause without asking again", CommitmentStatus.Met, "Earlier objectors suppressed from sending; zero earlier objectors contacted in the delivery figures", 121),
            C(118, "Report rollout coverage and objection handling to the ICO every month until training starts", CommitmentStatus.InProgress),
        ]);
        yield return ("EU",
        [
            I(-20, InteractionDirection.ToRegulator, "Informed the DPC of the planned notification campaign and training on EU adults' public content.", "DPC/2024/LI-117"),
            I(23, InteractionDirection.FromRegulator, "The DPC requested that training on public content of EU users be delayed pending its review, with other EU authorities.", "DPC/2024/LI-117"),
            I(24, InteractionDirection.ToRegulator, "Confirmed the pause: EU notifications stopped before sending and no EU data used for training.", "DPC/2024/LI-117"),
        ],
        [
            C(24, "Do not train on EU users' public content until the DPC's review concludes", CommitmentStatus.InProgress),
        ]);
        yield return ("BR",
        [
            I(41, InteractionDirection.FromRegulator, "ANPD preventive order suspending the processing of personal data for AI training, with a daily fine for non-compliance.", "ANPD preventive measure 2024"),
            I(44, InteractionDirection.ToRegulator, "Confirmed compliance with the preventive order: processing for AI training suspended in Brazil.", "ANPD preventive measure 2024"),
            I(80, InteractionDirection.Meeting, "Meeting with the ANPD on a compliance plan: transparency, the objection route and data of minors.", "ANPD preventive measure 2024"),
        ],
        [
            C(44, "Suspend processing of Brazilian users' data for AI training while the order stands", CommitmentStatus.Met, "Training pipelines exclude BR accounts; campaign BR-FB-2024 suspended", 44),
            C(80, "Submit a compliance plan covering transparency, objections and minors' data", CommitmentStatus.InProgress),
        ]);
    }
}
