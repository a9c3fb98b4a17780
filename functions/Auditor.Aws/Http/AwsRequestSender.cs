using Auditor.Aws.Resilience;

namespace Auditor.Aws.Http;

/// <summary>
/// Sends the requests of one service in one region: each attempt builds a new request (the signer then
/// signs it with a fresh timestamp), runs through the operation's resilience pipeline, and turns an
/// error answer into an <see cref="AwsServiceException"/>.
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

    public async Task<AwsResponse> SendAsync(string operation, Func<Uri, HttpRequestMessage> createRequest, CancellationToken cancellationToken, bool retry = true)
    {
        var pipeline = _resilience.For(Service.SigningName, Region, operation, retry);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                _resilience.Counters.Call(Service.SigningName, operation);
                using var request = createRequest(Endpoint);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw AwsErrorParser.Parse(Service.SigningName, operation, response.StatusCode, response.Headers, body);
                }

                var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
                return new AwsResponse(response.StatusCode, body, requestId);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
