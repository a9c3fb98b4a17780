namespace Auditor.Core.Model;

/// <summary>
/// One piece of account data as the collector got it: the value, or why it could not be read.
/// A failed read is never an empty value, so a check can say "not evaluated" instead of "passed".
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Gathered<T>.Ok(value) and Gathered<T>.Failed(code, reason) name the outcome at the call site; a non-generic factory would hide T.")]
public sealed class Gathered<T>
    where T : class
{
    private Gathered(T? value, string? failureCode, string? failureReason)
    {
        Value = value;
        FailureCode = failureCode;
        FailureReason = failureReason;
    }

    public T? Value { get; }

    /// <summary>A short machine code for the failure, for example the AWS error code.</summary>
    public string? FailureCode { get; }

    /// <summary>A sentence a security engineer can act on.</summary>
    public string? FailureReason { get; }

    public bool Succeeded => Value is not null;

    public static Gathered<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null, null);

    public static Gathered<T> Failed(string code, string reason) => new(null, code, reason);

    /// <summary>Data that this run did not collect because no selected check needs it.</summary>
    public static Gathered<T> NotCollected { get; } = new(null, "NotCollected", "not collected by this run");
}
