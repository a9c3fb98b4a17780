using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Auditor.Function.Runtime;

/// <summary>The HTTP side of the Lambda Runtime API: next, response, error and init error.</summary>
public sealed class RuntimeApiClient : IDisposable
{
    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        // No timeout: the sandbox freezes the process between invocations while `next` waits.
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/{RuntimeHeaders.ApiVersion}/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("invocation/next", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, RuntimeHeaders.RequestId) ?? throw new InvalidOperationException($"The Runtime API sent no {RuntimeHeaders.RequestId} header.");
        var deadline = long.TryParse(Header(response, RuntimeHeaders.DeadlineMs), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow.AddMinutes(15);
        return new Invocation(requestId, deadline, Header(response, RuntimeHeaders.InvokedFunctionArn), Header(response, RuntimeHeaders.TraceId), payload);
    }

    public async Task PostResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var answer = await _http.PostAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        answer.EnsureSuccessStatusCode();
    }

    public Task PostErrorAsync(string requestId, FunctionError error, CancellationToken cancellationToken) =>
        PostErrorToAsync($"invocation/{requestId}/error", error, cancellationToken);

    public Task PostInitErrorAsync(FunctionError error, CancellationToken cancellationToken) =>
        PostErrorToAsync("init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorToAsync(string path, FunctionError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, FunctionJsonContext.Default.FunctionError));
        content.Headers.ContentType = new MediaTypeHeaderValue(RuntimeHeaders.ErrorContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation(RuntimeHeaders.FunctionErrorType, error.ErrorType);
        using var answer = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        answer.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
