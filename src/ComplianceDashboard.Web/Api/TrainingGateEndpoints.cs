using System.Globalization;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;

namespace ComplianceDashboard.Web.Api;

/// <summary>The pre-training gate for training pipelines, and the training-run register (docs/training-gate.md).</summary>
public static class TrainingGateEndpoints
{
    public static void MapTrainingGateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/jurisdictions/{code}/gate", (string code, TrainingGate gate) =>
                gate.Verdict(code) is { } verdict ? Results.Ok(GateDto.From(verdict)) : UnknownJurisdiction(code))
            .RequireAuthorization(Policies.ApiRead)
            .Produces<GateDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"Whether training may start now: open when checks {CheckCatalogue.GateNumbers} pass (or do not apply), the failing checks otherwise, and whether an override is in force.");

        app.MapGet("/api/v1/jurisdictions/{code}/training-runs", (string code, TrainingRunService runs, TrainingGate gate) =>
                gate.Verdict(code) is null ? UnknownJurisdiction(code) : Results.Ok(runs.ForJurisdiction(code).Select(TrainingRunDto.From)))
            .RequireAuthorization(Policies.ApiRead)
            .Produces<TrainingRunDto[]>()
            .WithSummary("The training runs registered for a jurisdiction, oldest first.");

        app.MapGet("/api/v1/training-runs/{runId}", (string runId, TrainingRunService runs) =>
                runs.Find(runId) is { } run ? Results.Ok(TrainingRunDto.From(run)) : Results.Problem($"There is no training run {runId}.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.ApiRead)
            .Produces<TrainingRunDto>()
            .WithSummary("One registered training run.");

        app.MapPost("/api/v1/training-runs", RegisterAsync)
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimit.Json)
            .Accepts<RegistrationRequest>("application/json")
            .Produces<TrainingRunDto>(StatusCodes.Status201Created)
            .Produces<TrainingRunDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Registers a training run with the objector suppression it applied: 201, or 200 for an identical re-registration; 409 with the failing checks while the gate is closed.");
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, TrainingRunService runs, TimeProvider clock)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Invalid("The body is not valid JSON.", [$"body: {e.Message}"]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("The body must be a JSON object.", ["body must be a JSON object with the fields of a training run."]);
            var reader = new FieldReader(document.RootElement);
            var registration = reader.Registration();
            // Fields of the wrong type are reported once, by the reader; the rules name every other problem.
            var errors = reader.Errors
                .Concat(registration.Problems(clock.UtcNowMs()).Where(p => !reader.BadFields.Any(f => p.StartsWith(f + " ", StringComparison.Ordinal))))
                .ToList();
            if (errors.Count > 0)
                return Invalid($"The training run was not registered: {errors.Count} problem{(errors.Count == 1 ? "" : "s")}.", errors);

            var result = runs.Register(http.User.ToActor(), registration);
            if (!result.Succeeded)
            {
                var failure = result.Failure!;
                return failure.Kind switch
                {
                    FailureKind.Validation => Invalid(failure.Message, failure.Details ?? []),
                    FailureKind.NotFound => Results.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown jurisdiction"),
                    FailureKind.Conflict => Results.Problem(failure.Message, statusCode: StatusCodes.Status409Conflict, title: "The run id is already registered with different details"),
                    _ => Results.Problem(failure.Message, statusCode: StatusCodes.Status403Forbidden),
                };
            }
            var outcome = result.Value;
            if (outcome.Refusal is { } refusal)
                return Results.Problem(
                    $"Training runs cannot be registered for {refusal.Jurisdiction} while its pre-training gate is closed: {refusal.FailingChecks.Count} gate check(s) do not pass and no override is in force.",
                    statusCode: StatusCodes.Status409Conflict, title: "The training gate is closed",
                    extensions: new Dictionary<string, object?>
                    {
                        ["jurisdiction"] = refusal.Jurisdiction,
                        ["overrideInForce"] = refusal.OverrideInForce,
                        ["failingChecks"] = refusal.FailingChecks.Select(FailingCheckDto.From).ToList(),
                    });
            var dto = TrainingRunDto.From(outcome.Run!);
            return outcome.Created ? Results.Created($"/api/v1/training-runs/{Uri.EscapeDataString(dto.RunId)}", dto) : Results.Ok(dto);
        }
    }

    private static IResult UnknownJurisdiction(string code) =>
        Results.Problem($"There is no jurisdiction {code.ToUpperInvariant()}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown jurisdiction");

    private static IResult Invalid(string detail, IReadOnlyList<string> errors) => Results.Problem(
        detail, statusCode: StatusCodes.Status400BadRequest, title: "The training run is invalid",
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>Reads the registration's fields, noting each one of the wrong type.</summary>
    private sealed class FieldReader(JsonElement root)
    {
        public List<string> Errors { get; } = [];
        public HashSet<string> BadFields { get; } = [];

        public TrainingRunRegistration Registration() => new(
            Text("jurisdiction"), Text("runId"), Text("datasetSnapshotId"), Time("dataCutoffAt"), Time("objectionCutoffAt"),
            Text("suppressionListSha256"), Count("suppressionListSize"), Count("objectorsFoundAfterExclusion"), Text("modelVersion"));

        private JsonElement? Field(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        private string? Text(string name)
        {
            if (Field(name) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            return Bad(name, "must be a string.");
        }

        private DateTime? Time(string name)
        {
            if (Field(name) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                return parsed.UtcDateTime;
            Bad(name, "must be an ISO 8601 time such as 2026-03-01T00:00:00Z.");
            return null;
        }

        private long? Count(string name)
        {
            if (Field(name) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
            Bad(name, "must be a whole number.");
            return null;
        }

        private string? Bad(string name, string problem)
        {
            Errors.Add($"{name} {problem}");
            BadFields.Add(name);
            return null;
        }
    }

    /// <summary>The request body of POST /api/v1/training-runs (documented shape; the endpoint reads it field by field).</summary>
    public sealed record RegistrationRequest(
        string Jurisdiction, string RunId, string DatasetSnapshotId, DateTime DataCutoffAt, DateTime ObjectionCutoffAt,
        string SuppressionListSha256, long SuppressionListSize, long ObjectorsFoundAfterExclusion, string? ModelVersion = null);

    public sealed record FailingCheckDto(string Id, int Number, string Title, string Outcome, string Explanation)
    {
        public static FailingCheckDto From(GateCheckFailure f) => new(f.CheckId, f.Number, f.Title, f.Outcome.ToString().ToLowerInvariant(), f.Explanation);
    }

    public sealed record OverrideDto(string Id, DateTime? InForceSince, string[] ApprovedBy, string? DpoAdviceBy);

    public sealed record GateDto(string Jurisdiction, DateTime AsOf, bool Open, bool OverrideInForce, IReadOnlyList<FailingCheckDto> FailingChecks, OverrideDto? Override)
    {
        public static GateDto From(GateVerdict v) => new(
            v.Jurisdiction, v.AsOf, v.Open, v.OverrideInForce, v.FailingChecks.Select(FailingCheckDto.From).ToList(),
            v.Override is { } o ? new OverrideDto(o.Id, o.InForceSince, o.Approvals.Select(a => a.ByName).ToArray(), o.DpoAdvice?.ByName) : null);
    }

    public sealed record TrainingRunDto(
        string RunId, string Jurisdiction, string DatasetSnapshotId, DateTime DataCutoffAt, DateTime ObjectionCutoffAt,
        string SuppressionListSha256, long SuppressionListSize, long ObjectorsFoundAfterExclusion, DateTime RegisteredAt, string RegisteredBy, bool UnderOverride,
        string? ModelVersion)
    {
        public static TrainingRunDto From(TrainingRun r) => new(
            r.RunId, r.Jurisdiction, r.DatasetSnapshotId, r.DataCutoffAt, r.ObjectionCutoffAt, r.SuppressionListSha256,
            r.SuppressionListSize, r.ObjectorsFoundAfterExclusion, r.RegisteredAt, r.RegisteredBy, r.UnderOverride,
            r.ModelVersion.Length > 0 ? r.ModelVersion : null);
    }
}
