using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceDashboard.Web.Api;

/// <summary>The pre-training gate for training pipelines, and the training-run register (docs/training-gate.md).</summary>
public static class TrainingGateEndpoints
{
    public static void MapTrainingGateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/jurisdictions/{code}/gate", Gate)
            .WithTags(ApiDescription.Tags.TrainingGate)
            .WithName("GetTrainingGate")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary($"Whether training may start now: open when checks {CheckCatalogue.GateNumbers} pass (or do not apply), the failing checks otherwise, and whether an override is in force.");

        app.MapGet("/api/v1/jurisdictions/{code}/training-runs", RunsOf)
            .WithTags(ApiDescription.Tags.TrainingGate)
            .WithName("ListTrainingRuns")
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The training runs registered for a jurisdiction, oldest first.");

        app.MapGet("/api/v1/training-runs/{runId}", Run)
            .RequireAuthorization(Policies.ApiRead)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithTags(ApiDescription.Tags.TrainingGate)
            .WithName("GetTrainingRun")
            .WithSummary("One registered training run.");

        app.MapPost("/api/v1/training-runs", RegisterAsync)
            .WithTags(ApiDescription.Tags.TrainingGate)
            .WithName("RegisterTrainingRun")
            .RequireAuthorization(Policies.ApiIngest)
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimit.Json)
            .Accepts<RegistrationRequest>(JsonContentType)
            .Produces<RegistrationProblem>(StatusCodes.Status400BadRequest, ApiDescription.ProblemContentType)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .Produces<GateClosedProblem>(StatusCodes.Status409Conflict, ApiDescription.ProblemContentType)
            .WithSummary("Registers a training run with the objector suppression it applied: 201, or 200 for an identical re-registration; 409 with the failing checks while the gate is closed, or for a different registration under an existing run id.");
    }

    private const string JsonContentType = "application/json";

    private static Results<Ok<GateDto>, ProblemHttpResult> Gate(string code, TrainingGate gate) =>
        gate.Verdict(code) is { } verdict ? TypedResults.Ok(GateDto.From(verdict)) : UnknownJurisdiction(code);

    private static Results<Ok<TrainingRunDto[]>, ProblemHttpResult> RunsOf(string code, TrainingRunService runs, TrainingGate gate) =>
        gate.Verdict(code) is null ? UnknownJurisdiction(code) : TypedResults.Ok(runs.ForJurisdiction(code).Select(TrainingRunDto.From).ToArray());

    private static Results<Ok<TrainingRunDto>, ProblemHttpResult> Run(string runId, TrainingRunService runs) =>
        runs.Find(runId) is { } run ? TypedResults.Ok(TrainingRunDto.From(run)) : ApiProblems.For(Failure.NotFound($"There is no training run {runId}."));

    private static async Task<Results<Created<TrainingRunDto>, Ok<TrainingRunDto>, ProblemHttpResult>> RegisterAsync(
        HttpContext http, TrainingRunService runs, TimeProvider clock, RequestBudget budget)
    {
        if (!http.Request.HasJsonContentType())
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Send the training run as JSON, with Content-Type: application/json.");
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = budget.MaxJsonDepth }, http.RequestAborted);
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
                    FailureKind.Validation => Invalid(failure.Message, failure.Details ?? [failure.Message]),
                    FailureKind.NotFound => ApiProblems.For(failure, title: "Unknown jurisdiction"),
                    FailureKind.Conflict => ApiProblems.For(failure, title: "The run id is already registered with different details"),
                    _ => ApiProblems.For(failure),
                };
            }
            var outcome = result.Value;
            if (outcome.Refusal is { } refusal)
                return TypedResults.Problem(new GateClosedProblem
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "The training gate is closed",
                    Detail = $"Training runs cannot be registered for {refusal.Jurisdiction} while its pre-training gate is closed: {refusal.FailingChecks.Count} gate check(s) do not pass and no override is in force.",
                    Jurisdiction = refusal.Jurisdiction,
                    OverrideInForce = refusal.OverrideInForce,
                    FailingChecks = refusal.FailingChecks.Select(FailingCheckDto.From).ToList(),
                });
            var dto = TrainingRunDto.From(outcome.Run!);
            return outcome.Created ? TypedResults.Created($"/api/v1/training-runs/{Uri.EscapeDataString(dto.RunId)}", dto) : TypedResults.Ok(dto);
        }
    }

    private static ProblemHttpResult UnknownJurisdiction(string code) =>
        ApiProblems.For(Failure.NotFound($"There is no jurisdiction {code.ToUpperInvariant()}."), title: "Unknown jurisdiction");

    /// <summary>The registration's 400: <c>errors</c> lists every problem as a sentence (as it always has); <c>fieldErrors</c> keys them by field.</summary>
    private static ProblemHttpResult Invalid(string detail, IReadOnlyList<string> errors) => TypedResults.Problem(new RegistrationProblem
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The training run is invalid",
        Detail = detail,
        Errors = errors,
        FieldErrors = ApiProblems.ByField(errors, RegistrationFields),
    });

    private static readonly string[] RegistrationFields =
    [
        "body", "jurisdiction", "runId", "datasetSnapshotId", "dataCutoffAt", "objectionCutoffAt", "suppressionListSha256",
        "suppressionListSize", "objectorsFoundAfterExclusion", "modelVersion",
    ];

    /// <summary>The 400 body of a registration.</summary>
    public sealed class RegistrationProblem : ProblemDetails
    {
        /// <summary>Every problem, each a sentence that starts with the field it concerns.</summary>
        public required IReadOnlyList<string> Errors { get; init; }

        /// <summary>The same problems keyed by field ("request" for those about the body as a whole).</summary>
        public required IReadOnlyDictionary<string, string[]> FieldErrors { get; init; }
    }

    /// <summary>The 409 body while the jurisdiction's training gate is closed.</summary>
    public sealed class GateClosedProblem : ProblemDetails
    {
        public required string Jurisdiction { get; init; }
        public required bool OverrideInForce { get; init; }
        public required IReadOnlyList<FailingCheckDto> FailingChecks { get; init; }
    }

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
            if (value.ValueKind == JsonValueKind.String) return Decoded(name, value);
            return Bad(name, "must be a string.");
        }

        /// <summary>The string, or null and a problem when it is not valid Unicode (invalid UTF-8, or a lone surrogate escape such as \uD800).</summary>
        private string? Decoded(string name, JsonElement value)
        {
            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                return Bad(name, "is not valid Unicode text (send UTF-8, with no unpaired surrogate escapes).");
            }
        }

        private DateTime? Time(string name)
        {
            if (Field(name) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.String)
            {
                if (Decoded(name, value) is not { } text) return null;
                if (ApiTime.TryParseInstant(text, out var utc)) return utc;
            }
            Bad(name, $"must be an ISO 8601 time with an offset (Z or ±hh:mm), e.g. {ApiTime.InstantExample}.");
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
