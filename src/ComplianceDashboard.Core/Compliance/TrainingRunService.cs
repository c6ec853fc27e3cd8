using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Compliance;

/// <summary>What a training pipeline reports about a run. Missing values are null so that every problem can be named.</summary>
public sealed record TrainingRunRegistration(
    string? Jurisdiction,
    string? RunId,
    string? DatasetSnapshotId,
    DateTime? DataCutoffAt,
    DateTime? ObjectionCutoffAt,
    string? SuppressionListSha256,
    long? SuppressionListSize,
    long? ObjectorsFoundAfterExclusion,
    string? ModelVersion = null)
{
    /// <summary>Run and snapshot ids follow the one identifier rule (<see cref="Identifier"/>).</summary>
    public const int MaxIdLength = Identifier.MaxLength;

    /// <summary>Every problem with the registration, each starting with the field's API name; empty when valid.</summary>
    public IReadOnlyList<string> Problems(DateTime now) => TrainingRunRules.Problems(this, now);
}

/// <summary>A registration's outcome: the stored run (new or an identical earlier one), or the gate's refusal.</summary>
public sealed record RegistrationOutcome(TrainingRun? Run, bool Created, GateVerdict? Refusal)
{
    public bool Refused => Refusal is not null;
}

/// <summary>
/// The training-run register: pipelines register each run with the objector suppression it applied. A run is
/// accepted only while the gate allows training (open, or an override in force); the refusal itself is stored as a
/// gate decision. Re-sending an identical registration returns the stored run; a different one with the same run id
/// is a conflict.
/// </summary>
public sealed class TrainingRunService(
    TrainingGate gate, ITrainingRunRepository runs, IJurisdictionRepository jurisdictions, IAuditLog audit, IUnitOfWork store, TimeProvider clock)
{
    public const string EntityType = "TrainingRun";

    /// <summary>The permission a registration needs: the API ingest scope grants it (a run records which objectors were excluded).</summary>
    public const Permission RegisterPermission = Permission.ManageObjections;

    public IReadOnlyList<TrainingRun> ForJurisdiction(string jurisdiction) => runs.ForJurisdiction(jurisdiction.Trim().ToUpperInvariant());

    public TrainingRun? Find(string runId) => runs.Find(Identifier.Normalise(runId));

    public Result<RegistrationOutcome> Register(Actor actor, TrainingRunRegistration registration)
    {
        if (actor.Require(RegisterPermission) is { } denied) return denied;
        var now = clock.UtcNowMs();
        var problems = registration.Problems(now);
        if (problems.Count > 0)
            return Failure.Validation($"The training run was not registered: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}.", problems);
        var code = registration.Jurisdiction!.Trim().ToUpperInvariant();
        var candidate = new TrainingRun
        {
            Id = Identifier.Normalise(registration.RunId),
            Jurisdiction = code,
            DatasetSnapshotId = Identifier.Normalise(registration.DatasetSnapshotId),
            DataCutoffAt = TimeProviderExtensions.TruncateToMs(registration.DataCutoffAt!.Value),
            ObjectionCutoffAt = TimeProviderExtensions.TruncateToMs(registration.ObjectionCutoffAt!.Value),
            SuppressionListSha256 = registration.SuppressionListSha256!.Trim().ToLowerInvariant(),
            SuppressionListSize = registration.SuppressionListSize!.Value,
            ObjectorsFoundAfterExclusion = registration.ObjectorsFoundAfterExclusion!.Value,
            ModelVersion = registration.ModelVersion?.Trim() ?? "",
        };

        var outcome = store.Write<RegistrationOutcome>(() =>
        {
            if (jurisdictions.Find(code) is null) return Failure.NotFound($"Jurisdiction {code} does not exist.");
            if (runs.Find(candidate.Id) is { } existing)
                return SameRun(existing, candidate)
                    ? new RegistrationOutcome(existing, false, null)
                    : Failure.Conflict($"Training run {candidate.Id} is already registered with different details ({string.Join("; ", Differences(existing, candidate))}). Use a new run id.");

            var decided = gate.Decide(actor, code, GateDecisionKind.TrainingRunRegistration, $"of run {candidate.Id}");
            if (!decided.Succeeded) return decided.Failure!;
            var verdict = decided.Value;
            // The refusal commits with its gate decision (check run and audit entry); the run is not stored.
            if (!verdict.Allows) return new RegistrationOutcome(null, false, verdict);

            var saved = runs.Save(candidate with
            {
                RegisteredAt = now,
                RegisteredBy = actor.DisplayName,
                UnderOverride = !verdict.Open,
            });
            if (!saved.Succeeded) return saved.Failure!;
            var run = saved.Value;
            audit.Append(actor, "training-run.registered", EntityType, run.Id,
                $"Registered run {run.Id} for {code}: dataset {run.DatasetSnapshotId}, data cut-off {CanonicalJson.Time(run.DataCutoffAt)}, " +
                $"objection cut-off {CanonicalJson.Time(run.ObjectionCutoffAt)}, suppression list {run.SuppressionListSize} (SHA-256 {run.SuppressionListSha256}), " +
                $"{run.ObjectorsFoundAfterExclusion} objector(s) found after exclusion" + (run.ModelVersion.Length > 0 ? $"; model version {run.ModelVersion}" : "") + (run.UnderOverride ? $"; registered under gate override {verdict.Override!.Id}" : ""));
            return new RegistrationOutcome(run, true, null);
        });
        return outcome;
    }

    private static bool SameRun(TrainingRun a, TrainingRun b) => Differences(a, b).Count == 0;

    private static List<string> Differences(TrainingRun stored, TrainingRun sent)
    {
        var differences = new List<string>();
        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) differences.Add($"{field} {a} ≠ {b}");
        }
        Compare("jurisdiction", stored.Jurisdiction, sent.Jurisdiction);
        Compare("datasetSnapshotId", stored.DatasetSnapshotId, sent.DatasetSnapshotId);
        Compare("dataCutoffAt", CanonicalJson.Time(stored.DataCutoffAt), CanonicalJson.Time(sent.DataCutoffAt));
        Compare("objectionCutoffAt", CanonicalJson.Time(stored.ObjectionCutoffAt), CanonicalJson.Time(sent.ObjectionCutoffAt));
        Compare("suppressionListSha256", stored.SuppressionListSha256, sent.SuppressionListSha256);
        Compare("suppressionListSize", stored.SuppressionListSize, sent.SuppressionListSize);
        Compare("objectorsFoundAfterExclusion", stored.ObjectorsFoundAfterExclusion, sent.ObjectorsFoundAfterExclusion);
        Compare("modelVersion", stored.ModelVersion, sent.ModelVersion);
        return differences;
    }
}

