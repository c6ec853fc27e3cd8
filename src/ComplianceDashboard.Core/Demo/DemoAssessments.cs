using ComplianceDashboard.Core.Assessments;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Demo;

/// <summary>
/// The demo's assessments: the UK one approved twice (the first version superseded after engaging the ICO: an
/// unconditional objection form and a longer window), on the ICO template; the EU one sent back with reviewer
/// comments, then withdrawn for a version on the AI template (EDPB Opinion 28/2024) that a reviewer who did not
/// edit it approved.
/// </summary>
public sealed class DemoAssessments(IAssessmentRepository assessments)
{
    public const string UkId = "lia-uk-ai-training";
    public const string EuId = "lia-eu-ai-training";
    private const string Officer = "user:officer@demo.example";
    private const string OfficerName = "Olivia Officer";
    private const string Legal = "user:legal@demo.example";
    private const string LegalName = "Leo Legal";
    private const string Dpo = "user:dpo@demo.example";
    private const string DpoName = "Dana DPO";

    /// <summary>Adds what is missing, inside the caller's transaction, with its audit entries at the story's times; returns how many assessments it added.</summary>
    public Result<int> Seed(DateTime end, DemoJournal journal)
    {
        var added = 0;
        foreach (var assessment in Story(end).Where(a => assessments.Find(a.Id) is null))
        {
            var saved = assessments.Save(assessment);
            if (!saved.Succeeded) return saved.Failure!;
            Journal(assessment, journal);
            added++;
        }
        return added;
    }

    /// <summary>The entries the assessment service would have written along the way: each version started, and every change of status.</summary>
    private static void Journal(Assessment assessment, DemoJournal journal)
    {
        foreach (var version in assessment.Versions)
        {
            journal.Record(version.CreatedAt, version.Number == 1 ? "assessment.created" : "assessment.revised", AssessmentService.EntityType, assessment.Id,
                version.Number == 1
                    ? $"Demo: created '{version.Title}' v1 as a draft ({string.Join(", ", version.Jurisdictions)})"
                    : $"Demo: started v{version.Number} of '{version.Title}' as a draft copied from approved v{version.BasedOn}");
            foreach (var move in version.History)
            {
                var action = move.To switch
                {
                    AssessmentStatus.InReview => "assessment.submitted",
                    AssessmentStatus.Approved => "assessment.approved",
                    AssessmentStatus.Superseded => "assessment.superseded",
                    AssessmentStatus.ChangesRequested => "assessment.changes-requested",
                    _ => "assessment.status-changed",
                };
                journal.Record(move.At, action, AssessmentService.EntityType, assessment.Id,
                    $"Demo: v{version.Number} of '{version.Title}': {move.From.Describe()} → {move.To.Describe()}" +
                    (move.To == AssessmentStatus.Approved ? $"; content SHA-256 {version.ContentHash}" : move.Note.Length > 0 ? $": {move.Note}" : ""));
            }
        }
    }

