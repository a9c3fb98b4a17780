using Auditor.Function.Logging;

namespace Auditor.Function.Runtime;

/// <summary>
/// The Lambda Runtime API loop: fetch the next event, run it through the <see cref="FunctionHost"/>,
/// post the response or the error, repeat. Nothing else happens here.
/// </summary>
public sealed class RuntimeApiLoop
{
    private readonly RuntimeApiClient _client;
    private readonly TimeProvider _time;
    private readonly JsonLog _log;

    public RuntimeApiLoop(RuntimeApiClient client, TimeProvider time, JsonLog log)
    {
        _client = client;
        _time = time;
        _log = log;
    }

    /// <summary>Reports a failure to build the function once, to <c>/init/error</c>.</summary>
    public Task ReportInitErrorAsync(Exception e, CancellationToken cancellationToken)
    {
        var error = FunctionHost.ToError(e);
        _log.Error("initialization failed: " + error.ErrorMessage, w => w.WriteString("errorType", error.ErrorType));
        return _client.PostInitErrorAsync(error, cancellationToken);
    }

    public async Task RunAsync(FunctionHost host, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await InvokeOnceAsync(host, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task InvokeOnceAsync(FunctionHost host, CancellationToken cancellationToken)
    {
        var invocation = await _client.NextAsync(cancellationToken).ConfigureAwait(false);
        var result = await host.InvokeAsync(invocation, _time, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            try
            {
                await _client.PostResponseAsync(invocation.RequestId, result.Response!, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException e)
            {
                // For example 413 for a response over Lambda's 6 MB: report it as the invocation's error instead.
                result = InvocationResult.Failure(new FunctionError($"The response could not be posted: {e.Message}", "ResponseNotAccepted", []));
            }
        }

        await _client.PostErrorAsync(invocation.RequestId, result.Error!, cancellationToken).ConfigureAwait(false);
    }
}
