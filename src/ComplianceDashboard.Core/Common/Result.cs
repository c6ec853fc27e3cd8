namespace ComplianceDashboard.Core.Common;

/// <summary>Why an expected operation did not succeed.</summary>
public enum FailureKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    Unauthorized,
}

/// <summary>An expected failure with a message a user can act on.</summary>
public sealed record Failure(FailureKind Kind, string Message, IReadOnlyList<string>? Details = null)
{
    public static Failure Validation(string message, IReadOnlyList<string>? details = null) => new(FailureKind.Validation, message, details);
    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);
    public static Failure Conflict(string message) => new(FailureKind.Conflict, message);
    public static Failure Forbidden(string message) => new(FailureKind.Forbidden, message);
    public static Failure Unauthorized(string message) => new(FailureKind.Unauthorized, message);
}

/// <summary>The outcome of a use case: a value, or a failure the caller is expected to handle.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }
    public bool Succeeded => Failure is null;
    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"No value: {Failure!.Message}");

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(Failure failure) => new(default, failure);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(Failure failure) => Fail(failure);

    public Result<TOut> Then<TOut>(Func<T, Result<TOut>> next) => Succeeded ? next(_value!) : Result<TOut>.Fail(Failure!);
}

/// <summary>The value of a use case that succeeds with nothing to return.</summary>
public readonly record struct Done
{
    public static readonly Done Value = default;
}
