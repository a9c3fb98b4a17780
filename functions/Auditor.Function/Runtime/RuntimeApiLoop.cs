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

        await PostErrorAsync(invocation.RequestId, result.Error!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts the invocation's error; an error the Runtime API refuses (413 for one over its size limit) is posted again
    /// cut short, its full text already in the log, and a refusal of that too is logged: the loop never dies of it.
    /// </summary>
    private async Task PostErrorAsync(string requestId, FunctionError error, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PostErrorAsync(requestId, error, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException e)
        {
            _log.Warn("the Runtime API refused the error; posting it cut short", w =>
            {
                w.WriteString("errorType", error.ErrorType);
                w.WriteNumber("errorMessageLength", error.ErrorMessage.Length);
                w.WriteString("refusal", e.Message);
            });
        }

        try
        {
            await _client.PostErrorAsync(requestId, ShortError(error), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            _log.Error("the Runtime API refused the short error too; Lambda reports the invocation as failed without it", w => w.WriteString("refusal", e.Message));
        }
    }

    /// <summary>The error cut to <see cref="ShortErrorLength"/> characters of its message, without the stack.</summary>
    public static FunctionError ShortError(FunctionError error)
    {
        var type = error.ErrorType.Length <= 100 ? error.ErrorType : error.ErrorType[..100];
        var text = error.ErrorMessage;
        if (text.Length <= ShortErrorLength)
        {
            return new FunctionError(text, type, []);
        }

        var cut = char.IsHighSurrogate(text[ShortErrorLength - 1]) ? ShortErrorLength - 1 : ShortErrorLength;
        var message = $"{text[..cut]}… (cut from {text.Length} characters; the whole error is in the function's log)";
        return new FunctionError(message, type, []);
    }

    /// <summary>How much of an error's message the short error keeps.</summary>
    public const int ShortErrorLength = 4000;
}
