using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Jurisdictions;

/// <summary>The fields an admin sets when creating or editing a jurisdiction.</summary>
public sealed record JurisdictionDetails(
    string Code,
    string Name,
    string RegulatorName,
    string RegulatorShortName,
    string GoverningLaw,
    string LegalBasisArticle,
    string ObjectionRightArticle,
    DeadlinePolicy DeadlinePolicy,
    DateOnly? PlannedTrainingStart,
    DateOnly? ActualTrainingStart)
{
    public static JurisdictionDetails From(Jurisdiction j) => new(
        j.Code, j.Name, j.Regulator.Name, j.Regulator.ShortName, j.GoverningLaw, j.LegalBasisArticle,
        j.ObjectionRightArticle, j.DeadlinePolicy, j.PlannedTrainingStart, j.ActualTrainingStart);
}

/// <summary>Creating, editing and moving jurisdictions through programme states.</summary>
public sealed partial class JurisdictionService(
    IJurisdictionRepository jurisdictions, IAuditLog audit, IUnitOfWork store, TimeProvider clock, TrainingGate gate)
{
    public const string EntityType = "Jurisdiction";

    public IReadOnlyList<Jurisdiction> All() => jurisdictions.All().OrderBy(j => j.Name, StringComparer.Ordinal).ToList();

    public Jurisdiction? Find(string code) => jurisdictions.Find(code.ToUpperInvariant());

    public Result<Jurisdiction> Create(Actor actor, JurisdictionDetails details)
    {
        if (actor.Require(Permission.EditJurisdictions) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        var code = details.Code.Trim().ToUpperInvariant();
        return store.Write(() =>
        {
            if (jurisdictions.Find(code) is not null)
                return Failure.Conflict($"A jurisdiction with code {code} already exists.");
            var now = clock.UtcNowMs();
            var created = Apply(new Jurisdiction { Id = code, State = ProgrammeState.Planned, CreatedAt = now }, details);
            var saved = jurisdictions.Save(created);
            if (saved.Succeeded)
                audit.Append(actor, "jurisdiction.created", EntityType, code, $"Created {created.Name} ({created.Regulator.ShortName}), state Planned");
            return saved;
        });
    }

    public Result<Jurisdiction> CreateFromPreset(Actor actor, string presetCode)
    {
        var preset = JurisdictionPresets.Find(presetCode);
        return preset is null
            ? Failure.NotFound($"There is no preset for '{presetCode}'. Presets: {string.Join(", ", JurisdictionPresets.All.Select(p => p.Code))}.")
            : Create(actor, JurisdictionDetails.From(preset));
    }

    /// <summary>Saves an admin's edits to the version they started from; a stale version is a conflict.</summary>
    public Result<Jurisdiction> Update(Actor actor, string code, int expectedVersion, JurisdictionDetails details)
    {
        if (actor.Require(Permission.EditJurisdictions) is { } denied) return denied;
        if (Validate(details) is { } invalid) return invalid;
        return store.Write(() =>
        {
            var current = jurisdictions.Find(code);
            if (current is null) return Failure.NotFound($"Jurisdiction {code} does not exist.");
            var changed = Apply(current, details with { Code = current.Code }) with { Version = expectedVersion };
            var changes = Differences(current, changed);
            if (changes.Count == 0) return current;
            var saved = jurisdictions.Save(changed);
            if (saved.Succeeded)
                audit.Append(actor, "jurisdiction.updated", EntityType, code, string.Join("; ", changes));
            return saved;
        });
    }

    /// <summary>
    /// Moves the programme to another state with a reason, recording who did it and when. Entering Training also
    /// needs <see cref="Permission.RequestTrainingStart"/> and passes the training gate: refused, with every failing
    /// gate check listed, unless the gate is open or an override is in force (the decision is stored either way).
    /// Leaving Training ends any open gate override.
    /// </summary>
    public Result<Jurisdiction> ChangeState(Actor actor, string code, int expectedVersion, ProgrammeState to, string reason)
    {
        if (actor.Require(Permission.ChangeJurisdictionState) is { } denied) return denied;
        if (to == ProgrammeState.Training && actor.Require(Permission.RequestTrainingStart) is { } cannotStart) return cannotStart;
        if (string.IsNullOrWhiteSpace(reason))
            return Failure.Validation("Give a reason for the change of state.");
        // A refusal by the gate must still commit its decision (check run and audit entry), so it travels as a value.
        var outcome = store.Write<Result<Jurisdiction>>(() =>
        {
            var current = jurisdictions.Find(code);
            if (current is null) return Failure.NotFound($"Jurisdiction {code} does not exist.");
            if (current.State == to)
                return Failure.Validation($"{current.Name} is already {to}.");
            var now = clock.UtcNowMs();
            var actualStart = current.ActualTrainingStart;
            if (to == ProgrammeState.Training)
            {
                var decided = gate.Decide(actor, current.Code, GateDecisionKind.TrainingStart, $"(from {current.State})");
                if (!decided.Succeeded) return decided.Failure!;
                if (!decided.Value.Allows) return Result<Result<Jurisdiction>>.Ok(GateClosed(current, decided.Value));
                actualStart ??= DateOnly.FromDateTime(now);
            }
            var change = new StateChange { From = current.State, To = to, At = now, By = actor.DisplayName, Reason = reason.Trim() };
            var saved = jurisdictions.Save(current with
            {
                Version = expectedVersion,
                State = to,
                StateHistory = [.. current.StateHistory, change],
                ActualTrainingStart = actualStart,
            });
            if (!saved.Succeeded) return saved.Failure!;
            audit.Append(actor, "jurisdiction.state-changed", EntityType, code, $"State {change.From} → {to}: {change.Reason}"
                + (actualStart != current.ActualTrainingStart ? $"; actual training start set to {actualStart:yyyy-MM-dd}" : ""));
            if (current.State == ProgrammeState.Training)
            {
                var ended = gate.EndOpenOverride(actor, current.Code, $"{current.Name} left Training ({to})");
                if (!ended.Succeeded) return ended.Failure!;
            }
            return Result<Result<Jurisdiction>>.Ok(saved.Value);
        });
        return outcome.Succeeded ? outcome.Value : outcome.Failure!;
    }

    private static Failure GateClosed(Jurisdiction j, GateVerdict verdict) => new(FailureKind.Conflict,
        $"Training cannot start in {j.Name}: the pre-training gate is closed because {verdict.FailingChecks.Count} gate check{(verdict.FailingChecks.Count == 1 ? " does" : "s do")} not pass, and no override is in force.",
        verdict.FailingChecks.Select(f => f.Describe()).ToList());

    private static Jurisdiction Apply(Jurisdiction j, JurisdictionDetails d) => j with
    {
        Name = d.Name.Trim(),
        Regulator = new Regulator { Name = d.RegulatorName.Trim(), ShortName = d.RegulatorShortName.Trim() },
        GoverningLaw = d.GoverningLaw.Trim(),
        LegalBasisArticle = d.LegalBasisArticle.Trim(),
        ObjectionRightArticle = d.ObjectionRightArticle.Trim(),
        DeadlinePolicy = d.DeadlinePolicy with { BankHolidays = d.DeadlinePolicy.BankHolidays.Distinct().Order().ToArray() },
        PlannedTrainingStart = d.PlannedTrainingStart,
        ActualTrainingStart = d.ActualTrainingStart,
    };

    private static Failure? Validate(JurisdictionDetails d)
    {
        var errors = new List<string>();
        if (!CodePattern().IsMatch(d.Code.Trim().ToUpperInvariant())) errors.Add("Code must be 2 to 8 letters or digits, e.g. UK.");
        if (string.IsNullOrWhiteSpace(d.Name)) errors.Add("Name is required.");
        if (string.IsNullOrWhiteSpace(d.RegulatorName)) errors.Add("Regulator name is required.");
        if (string.IsNullOrWhiteSpace(d.RegulatorShortName)) errors.Add("Regulator short name is required.");
        if (string.IsNullOrWhiteSpace(d.GoverningLaw)) errors.Add("Governing law is required.");
        if (string.IsNullOrWhiteSpace(d.LegalBasisArticle)) errors.Add("Legal basis article is required.");
        if (string.IsNullOrWhiteSpace(d.ObjectionRightArticle)) errors.Add("Right-to-object article is required.");
        if (d.DeadlinePolicy.Months is < 1 or > 3) errors.Add("The objection deadline must be 1 to 3 months.");
        if (d.DeadlinePolicy.ExtensionMonths is < 0 or > 2) errors.Add("The extension must be 0 to 2 months.");
        return errors.Count == 0 ? null : Failure.Validation("The jurisdiction has errors.", errors);
    }

    private static List<string> Differences(Jurisdiction before, Jurisdiction after)
    {
        var changes = new List<string>();
        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) changes.Add($"{field}: '{a}' → '{b}'");
        }
        Compare("name", before.Name, after.Name);
        Compare("regulator", before.Regulator.Name, after.Regulator.Name);
        Compare("regulator short name", before.Regulator.ShortName, after.Regulator.ShortName);
        Compare("governing law", before.GoverningLaw, after.GoverningLaw);
        Compare("legal basis", before.LegalBasisArticle, after.LegalBasisArticle);
        Compare("right to object", before.ObjectionRightArticle, after.ObjectionRightArticle);
        Compare("deadline policy", before.DeadlinePolicy.Describe(), after.DeadlinePolicy.Describe());
        if (!before.DeadlinePolicy.BankHolidays.SequenceEqual(after.DeadlinePolicy.BankHolidays))
            changes.Add("bank holidays changed");
        Compare("planned training start", before.PlannedTrainingStart, after.PlannedTrainingStart);
        Compare("actual training start", before.ActualTrainingStart, after.ActualTrainingStart);
        return changes;
    }

    [GeneratedRegex("^[A-Z0-9]{2,8}$")]
    private static partial Regex CodePattern();
}
