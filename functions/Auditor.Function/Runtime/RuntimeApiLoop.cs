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
        _log.Error("initialization failed: " + e.Message, w => w.WriteString("errorType", e.GetType().Name));
        return _client.PostInitErrorAsync(new FunctionError(e.Message, e.GetType().Name, []), cancellationToken);
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
            await _client.PostResponseAsync(invocation.RequestId, result.Response!, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _client.PostErrorAsync(invocation.RequestId, result.Error!, cancellationToken).ConfigureAwait(false);
        }
    }
}
