using Auditor.Aws;
using Auditor.Aws.Auditing;
using Auditor.Core.Auditing;
using Auditor.Core.Suppressions;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Functions;
using Auditor.Function.Logging;

namespace Auditor.Function.Runtime;

/// <summary>
/// Runs one invocation of one function: the code path shared by the Runtime API loop and
/// <c>scripts/invoke</c>. Exceptions become the error Lambda reports, with a type a team can alarm on.
/// </summary>
public sealed class FunctionHost
{
    /// <summary>Work stops this long before Lambda's deadline, so the error can still be reported.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(2);

    private readonly ILambdaFunction _function;
    private readonly JsonLog _log;

    public FunctionHost(string functionName, ILambdaFunction function, JsonLog log)
    {
        FunctionName = functionName;
        _function = function;
        _log = log;
    }

    public string FunctionName { get; }

    /// <summary>The function named by <c>AUDITOR_FUNCTION</c> (default: the audit).</summary>
    public static FunctionHost Create(string? functionName, FunctionEnvironment environment)
    {
        var name = string.IsNullOrWhiteSpace(functionName) ? FunctionTable.DefaultFunction : functionName.Trim();
        var registration = FunctionTable.Find(name)
            ?? throw new ConfigurationException(FunctionTable.SelectorVariable, $"'{name}' is not a function of this executable (known: {string.Join(", ", FunctionTable.All.Select(f => f.Name))})");
        environment.Log.FunctionName = name;
        return new FunctionHost(name, registration.Create(environment), environment.Log);
    }

    public async Task<InvocationResult> InvokeAsync(Invocation invocation, TimeProvider time, CancellationToken cancellationToken)
    {
        _log.RequestId = invocation.RequestId;
        var context = new InvocationContext(invocation.RequestId, invocation.Deadline, invocation.InvokedFunctionArn, time);
        var budget = context.RemainingTime - DeadlineMargin;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        try
        {
            return InvocationResult.Success(await _function.HandleAsync(invocation.Payload, context, deadline.Token).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            var error = ToError(e, deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
            _log.Error(error.ErrorMessage, w => w.WriteString("errorType", error.ErrorType));
            return InvocationResult.Failure(error);
        }
        finally
        {
            _log.ColdStart = false;
        }
    }

    /// <summary>The error Lambda reports for an exception: the same mapping for init and invocation errors.</summary>
    public static FunctionError ToError(Exception e, bool deadlineReached = false)
    {
        var (type, message) = e switch
        {
            _ when deadlineReached && e is OperationCanceledException => ("DeadlineReached", "The invocation stopped before Lambda's deadline; nothing further was written, and the next run completes the work."),
            EventValidationException => ("InvalidEvent", e.Message),
            AuditRequestException => ("InvalidRequest", e.Message),
            ConfigurationException => ("InvalidConfiguration", e.Message),
            SuppressionFileException => ("InvalidSuppressions", e.Message),
            SecurityHubNotEnabledException => ("SecurityHubNotEnabled", e.Message),
            FunctionException f => (f.ErrorType, f.Message),
            AwsServiceException aws => ($"Aws.{aws.ErrorCode}", aws.Message + (aws.RequestId is null ? string.Empty : $" (request id {aws.RequestId})")),
            _ => (e.GetType().Name, e.Message),
        };
        var stack = e is EventValidationException or AuditRequestException or ConfigurationException or SecurityHubNotEnabledException or FunctionException or SuppressionFileException
            ? []
            : (e.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new FunctionError(message, type, stack);
    }
}
