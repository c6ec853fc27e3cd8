using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Assessments;

/// <summary>What an officer saves to a draft: title, jurisdictions, answers and the triggers that call for review.</summary>
public sealed record DraftContent(string Title, string[] Jurisdictions, Answer[] Answers, ReviewTrigger[] ReviewTriggers)
{
    public static DraftContent From(AssessmentVersion v) => new(v.Title, v.Jurisdictions, v.Answers, v.ReviewTriggers);
}

/// <summary>
/// What the approver gives: their re-authentication (<see cref="Password"/> again and a <see cref="Code"/> when they use an
/// authenticator app, or the <see cref="Ticket"/> of their re-authentication at the identity provider), whether the DPO's
/// advice was followed (and why not), the next review date.
/// </summary>
public sealed record Approval(string Password, bool? DpoAdviceFollowed = null, string? NotFollowedReason = null, DateOnly? NextReviewDate = null,
    string? Code = null, SignOffTicket? Ticket = null)
{
    public SignOffProof Proof => new(Password, Code, Ticket);
}

/// <summary>
/// The review workflow of legitimate interests assessments: Draft → In review → Changes requested ↔ In review →
/// Approved → Superseded, plus Withdrawn. Officers draft and submit; legal reviewers and the DPO comment; the DPO
/// advises; only a legal reviewer who did not edit a version approves it, after re-entering their password.
/// </summary>
public sealed class AssessmentService(
    IAssessmentRepository assessments, IUserRepository users, IAuditLog audit, IUnitOfWork store,
    StepUp stepUp, TimeProvider clock)
{
    public const string EntityType = "Assessment";

    public IReadOnlyList<Assessment> All() => assessments.All().OrderBy(a => a.Latest().Title, StringComparer.Ordinal).ToList();

    public Assessment? Find(string id) => assessments.Find(id);

    public Result<Assessment> Create(Actor actor, string title, string[] jurisdictions, AssessmentTemplate? template = null)
    {
        template ??= AssessmentTemplates.IcoLegitimateInterests;
        if (actor.Require(Permission.DraftAssessments) is { } denied) return denied;
        if (ValidateHeader(title, jurisdictions) is { } invalid) return invalid;
        var now = clock.UtcNowMs();
        var id = "lia-" + Guid.NewGuid().ToString("N")[..8];
        var version = new AssessmentVersion
        {
            Number = 1, Status = AssessmentStatus.Draft, Title = title.Trim(), Jurisdictions = CleanJurisdictions(jurisdictions),
            Answers = [], ReviewTriggers = Enum.GetValues<ReviewTrigger>(), CreatedAt = now, CreatedBy = actor.DisplayName,
            UpdatedAt = now, Editors = [actor.Id], TemplateId = template.Id, TemplateVersion = template.Version,
        };
        return store.Write(() =>
        {
            var saved = assessments.Save(new Assessment
            {
                Id = id, OwnerId = actor.Id, OwnerName = actor.DisplayName, CreatedAt = now, UpdatedAt = now, Versions = [version],
            });
            if (saved.Succeeded)
                audit.Append(actor, "assessment.created", EntityType, id, $"Created '{version.Title}' v1 as a draft ({string.Join(", ", version.Jurisdictions)}) on the template {template.Label}");
            return saved;
        });
    }

    /// <summary>Saves a draft's content over the copy the editor loaded (<paramref name="expectedVersion"/>); a stale copy is a conflict.</summary>
    public Result<Assessment> SaveDraft(Actor actor, string id, int expectedVersion, int number, DraftContent content)
    {
        if (actor.Require(Permission.DraftAssessments) is { } denied) return denied;
        var errors = new List<string>();
        if (ValidateHeader(content.Title, content.Jurisdictions) is { Details: { } header }) errors.AddRange(header);
        var answers = new List<Answer>();
        foreach (var answer in content.Answers)
        {
            if (QuestionCatalogue.Find(answer.Key) is not { } question)
            {
                errors.Add($"There is no question with key '{answer.Key}'.");
                continue;
            }
            errors.AddRange(answer.Problems(question));
            answers.Add(answer.Normalised());
        }
        if (answers.GroupBy(a => a.Key).Any(g => g.Count() > 1)) errors.Add("Each question can be answered only once.");
        if (errors.Count > 0) return Failure.Validation("The draft was not saved.", errors);

        return store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            if (current.Version != expectedVersion)
                return Failure.Conflict("Someone else saved this assessment after you opened it. Reload to see their changes, then apply yours again.");
            if (current.FindVersion(number) is not { } version) return NoVersion(id, number);
            if (!version.IsEditable())
                return Failure.Validation($"Version {number} is {version.Status.Describe().ToLowerInvariant()} and cannot be edited.{(version.Status == AssessmentStatus.Approved ? " Use Revise to start a new version." : "")}");
            var template = version.Template();
            if (answers.Where(a => !template.Has(a.Key)).Select(a => a.Key).ToList() is { Count: > 0 } foreign)
                return Failure.Validation("The draft was not saved.",
                    foreign.Select(k => $"{k}: version {number} uses the template {template.Label}, which has no question {k}.").ToList());
            var changed = version with
            {
                Title = content.Title.Trim(),
                Jurisdictions = CleanJurisdictions(content.Jurisdictions),
                Answers = answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray(),
                ReviewTriggers = content.ReviewTriggers.Distinct().Order().ToArray(),
                UpdatedAt = clock.UtcNowMs(),
                Editors = version.Editors.Contains(actor.Id) ? version.Editors : [.. version.Editors, actor.Id],
            };
            var changedKeys = template.Questions.Where(q => version.AnswerTo(q.Key) != changed.AnswerTo(q.Key)
                && !(version.AnswerTo(q.Key).Text == changed.AnswerTo(q.Key).Text && version.AnswerTo(q.Key).DescribeValue(q) == changed.AnswerTo(q.Key).DescribeValue(q)))
                .Select(q => q.Key).ToList();
            var saved = assessments.Save(current.WithVersion(changed) with { UpdatedAt = changed.UpdatedAt });
            if (saved.Succeeded)
                audit.Append(actor, "assessment.saved", EntityType, id,
                    $"Saved v{number} of '{changed.Title}'" + (changedKeys.Count > 0 ? $"; answers changed: {string.Join(", ", changedKeys)}" : "; no answer changed"));
            return saved;
        });
    }

    public Result<Assessment> Submit(Actor actor, string id, int number)
    {
        if (actor.Require(Permission.DraftAssessments) is { } denied) return denied;
        return Transition(actor, id, number, "assessment.submitted", AssessmentStatus.InReview, "", version =>
        {
            if (!version.IsEditable())
                return Failure.Validation($"Only a draft or a version with changes requested can be submitted; v{number} is {version.Status.Describe().ToLowerInvariant()}.");
            var missing = AssessmentContent.MissingRequired(version);
            return missing.Count > 0
                ? Failure.Validation($"Version {number} cannot be submitted while {missing.Count} required answer{(missing.Count == 1 ? " is" : "s are")} empty.", missing.Select(k => $"{k}: {version.Template().Find(k)!.Text}").ToList())
                : null;
        });
    }

    public Result<Assessment> RequestChanges(Actor actor, string id, int number, string note)
    {
        if (actor.Require(Permission.RequestAssessmentChanges) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(note)) return Failure.Validation("Say what needs to change.");
        var role = RoleOf(actor);
        return Transition(actor, id, number, "assessment.changes-requested", AssessmentStatus.ChangesRequested, note.Trim(),
            version => version.Status == AssessmentStatus.InReview ? null
                : Failure.Validation($"Changes can only be requested on a version in review; v{number} is {version.Status.Describe().ToLowerInvariant()}."),
            (assessment, version, now) => version with
            {
                SignOffs = [.. version.SignOffs, new SignOff
                {
                    ById = actor.Id, ByName = actor.DisplayName, Role = role, At = now, Decision = SignOffDecision.ChangesRequested,
                    ContentHash = AssessmentContent.Hash(assessment.Id, version),
                }],
            });
    }

    public Result<Assessment> Withdraw(Actor actor, string id, int number, string reason)
    {
        if (actor.Require(Permission.DraftAssessments) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(reason)) return Failure.Validation("Give a reason for withdrawing the version.");
        return Transition(actor, id, number, "assessment.withdrawn", AssessmentStatus.Withdrawn, reason.Trim(),
            version => version.IsOpen() ? null
                : Failure.Validation($"Only a version that is not yet approved can be withdrawn; v{number} is {version.Status.Describe().ToLowerInvariant()}."));
    }

    /// <summary>Approves a version in review: the approver re-enters their password; the previous approved version is superseded.</summary>
    public Result<Assessment> Approve(Actor actor, string id, int number, Approval approval)
    {
        if (actor.Require(Permission.ApproveAssessments) is { } denied) return denied;
        if (UserOf(actor) is not { } approver)
            return Failure.Forbidden("Only a signed-in legal reviewer can approve an assessment.");
        // PBKDF2 is slow: re-authenticate before taking the writer (an SSO ticket is redeemed inside it).
        var reauthentication = stepUp.Check(approver, approval.Proof, SignOffAction.ApproveAssessment, id);
        if (!reauthentication.Succeeded) return reauthentication.Failure!;
        var role = approver.Role.DisplayName();

        return store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            if (current.FindVersion(number) is not { } version) return NoVersion(id, number);
            if (version.Status != AssessmentStatus.InReview)
                return Failure.Validation($"Only a version in review can be approved; v{number} is {version.Status.Describe().ToLowerInvariant()}.");
            if (version.Editors.Contains(actor.Id))
                return Failure.Forbidden($"You edited version {number}, so you may not approve it. Another legal reviewer must approve it.");
            if (version.DpoAdvice is not null && approval.DpoAdviceFollowed is null)
                return Failure.Validation("Record whether the DPO's advice was followed.");
            if (approval.DpoAdviceFollowed == false && string.IsNullOrWhiteSpace(approval.NotFollowedReason))
                return Failure.Validation("Explain why the DPO's advice was not followed.");

            var now = clock.UtcNowMs();
            var today = DateOnly.FromDateTime(now);
            if (approval.NextReviewDate is { } requested && requested <= today)
                return Failure.Validation("The next review date must be after today.");
            var hash = AssessmentContent.Hash(current.Id, version);
            var reauthenticated = stepUp.Confirm(actor, reauthentication.Value, SignOffAction.ApproveAssessment, id, hash);
            if (!reauthenticated.Succeeded) return reauthenticated.Failure!;
            var approved = version with
            {
                Status = AssessmentStatus.Approved,
                ContentHash = hash,
                ApprovedAt = now,
                NextReviewDate = approval.NextReviewDate ?? ReviewSchedule.DefaultNextReview(today),
                DpoAdviceFollowed = version.DpoAdvice is null ? null : approval.DpoAdviceFollowed,
                DpoAdviceNotFollowedReason = approval.DpoAdviceFollowed == false ? approval.NotFollowedReason!.Trim() : "",
                History = [.. version.History, Move(version.Status, AssessmentStatus.Approved, actor, now, "")],
                SignOffs = [.. version.SignOffs, new SignOff { ById = actor.Id, ByName = actor.DisplayName, Role = role, At = now, Decision = SignOffDecision.Approved, ContentHash = hash }],
            };
            var updated = current.WithVersion(approved);
            var previous = current.InForce();
            if (previous is not null)
                updated = updated.WithVersion(previous with
                {
                    Status = AssessmentStatus.Superseded,
                    SupersededBy = number,
                    History = [.. previous.History, Move(AssessmentStatus.Approved, AssessmentStatus.Superseded, actor, now, $"Superseded by v{number}")],
                });
            var saved = assessments.Save(updated with { UpdatedAt = now });
            if (!saved.Succeeded) return saved;
            audit.Append(actor, "assessment.approved", EntityType, id,
                $"Approved v{number} of '{version.Title}' as {role}; content SHA-256 {hash}; next review {approved.NextReviewDate:yyyy-MM-dd}"
                + (version.DpoAdvice is null ? "" : approval.DpoAdviceFollowed == true ? "; DPO advice followed" : $"; DPO advice not followed: {approved.DpoAdviceNotFollowedReason}")
                + $"; {reauthenticated.Value.Describe()}");
            if (previous is not null)
                audit.Append(actor, "assessment.superseded", EntityType, id, $"v{previous.Number} superseded by v{number}");
            return saved;
        });
    }

    /// <summary>
    /// Starts a new draft copied from an approved version; the approved one stays in force until the new one is approved.
    /// The draft may move to another template (<paramref name="template"/>): it keeps the answers of the keys both templates share.
    /// </summary>
    public Result<Assessment> Revise(Actor actor, string id, int number, AssessmentTemplate? template = null)
    {
        if (actor.Require(Permission.DraftAssessments) is { } denied) return denied;
        return store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            if (current.FindVersion(number) is not { } source) return NoVersion(id, number);
            if (source.Status != AssessmentStatus.Approved)
                return Failure.Validation($"Only the approved version can be revised; v{number} is {source.Status.Describe().ToLowerInvariant()}.");
            if (current.Versions.FirstOrDefault(v => v.IsOpen()) is { } open)
                return Failure.Conflict($"Version {open.Number} is still {open.Status.Describe().ToLowerInvariant()}; finish or withdraw it first.");
            var now = clock.UtcNowMs();
            var next = current.Versions.Max(v => v.Number) + 1;
            var from = source.Template();
            var to = template ?? from;
            var draft = new AssessmentVersion
            {
                Number = next, Status = AssessmentStatus.Draft, Title = source.Title, Jurisdictions = source.Jurisdictions,
                Answers = source.Answers, ReviewTriggers = source.ReviewTriggers, BasedOn = source.Number,
                CreatedAt = now, CreatedBy = actor.DisplayName, UpdatedAt = now, Editors = [actor.Id],
            }.On(to);
            var dropped = source.Answers.Count(a => !to.Has(a.Key));
            var saved = assessments.Save(current with { Versions = [.. current.Versions, draft], UpdatedAt = now });
            if (saved.Succeeded)
                audit.Append(actor, "assessment.revised", EntityType, id, $"Started v{next} of '{source.Title}' as a draft copied from approved v{number}"
                    + (to.Is(from) ? $" (template {to.Label})" : $", moved from the template {from.Label} to {to.Label}: {draft.Answers.Length} answers of shared keys copied, {dropped} dropped, {to.Questions.Count(q => !from.Has(q.Key))} questions added"));
            return saved;
        });
    }

    /// <summary>A comment on one question (or on the whole version when <paramref name="questionKey"/> is empty).</summary>
    public Result<Assessment> Comment(Actor actor, string id, int number, string questionKey, string text)
    {
        if (actor.Require(Permission.CommentOnAssessments) is { } denied) return denied;
        var key = questionKey?.Trim() ?? "";
        if (key.Length > 0 && QuestionCatalogue.Find(key) is null) return Failure.Validation($"There is no question with key '{key}'.");
        if (string.IsNullOrWhiteSpace(text)) return Failure.Validation("A comment cannot be empty.");
        if (text.Length > Answer.MaxTextLength) return Failure.Validation("The comment is too long.");
        var role = RoleOf(actor);
        return ChangeVersion(actor, id, number, "assessment.commented", version =>
        {
            if (!version.IsOpen())
                return Failure.Validation($"Version {number} is {version.Status.Describe().ToLowerInvariant()}; comments are closed.");
            var comment = new ReviewComment
            {
                Id = Guid.NewGuid().ToString("N")[..12], QuestionKey = key, AuthorId = actor.Id, AuthorName = actor.DisplayName,
                AuthorRole = role, At = clock.UtcNowMs(), Text = text.Trim(),
            };
            return (version with { Comments = [.. version.Comments, comment] }, $"{role} commented on v{number} {(key.Length > 0 ? key : "(general)")}: {Shorten(comment.Text)}");
        });
    }

    public Result<Assessment> RecordDpoAdvice(Actor actor, string id, int number, string advice)
    {
        if (actor.Require(Permission.RecordDpoAdvice) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(advice)) return Failure.Validation("The advice cannot be empty.");
        return ChangeVersion(actor, id, number, "assessment.dpo-advice", version =>
        {
            if (!version.IsOpen())
                return Failure.Validation($"Version {number} is {version.Status.Describe().ToLowerInvariant()}; advice can only be recorded before approval.");
            var recorded = new DpoAdvice { Advice = advice.Trim(), ById = actor.Id, ByName = actor.DisplayName, At = clock.UtcNowMs() };
            return (version with { DpoAdvice = recorded }, $"DPO advice recorded on v{number}{(version.DpoAdvice is null ? "" : " (replacing earlier advice)")}: {Shorten(recorded.Advice)}");
        });
    }

    /// <summary>Moves the next review date of an approved version (the date is not part of the signed content).</summary>
    public Result<Assessment> SetNextReviewDate(Actor actor, string id, int number, DateOnly date)
    {
        if (!actor.Can(Permission.DraftAssessments) && !actor.Can(Permission.ApproveAssessments))
            return Failure.Forbidden($"{actor.DisplayName} may not change review dates.");
        if (date <= clock.TodayUtc()) return Failure.Validation("The next review date must be after today.");
        return ChangeVersion(actor, id, number, "assessment.review-date-set", version =>
            version.Status != AssessmentStatus.Approved
                ? Failure.Validation("Only the approved version has a review date.")
                : (version with { NextReviewDate = date }, $"Next review of v{number} moved from {version.NextReviewDate:yyyy-MM-dd} to {date:yyyy-MM-dd}"));
    }

    /// <summary>Records that something happened that calls for a review (a new data category, a regulator statement, …).</summary>
    public Result<Assessment> RecordTrigger(Actor actor, string id, ReviewTrigger trigger, string note)
    {
        if (!actor.Can(Permission.DraftAssessments) && !actor.Can(Permission.ApproveAssessments))
            return Failure.Forbidden($"{actor.DisplayName} may not record review triggers.");
        if (string.IsNullOrWhiteSpace(note)) return Failure.Validation("Describe what happened.");
        return store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            var now = clock.UtcNowMs();
            var saved = assessments.Save(current with
            {
                TriggerEvents = [.. current.TriggerEvents, new TriggerEvent { Trigger = trigger, Note = note.Trim(), At = now, ByName = actor.DisplayName }],
                UpdatedAt = now,
            });
            if (saved.Succeeded)
                audit.Append(actor, "assessment.review-triggered", EntityType, id, $"{trigger.Describe()}: {Shorten(note.Trim())}");
            return saved;
        });
    }

    public Result<VersionDiff> Diff(string id, int left, int right)
    {
        var assessment = assessments.Find(id);
        if (assessment is null) return NotFound(id).Failure!;
        if (assessment.FindVersion(left) is not { } a) return NoVersion(id, left).Failure!;
        if (assessment.FindVersion(right) is not { } b) return NoVersion(id, right).Failure!;
        return AssessmentDiff.Compare(a, b);
    }

    private Result<Assessment> Transition(Actor actor, string id, int number, string action, AssessmentStatus to, string note,
        Func<AssessmentVersion, Failure?> allowed, Func<Assessment, AssessmentVersion, DateTime, AssessmentVersion>? also = null) =>
        store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            if (current.FindVersion(number) is not { } version) return NoVersion(id, number);
            if (allowed(version) is { } refused) return refused;
            var now = clock.UtcNowMs();
            var moved = (also?.Invoke(current, version, now) ?? version) with
            {
                Status = to,
                History = [.. version.History, Move(version.Status, to, actor, now, note)],
            };
            var saved = assessments.Save(current.WithVersion(moved) with { UpdatedAt = now });
            if (saved.Succeeded)
                audit.Append(actor, action, EntityType, id, $"v{number} of '{version.Title}': {version.Status.Describe()} → {to.Describe()}{(note.Length > 0 ? $": {Shorten(note)}" : "")}");
            return saved;
        });

    private Result<Assessment> ChangeVersion(Actor actor, string id, int number, string action,
        Func<AssessmentVersion, Result<(AssessmentVersion Changed, string Summary)>> change) =>
        store.Write(() =>
        {
            var current = assessments.Find(id);
            if (current is null) return NotFound(id);
            if (current.FindVersion(number) is not { } version) return NoVersion(id, number);
            var changed = change(version);
            if (!changed.Succeeded) return changed.Failure!;
            var saved = assessments.Save(current.WithVersion(changed.Value.Changed) with { UpdatedAt = clock.UtcNowMs() });
            if (saved.Succeeded)
                audit.Append(actor, action, EntityType, id, changed.Value.Summary);
            return saved;
        });

    private static StatusChange Move(AssessmentStatus from, AssessmentStatus to, Actor actor, DateTime at, string note) =>
        new() { From = from, To = to, At = at, ById = actor.Id, ByName = actor.DisplayName, Note = note };

    private User? UserOf(Actor actor) =>
        actor.Id.StartsWith("user:", StringComparison.Ordinal) ? users.Find(actor.Id["user:".Length..]) is { Disabled: false } u ? u : null : null;

    private string RoleOf(Actor actor) => UserOf(actor)?.Role.DisplayName() ?? actor.DisplayName;

    private static Failure? ValidateHeader(string title, string[] jurisdictions)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(title)) errors.Add("A title is required.");
        else if (title.Trim().Length > 200) errors.Add("The title is longer than 200 characters.");
        if (CleanJurisdictions(jurisdictions).Length == 0) errors.Add("Name at least one jurisdiction the assessment covers.");
        return errors.Count == 0 ? null : Failure.Validation("The assessment has errors.", errors);
    }

    private static string[] CleanJurisdictions(string[] codes) =>
        codes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static Result<Assessment> NotFound(string id) => Failure.NotFound($"There is no assessment {id}.");

    private static Result<Assessment> NoVersion(string id, int number) => Failure.NotFound($"Assessment {id} has no version {number}.");
}
