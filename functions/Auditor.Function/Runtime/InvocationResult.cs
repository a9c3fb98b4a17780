namespace Auditor.Function.Runtime;

/// <summary>A handler's answer: the JSON response, or the error to report.</summary>
public sealed record InvocationResult(byte[]? Response, FunctionError? Error)
{
    public bool Succeeded => Error is null;

    public static InvocationResult Success(byte[] response) => new(response, null);

    public static InvocationResult Failure(FunctionError error) => new(null, error);
}
