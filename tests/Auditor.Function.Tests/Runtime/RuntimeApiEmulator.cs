using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Auditor.Testing;

namespace Auditor.Function.Tests.Runtime;

/// <summary>
/// A Lambda Runtime API (2018-06-01) on a free loopback port, as much of it as a runtime sees: <c>GET
/// invocation/next</c> hands out queued events with <c>Lambda-Runtime-Aws-Request-Id</c> and
/// <c>Lambda-Runtime-Deadline-Ms</c> (waiting until one is queued, as Lambda does), and every POST (response,
/// error, init error) is recorded with its headers and body and answered 202 Accepted, or, past
/// <see cref="MaxPostBytes"/>, refused with 413 as Lambda refuses a payload over its 6 MB limit (not recorded).
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly Channel<QueuedEvent> _events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly Channel<RecordedPost> _posts = Channel.CreateUnbounded<RecordedPost>();
    private readonly List<string> _requests = [];
    private readonly LoopbackHttpServer _server;
    private int _refusedPosts;

    public RuntimeApiEmulator() => _server = LoopbackHttpServer.Start(AnswerAsync);

    public int Port => _server.BaseAddress.Port;

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c>: host and port, no scheme.</summary>
    public string Address => _server.BaseAddress.Authority;

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

    /// <summary>The largest POST body accepted; Lambda's limit for responses and errors is 6 MB.</summary>
    public int MaxPostBytes { get; init; } = 6 * 1024 * 1024;

    /// <summary>How many POSTs were refused with 413.</summary>
    public int RefusedPosts => Volatile.Read(ref _refusedPosts);

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

    /// <summary>Stops the server; a <c>next</c> still waiting for an event is dropped unanswered.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        var path = request.Path;
        lock (_requests)
        {
            _requests.Add($"{request.Method} {path}");
        }

        if (request.Method == "GET" && path == $"{Prefix}invocation/next")
        {
            var next = await _events.Reader.ReadAsync(aborted);
            return new LoopbackResponse(
                200,
                [
                    new("Content-Type", "application/json"),
                    new("Lambda-Runtime-Aws-Request-Id", next.RequestId),
                    new("Lambda-Runtime-Deadline-Ms", next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                    new("Lambda-Runtime-Invoked-Function-Arn", next.FunctionArn ?? "arn:aws:lambda:us-east-1:123456789012:function:auditor-audit"),
                    new("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                ],
                next.Payload);
        }

        if (request.Method == "POST" && path.StartsWith(Prefix, StringComparison.Ordinal) && request.Body.Length > MaxPostBytes)
        {
            Interlocked.Increment(ref _refusedPosts);
            return LoopbackResponse.Text(413, "application/json", $$"""{"errorMessage":"Exceeded maximum allowed payload size ({{MaxPostBytes}} bytes).","errorType":"RequestEntityTooLarge"}""");
        }

        if (request.Method == "POST" && path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var headers = request.Headers
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(",", g.Select(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            _posts.Writer.TryWrite(new RecordedPost(path[Prefix.Length..], request.ContentType, headers, request.BodyText, DateTimeOffset.UtcNow));
            return LoopbackResponse.Text(202, "application/json", """{"status":"OK"}""");
        }

        return LoopbackResponse.Text(404, "application/json", """{"errorMessage":"unknown path","errorType":"NotFound"}""");
    }

    private sealed record QueuedEvent(string RequestId, byte[] Payload, DateTimeOffset Deadline, string? FunctionArn);
}

/// <summary>One POST to the Runtime API: the path after <c>/2018-06-01/runtime/</c>, headers and body.</summary>
public sealed record RecordedPost(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
