namespace Auditor.Function.Runtime;

/// <summary>One event fetched from <c>/runtime/invocation/next</c>.</summary>
public sealed record Invocation(string RequestId, DateTimeOffset Deadline, string? InvokedFunctionArn, string? TraceId, byte[] Payload);