/// <summary>The validation rules of a registration (see docs/training-gate.md).</summary>
internal static partial class TrainingRunRules
{
    public static IReadOnlyList<string> Problems(TrainingRunRegistration r, DateTime now)
    {
        var errors = new List<string>();
        Text("jurisdiction", r.Jurisdiction, errors);
        Text("runId", r.RunId, errors);
        Text("datasetSnapshotId", r.DatasetSnapshotId, errors);
        Time("dataCutoffAt", r.DataCutoffAt, now, errors);
        Time("objectionCutoffAt", r.ObjectionCutoffAt, now, errors);
        // Objections received after the objection cut-off were not applied; if that is before the data cut-off,
        // objectors' content from the snapshot would be in the training data. So the suppression list must be at least as recent.
        if (r.DataCutoffAt is { } data && r.ObjectionCutoffAt is { } objections && objections < data)
            errors.Add("objectionCutoffAt must not be before dataCutoffAt: objections received between the two would not be applied to data in the snapshot.");
        if (string.IsNullOrWhiteSpace(r.SuppressionListSha256)) errors.Add("suppressionListSha256 is required.");
        else if (!Sha256().IsMatch(r.SuppressionListSha256.Trim())) errors.Add("suppressionListSha256 must be a SHA-256 in hex: 64 characters 0-9 and a-f.");
        Count("suppressionListSize", r.SuppressionListSize, errors);
        Count("objectorsFoundAfterExclusion", r.ObjectorsFoundAfterExclusion, errors);
        if (r.ModelVersion is { } model && model.Length > 0)
        {
            if (string.IsNullOrWhiteSpace(model)) errors.Add("modelVersion must not be blank when given.");
            else if (model.Trim().Length > TrainingRunRegistration.MaxIdLength) errors.Add($"modelVersion is longer than {TrainingRunRegistration.MaxIdLength} characters.");
            else if (model.Any(char.IsControl)) errors.Add("modelVersion contains control characters.");
        }
        return errors;
    }

    private static void Text(string field, string? value, List<string> errors)
    {
        if (Identifier.Problem(field, value) is { } problem) errors.Add(problem);
    }

    private static void Time(string field, DateTime? value, DateTime now, List<string> errors)
    {
        if (value is null) errors.Add($"{field} is required.");
        else if (value.Value.Kind != DateTimeKind.Utc) errors.Add($"{field} must be a UTC time.");
        else if (value.Value > now) errors.Add($"{field} is in the future ({CanonicalJson.Time(TimeProviderExtensions.TruncateToMs(value.Value))}); a cut-off must already have passed.");
    }

    private static void Count(string field, long? value, List<string> errors)
    {
        if (value is null) errors.Add($"{field} is required.");
        else if (value < 0) errors.Add($"{field} must be 0 or more.");
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256();
}
