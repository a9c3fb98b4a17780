using System.Net;

namespace Auditor.Testing;

/// <summary>
/// Sends a request a <see cref="LoopbackHttpServer"/> read on to the upstream behind a proxy (moto) and returns the
/// upstream's answer, hop-by-hop headers left out both ways. A forwarded call is carried through even when the
/// proxy's client has hung up, as AWS applies a call whose answer nobody reads; disposing cancels the calls in flight.
/// </summary>
public sealed class UpstreamForwarder(Uri upstream) : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    /// <summary>The upstream's answer to <paramref name="request"/>, sent with <paramref name="body"/> instead of its own when given.</summary>
    public async Task<LoopbackResponse> ForwardAsync(LoopbackRequest request, byte[]? body = null)
    {
        body ??= request.Body;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, request.Target.TrimStart('/')));
        if (body.Length > 0 || request.Method is "POST" or "PUT" or "PATCH")
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!HopByHop.Contains(name) && !message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(message).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !HopByHop.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        return new LoopbackResponse((int)response.StatusCode, headers, bytes);
    }

    public void Dispose() => _http.Dispose();
}
