using ComplianceDashboard.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// The one error contract of every <c>/api/v1</c> endpoint and every browser endpoint that answers JSON: an expected
/// failure becomes an RFC 9457 problem details document whose status follows from the failure's kind (docs/api.md, "Errors").
/// </summary>
public static class ApiProblems
{
    /// <summary>The HTTP status that answers a failure of this kind.</summary>
    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.Validation => StatusCodes.Status400BadRequest,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A failure kind without an HTTP answer."),
    };

    /// <summary>
    /// The answer to a service's failure. A validation failure lists its problems in <c>errors</c>, keyed by the field each
    /// names (its first word, when that is one of <paramref name="fields"/>) or by <see cref="RequestKey"/> otherwise.
    /// </summary>
    public static ProblemHttpResult For(Failure failure, string? title = null, IReadOnlyCollection<string>? fields = null)
    {
        var status = StatusOf(failure.Kind);
        return TypedResults.Problem(failure.Kind == FailureKind.Validation
            ? new FieldProblem
            {
                Status = status, Title = title, Detail = failure.Message,
                Errors = ByField(failure.Details is { Count: > 0 } details ? details : [failure.Message], fields ?? []),
            }
            : new ProblemDetails { Status = status, Title = title, Detail = failure.Message });
    }

    /// <summary>The key of problems that concern the request as a whole rather than one field.</summary>
    public const string RequestKey = "request";

    /// <summary>A 400 for bad parameters or body fields: <c>errors</c> keyed by field, and every message in <c>detail</c>.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) => TypedResults.Problem(new FieldProblem
    {
        Status = StatusCodes.Status400BadRequest, Detail = string.Join(" ", errors.Values.SelectMany(m => m)), Errors = errors,
    });

    /// <summary>A 400 for one bad field.</summary>
    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 for a file that was rejected whole: every problem with its line and column, nothing written.</summary>
    public static ProblemHttpResult FileRejected(string title, string detail, IEnumerable<LineError> errors) => TypedResults.Problem(new FileProblem
    {
        Status = StatusCodes.Status400BadRequest, Title = title, Detail = detail, Errors = errors.ToList(),
    });

    /// <summary>A refusal with a status of its own (413, 415, 429, a bad form) and a sentence saying what to do.</summary>
    public static ProblemHttpResult Status(int status, string detail, string? title = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>Groups messages by the field each starts with; the rest concern the request as a whole.</summary>
    public static IReadOnlyDictionary<string, string[]> ByField(IEnumerable<string> messages, IReadOnlyCollection<string> fields) =>
        messages.GroupBy(m => fields.FirstOrDefault(f => m.StartsWith(f + " ", StringComparison.Ordinal)) ?? RequestKey)
            .ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>One problem of a rejected file: line 1 is the header; the column is null for a whole-row or whole-file problem.</summary>
    public sealed record LineError(int Line, string? Column, string Message);

    /// <summary>The 400 body for bad parameters or body fields, and for a service's validation failure.</summary>
    public sealed class FieldProblem : ProblemDetails
    {
        /// <summary>Messages by field name; "request" holds those about the request as a whole.</summary>
        public required IReadOnlyDictionary<string, string[]> Errors { get; init; }
    }

    /// <summary>The 400 body for a rejected file.</summary>
    public sealed class FileProblem : ProblemDetails
    {
        /// <summary>Every problem of the file; nothing was written.</summary>
        public required IReadOnlyList<LineError> Errors { get; init; }
    }

    /// <summary>The 500 body: no internals, only the id that finds the log line.</summary>
    public sealed class ServerProblem : ProblemDetails
    {
        /// <summary>The id the server's log line for this failure carries.</summary>
        public required string CorrelationId { get; init; }
    }

    /// <summary>The 401, 403 and 429 bodies of the API-key check, which keep the <c>error</c> member clients read.</summary>
    public sealed class AccessProblem : ProblemDetails
    {
        /// <summary>The same sentence as <c>detail</c>, kept for clients written before problem details.</summary>
        public required string Error { get; init; }
    }
}
