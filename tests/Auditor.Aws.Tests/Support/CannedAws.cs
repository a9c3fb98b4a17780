using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.Tests.Support;

/// <summary>
/// AWS in a box: an <see cref="HttpMessageHandler"/> under the real signer that answers each request from a script,
/// and records what it was sent (with the access key of its signature). No network, no moto.
/// </summary>
internal sealed class CannedAws : HttpMessageHandler
{
    private readonly Func<CannedRequest, Task<HttpResponseMessage>> _answer;
    private int _count;

    public CannedAws(Func<CannedRequest, HttpResponseMessage> answer)
        : this(r => Task.FromResult(answer(r)))
    {
    }

    public CannedAws(Func<CannedRequest, Task<HttpResponseMessage>> answer) => _answer = answer;

    public ConcurrentQueue<CannedRequest> Requests { get; } = new();

    /// <summary>Retries that take no time, a short attempt timeout, and no rate limits unless asked.</summary>
    public static ResilienceOptions Options { get; } = new()
    {
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        RateLimits = false,
    };

    public AwsClientFactory Factory(CallCounters? counters = null, ResilienceOptions? options = null, AWSCredentials? credentials = null) =>
        new(
            new AwsEnvironment(name => name switch
            {
                "AWS_REGION" => "us-east-1",
                "AWS_ENDPOINT_URL" => "http://aws.invalid",
                _ => null,
            }),
            credentials ?? new BasicAWSCredentials("AKIDTEST", "secret"),
            new AwsResilience(options ?? Options, counters ?? new CallCounters()),
            this);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) =>
        Answer(status, json, "application/json", headers);

    public static HttpResponseMessage Xml(string xml, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) =>
        Answer(status, xml, "text/xml", headers);

    public static HttpResponseMessage Answer(HttpStatusCode status, string body, string contentType, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>A 200 whose body stream breaks after half of <paramref name="body"/>, as a dropped connection does.</summary>
    public static HttpResponseMessage CutShort(string body) => new(HttpStatusCode.OK) { Content = new BreakingContent(Encoding.UTF8.GetBytes(body)) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : string.Empty;
        var marker = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        var key = marker < 0 ? string.Empty : authorization[(marker + "Credential=".Length)..].Split('/')[0];
        var canned = new CannedRequest(Interlocked.Increment(ref _count), request.Method, request.RequestUri!, body, request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.First() : null, key, DateTimeOffset.UtcNow, cancellationToken);
        Requests.Enqueue(canned);
        return await _answer(canned);
    }

    private sealed class BreakingContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            throw new IOException("The response ended prematurely (injected).");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}

/// <summary>One request as the canned AWS saw it: the sequence number counts attempts, retries included.</summary>
internal sealed record CannedRequest(int Sequence, HttpMethod Method, Uri Uri, string Body, string? Target, string AccessKeyId, DateTimeOffset At, CancellationToken Cancellation)
{
    public string Path => Uri.AbsolutePath;

    public string Query => Uri.Query;
}
