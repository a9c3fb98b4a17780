namespace Auditor.Function.Runtime;

/// <summary>What a handler knows about its invocation: the request id and the deadline Lambda gave it.</summary>
public sealed record InvocationContext(string RequestId, DateTimeOffset Deadline, string? InvokedFunctionArn, TimeProvider Time)
{
    public TimeSpan RemainingTime => Deadline - Time.GetUtcNow();
}
