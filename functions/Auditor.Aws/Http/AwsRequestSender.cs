using Auditor.Aws.Resilience;
using Polly.Timeout;

namespace Auditor.Aws.Http;

/// <summary>
/// Sends the requests of one service in one region: each attempt builds a new request (the signer then
/// signs it with a fresh timestamp), runs through the operation's resilience pipeline, and turns an
/// error answer into an <see cref="AwsServiceException"/>. A success whose body is cut short or is not a
/// complete document is a transient <see cref="TransientErrors.IncompleteResponse"/>; a call that gets no
/// usable answer after its retries fails with an <see cref="AwsServiceException"/> naming the operation.
/// </summary>
public sealed class AwsRequestSender
{
    private readonly HttpClient _http;
    private readonly AwsResilience _resilience;

    public AwsRequestSender(HttpClient http, AwsService service, string region, Uri endpoint, AwsResilience resilience)
    {
        _http = http;
        _resilience = resilience;
        Service = service;
        Region = region;
        Endpoint = endpoint;
    }

    public AwsService Service { get; }

    public string Region { get; }

    public Uri Endpoint { get; }

    /// <summary>Sends one call of <paramref name="operation"/>, which must be an operation of this sender's service.</summary>
    /// <param name="retry">False for a probe whose failure has a fallback (no point retrying it).</param>
    public async Task<AwsResponse> SendAsync(AwsOperation operation, Func<Uri, HttpRequestMessage> createRequest, CancellationToken cancellationToken, bool retry = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Service != Service)
        {
            throw new ArgumentException($"{operation} is not an operation of {Service.SigningName}", nameof(operation));
        }

        return await SendAsync(operation.Name, createRequest, retry, operation.OpaqueReply, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AwsResponse> SendAsync(string operation, Func<Uri, HttpRequestMessage> createRequest, bool retry, bool opaqueReply, CancellationToken cancellationToken)
    {
        var service = Service.SigningName;
        var pipeline = _resilience.For(service, Region, operation, retry);
        try
        {
            return await pipeline.ExecuteAsync(token => AttemptAsync(operation, createRequest, opaqueReply, token), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TransientErrors.IsTransient(e))
        {
            if (retry && _resilience.Options.MaxRetryAttempts > 0)
            {
                _resilience.Counters.Exhausted(service, operation);
            }

            var attempts = retry ? _resilience.Options.MaxRetryAttempts + 1 : 1;
            throw e switch
            {
                AwsServiceException => e,
                TimeoutRejectedException => AwsServiceException.WithoutAnswer(service, operation, TransientErrors.Timeout, $"no answer within {_resilience.Options.AttemptTimeout.TotalSeconds:0.###} s, {Attempts(attempts)}", e),
                _ => AwsServiceException.WithoutAnswer(service, operation, TransientErrors.ConnectionFailed, $"{e.Message} ({Attempts(attempts)})", e),
            };
        }
    }

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private async ValueTask<AwsResponse> AttemptAsync(string operation, Func<Uri, HttpRequestMessage> createRequest, bool opaqueReply, CancellationToken token)
    {
        var service = Service.SigningName;
        _resilience.Counters.Call(service, operation);
        using var request = createRequest(Endpoint);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !token.IsCancellationRequested)
        {
            // The status line and headers arrived, the body did not (fewer bytes than Content-Length, a dropped chunk).
            throw new AwsServiceException(service, operation, TransientErrors.IncompleteResponse, $"the reply body was cut short: {e.Message}", response.StatusCode, requestId, null, e);
        }

        // AWS sends no byte-order mark, but a proxy on the way may add one; the JSON readers would refuse it.
        if (body.AsSpan().StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(service, operation, response.StatusCode, response.Headers, body);
        }

        if (!opaqueReply && ReplyIntegrity.Problem(body, Service.XmlReplies) is { } problem)
        {
            throw new AwsServiceException(service, operation, TransientErrors.IncompleteResponse, $"the reply is not a complete {(Service.XmlReplies ? "XML" : "JSON")} document: {problem}", response.StatusCode, requestId);
        }

        return new AwsResponse(response.StatusCode, body, requestId);
    }
}