    private static IEnumerable<Assessment> Story(DateTime end)
    {
        // Same anchor as the jurisdictions' story: notices from day 0, UK pause day 23, UK resumption day 120.
        var start = DemoStory.Start(end);
        DateTime Day(double offset) => DateTime.SpecifyKind(start.AddDays(offset).AddHours(10), DateTimeKind.Utc);
        DateOnly Date(int offset) => DateOnly.FromDateTime(start.AddDays(offset));
        var today = DateOnly.FromDateTime(end).AddDays(1);
        var noticesSent = Date(0);
        var resumed = Date(120);
        var allTriggers = Enum.GetValues<ReviewTrigger>();

        // United Kingdom, v1: approved before the first notices; the DPO's advice on the window was not followed.
        var ukV1 = new AssessmentVersion
        {
            Number = 1, Title = "AI model training on public posts — United Kingdom", Jurisdictions = ["UK"],
            Answers = DemoAssessmentAnswers.UkFirst(noticesSent, resumed), ReviewTriggers = allTriggers,
            CreatedAt = Day(-40), CreatedBy = OfficerName, UpdatedAt = Day(-26), Editors = [Officer],
            DpoAdvice = new DpoAdvice { Advice = "Give people at least 30 days to object and do not ask for a reason: an objection form that asks why looks conditional.", ById = Dpo, ByName = DpoName, At = Day(-20) },
        };
        ukV1 = Approve(UkId, ukV1 with
        {
            Comments = [Comment("c-uk1-1", "SG-WINDOW", Legal, LegalName, "Legal reviewer", Day(-21), "14 days is the minimum we can defend; record why it is enough.")],
            History = [Move(AssessmentStatus.Draft, AssessmentStatus.InReview, Officer, OfficerName, Day(-25), "")],
            DpoAdviceFollowed = false,
            DpoAdviceNotFollowedReason = "14 days with an email fallback was judged sufficient for launch; to be revisited after the first notice round.",
        }, Day(-14), DateOnly.FromDateTime(Day(-14)).AddMonths(12));

        // United Kingdom, v2: revised after engaging the ICO, approved with the DPO's advice followed.
        var ukV2 = new AssessmentVersion
        {
            Number = 2, Title = ukV1.Title, Jurisdictions = ["UK"], BasedOn = 1,
            Answers = DemoAssessmentAnswers.UkCurrent(noticesSent, resumed), ReviewTriggers = allTriggers,
            CreatedAt = Day(95), CreatedBy = OfficerName, UpdatedAt = Day(104), Editors = [Officer],
            DpoAdvice = new DpoAdvice { Advice = "Proceed. Check weekly in the rollout data that no earlier objector is sent the notice, and re-run this assessment if the objection rate rises sharply.", ById = Dpo, ByName = DpoName, At = Day(108) },
        };
        // The reviewer set an early review date: the assessment is to be reviewed after the first training run.
        ukV2 = Approve(UkId, ukV2 with
        {
            Comments = [Comment("c-uk2-1", "C-OPTOUT", Dpo, DpoName, "DPO", Day(107), "Good: the reason field is gone and earlier objections carry over.")],
            History = [Move(AssessmentStatus.Draft, AssessmentStatus.InReview, Officer, OfficerName, Day(105), "")],
            DpoAdviceFollowed = true,
        }, Day(115), today.AddDays(25));
        ukV1 = ukV1 with
        {
            Status = AssessmentStatus.Superseded, SupersededBy = 2,
            History = [.. ukV1.History, Move(AssessmentStatus.Approved, AssessmentStatus.Superseded, Legal, LegalName, Day(115), "Superseded by v2")],
        };
        yield return new Assessment
        {
            Id = UkId, OwnerId = Officer, OwnerName = OfficerName, CreatedAt = Day(-40), UpdatedAt = Day(115),
            Versions = [ukV1, ukV2], IsDemo = true,
        };

        // European Union, v1: submitted after the DPC's request to pause, sent back while the DPC reviews the programme.
        var euV1 = new AssessmentVersion
        {
            Number = 1, Title = "AI model training on public posts — European Union", Jurisdictions = ["EU"],
            Answers = DemoAssessmentAnswers.Eu(noticesSent, Date(28)), ReviewTriggers = allTriggers,
            CreatedAt = Day(-35), CreatedBy = OfficerName, UpdatedAt = Day(29), Editors = [Officer],
            DpoAdvice = new DpoAdvice { Advice = "Do not resume until the DPC has concluded its review; the objection window and the suppression of earlier objectors must be implemented, not planned.", ById = Dpo, ByName = DpoName, At = Day(41) },
            Comments =
            [
                Comment("c-eu-1", "A8", Legal, LegalName, "Legal reviewer", Day(40), "A8 is empty. Add the AI Act analysis for general-purpose models and the text-and-data-mining position."),
                Comment("c-eu-2", "SG-WINDOW", Legal, LegalName, "Legal reviewer", Day(40), "A planned window is not a safeguard in place. State the window the DPC has been told about."),
                Comment("c-eu-3", "C-CHILDREN", Dpo, DpoName, "DPO", Day(41), "Explain how adults' posts showing children are filtered in every EU language, not only English."),
                Comment("c-eu-4", "", Legal, LegalName, "Legal reviewer", Day(42), "Hold resubmission until the DPC's questions are answered."),
            ],
        };
        var euHash = AssessmentContent.Hash(EuId, euV1);
        euV1 = euV1 with
        {
            Status = AssessmentStatus.ChangesRequested,
            History =
            [
                Move(AssessmentStatus.Draft, AssessmentStatus.InReview, Officer, OfficerName, Day(30), ""),
                Move(AssessmentStatus.InReview, AssessmentStatus.ChangesRequested, Legal, LegalName, Day(42), "Complete A8, make the objection window and the suppression of earlier objectors concrete, and answer the DPC's questions first."),
                Move(AssessmentStatus.ChangesRequested, AssessmentStatus.Withdrawn, Officer, OfficerName, Day(150), "Replaced by v2 on the AI model development template (EDPB Opinion 28/2024)."),
            ],
            SignOffs = [new SignOff { ById = Legal, ByName = LegalName, Role = "Legal reviewer", At = Day(42), Decision = SignOffDecision.ChangesRequested, ContentHash = euHash }],
        };
        euV1 = euV1 with { Status = AssessmentStatus.Withdrawn };

        // European Union, v2: moved to the AI template after the EDPB's Opinion 28/2024, with the mitigating measures
        // the balancing relies on verified; drafted by the officer, approved by a legal reviewer who did not edit it.
        var euV2 = new AssessmentVersion
        {
            Number = 2, Title = euV1.Title, Jurisdictions = ["EU"], BasedOn = 1,
            Answers = DemoAssessmentAnswers.EuOnAiTemplate(noticesSent, Date(28), Date(160)), ReviewTriggers = allTriggers,
            CreatedAt = Day(150), CreatedBy = OfficerName, UpdatedAt = Day(164), Editors = [Officer],
            DpoAdvice = new DpoAdvice { Advice = "Proceed on this template. Do not claim the model is anonymous while the regurgitation test fails; verify every measure the balancing relies on before training.", ById = Dpo, ByName = DpoName, At = Day(166) },
        }.On(AssessmentTemplates.AiModelDevelopment);
        euV2 = Approve(EuId, euV2 with
        {
            Comments = [Comment("c-eu2-1", "C-EXP-AWARE", Legal, LegalName, "Legal reviewer", Day(167), "Good: the answer is candid about forgotten posts, which is what the Opinion asks us to weigh.")],
            History = [Move(AssessmentStatus.Draft, AssessmentStatus.InReview, Officer, OfficerName, Day(165), "")],
            DpoAdviceFollowed = true,
        }, Day(170), DateOnly.FromDateTime(Day(170)).AddMonths(12));
        yield return new Assessment
        {
            Id = EuId, OwnerId = Officer, OwnerName = OfficerName, CreatedAt = Day(-35), UpdatedAt = Day(170),
            Versions = [euV1, euV2], IsDemo = true,
        };
    }

    private static AssessmentVersion Approve(string id, AssessmentVersion version, DateTime at, DateOnly nextReview)
    {
        var hash = AssessmentContent.Hash(id, version);
        return version with
        {
            Status = AssessmentStatus.Approved, ContentHash = hash, ApprovedAt = at, NextReviewDate = nextReview,
            History = [.. version.History, Move(AssessmentStatus.InReview, AssessmentStatus.Approved, Legal, LegalName, at, "")],
            SignOffs = [new SignOff { ById = Legal, ByName = LegalName, Role = "Legal reviewer", At = at, Decision = SignOffDecision.Approved, ContentHash = hash }],
        };
    }

    private static StatusChange Move(AssessmentStatus from, AssessmentStatus to, string byId, string byName, DateTime at, string note) =>
        new() { From = from, To = to, At = at, ById = byId, ByName = byName, Note = note };

    private static ReviewComment Comment(string id, string key, string byId, string byName, string role, DateTime at, string text) =>
        new() { Id = id, QuestionKey = key, AuthorId = byId, AuthorName = byName, AuthorRole = role, At = at, Text = text };
}
