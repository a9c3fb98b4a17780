using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Auditor.Function.Tests.Runtime;

/// <summary>
/// A Lambda Runtime API (2018-06-01) on a free loopback port, as much of it as a runtime sees: <c>GET
/// invocation/next</c> hands out queued events with <c>Lambda-Runtime-Aws-Request-Id</c> and
/// <c>Lambda-Runtime-Deadline-Ms</c> (waiting until one is queued, as Lambda does), and every POST (response,
/// error, init error) is recorded with its headers and body and answered 202 Accepted.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly HttpListener _listener;
    private readonly Channel<QueuedEvent> _events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly Channel<RecordedPost> _posts = Channel.CreateUnbounded<RecordedPost>();
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public RuntimeApiEmulator()
    {
        (_listener, Port) = Listen();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c>: host and port, no scheme.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Every request seen so far, as "METHOD path".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int NextRequests => Requests.Count(r => r == $"GET {Prefix}invocation/next");

    /// <summary>Queues one event for <c>invocation/next</c>.</summary>
    public void Enqueue(string requestId, string payload, DateTimeOffset deadline, string? functionArn = null) =>
        _events.Writer.TryWrite(new QueuedEvent(requestId, Encoding.UTF8.GetBytes(payload), deadline, functionArn));

    /// <summary>The next POST the runtime made, in order; fails the test when none comes in time.</summary>
    public async Task<RecordedPost> NextPostAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            return await _posts.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no POST reached the Runtime API emulator within {timeout}; requests so far: {string.Join(", ", Requests)}");
        }
    }

    /// <summary>Waits until the runtime has asked for <paramref name="count"/> events in all.</summary>
    public async Task WaitForNextRequestsAsync(int count, TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        while (NextRequests < count)
        {
            try
            {
                await Task.Delay(20, wait.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the runtime asked for {NextRequests} events, not {count}, within {timeout}; requests: {string.Join(", ", Requests)}");
            }
        }
    }

    /// <summary>True when a POST is already recorded and not yet taken (for "posted exactly once").</summary>
    public bool HasPendingPost => _posts.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Closing twice on Linux's managed listener can complain; the socket is released either way.
        }
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static (HttpListener Listener, int Port) Listen()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath;
        lock (_requests)
        {
            _requests.Add($"{request.HttpMethod} {path}");
        }

        try
        {
            if (request.HttpMethod == "GET" && path == $"{Prefix}invocation/next")
            {
                var next = await _events.Reader.ReadAsync(_stop.Token);
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
                response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = next.FunctionArn ?? "arn:aws:lambda:us-east-1:123456789012:function:auditor-audit";
                response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
                response.ContentLength64 = next.Payload.Length;
                await response.OutputStream.WriteAsync(next.Payload);
            }
            else if (request.HttpMethod == "POST" && path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = request.Headers.AllKeys
                    .Where(k => k is not null)
                    .ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                _posts.Writer.TryWrite(new RecordedPost(path[Prefix.Length..], request.ContentType, headers, body, DateTimeOffset.UtcNow));
                await Reply(response, 202, """{"status":"OK"}""");
            }
            else
            {
                await Reply(response, 404, """{"errorMessage":"unknown path","errorType":"NotFound"}""");
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            response.Abort();
            return;
        }

        response.Close();
    }

    private static async Task Reply(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    private sealed record QueuedEvent(string RequestId, byte[] Payload, DateTimeOffset Deadline, string? FunctionArn);
}

/// <summary>One POST to the Runtime API: the path after <c>/2018-06-01/runtime/</c>, headers and body.</summary>
public sealed record RecordedPost(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
