using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>A Lambda function of the executable: one name, one trigger, one handler of its event.</summary>
public interface ILambdaFunction
{
    /// <summary>Handles one event; returns the JSON response. Throwing reports an invocation error.</summary>
    Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken);
}
