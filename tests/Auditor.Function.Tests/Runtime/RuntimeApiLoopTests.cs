using System.Text;
using System.Text.Json.Nodes;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Functions;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;

namespace Auditor.Function.Tests.Runtime;

/// <summary>
/// The Runtime API loop in-process, against the emulator, with a fake function: what Lambda sees of each
/// invocation (response, error, init error) and that the deadline header reaches the handler.
/// </summary>
public sealed class RuntimeApiLoopTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RuntimeApiEmulator _api = new();
    private readonly StringWriter _logText = new();
    private RuntimeApiClient _client = null!;
    private RuntimeApiLoop _loop = null!;
    private JsonLog _log = null!;

    public Task InitializeAsync()
    {
        _client = new RuntimeApiClient(_api.Address);
        _log = new JsonLog(TextWriter.Synchronized(_logText), TimeProvider.System, "INFO");
        _loop = new RuntimeApiLoop(_client, TimeProvider.System, _log);
        return Task.CompletedTask;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _logText.DisposeAsync();
    }

    [Fact]
    public async Task A_successful_invocation_posts_the_functions_JSON_to_the_response_path()
    {
        InvocationContext? seen = null;
        string? payload = null;
        var host = Host((body, context, _) =>
        {
            seen = context;
            payload = Encoding.UTF8.GetString(body);
            return Task.FromResult(Encoding.UTF8.GetBytes($$"""{"answer":42,"requestId":"{{context.RequestId}}"}"""));
        });
        _api.Enqueue("req-ok-1", """{"regions":["us-east-1"]}""", DateTimeOffset.UtcNow.AddMinutes(5), "arn:aws:lambda:us-east-1:123456789012:function:audit");

        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        var post = await _api.NextPostAsync(Wait);
        Assert.Equal("invocation/req-ok-1/response", post.Path);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"answer":42,"requestId":"req-ok-1"}"""), JsonNode.Parse(post.Body)), post.Body);
        Assert.Equal("""{"regions":["us-east-1"]}""", payload);
        Assert.Equal("req-ok-1", seen!.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:audit", seen.InvokedFunctionArn);
    }

    [Fact]
    public async Task A_failing_function_posts_an_error_document_with_the_error_type_header()
    {
        var host = Host((_, _, _) => throw new InvalidOperationException("the bucket exploded"));
        _api.Enqueue("req-fail-1", "{}", DateTimeOffset.UtcNow.AddMinutes(5));

        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        var post = await _api.NextPostAsync(Wait);
        Assert.Equal("invocation/req-fail-1/error", post.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.ContentType);
        Assert.Equal("InvalidOperationException", post.Header("Lambda-Runtime-Function-Error-Type"));
        var body = post.Json;
        Assert.Equal("the bucket exploded", body["errorMessage"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", body["errorType"]!.GetValue<string>());
        var stack = body["stackTrace"]!.AsArray();
        Assert.NotEmpty(stack);
        Assert.All(stack, frame => Assert.False(string.IsNullOrWhiteSpace(frame!.GetValue<string>())));
        Assert.Contains(_logText.ToString().Split('\n'), line => line.Contains("\"level\":\"ERROR\"", StringComparison.Ordinal)
            && line.Contains("\"requestId\":\"req-fail-1\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("function", "ImportFailed", "ImportFailed")]
    [InlineData("event", "InvalidEvent", "regions[0]: 'x' is not a region name")]
    [InlineData("configuration", "InvalidConfiguration", "UNUSED_CREDENTIALS_DAYS: 'zero' is not a whole number")]
    public async Task Deliberate_errors_are_reported_with_their_own_type_and_no_stack(string kind, string expectedType, string expectedMessageStart)
    {
        Exception error = kind switch
        {
            "function" => new FunctionException("ImportFailed", "ImportFailed: 3 findings could not be imported"),
            "event" => new EventValidationException("regions[0]", "'x' is not a region name"),
            _ => new ConfigurationException("UNUSED_CREDENTIALS_DAYS", "'zero' is not a whole number of days between 1 and 3650"),
        };
        var host = Host((_, _, _) => throw error);
        _api.Enqueue("req-typed", "{}", DateTimeOffset.UtcNow.AddMinutes(5));

        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        var post = await _api.NextPostAsync(Wait);
        Assert.Equal("invocation/req-typed/error", post.Path);
        Assert.Equal(expectedType, post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal(expectedType, post.Json["errorType"]!.GetValue<string>());
        Assert.StartsWith(expectedMessageStart, post.Json["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(post.Json["stackTrace"]!.AsArray());
    }

    [Fact]
    public async Task An_error_too_large_for_the_runtime_api_is_posted_cut_short_and_the_loop_goes_on()
    {
        // A 1 MB value of quotes became a 6 MB error once JSON escaped each quote; Lambda answers such a post with 413.
        var huge = new string('\'', 1_100_000);
        var host = Host((body, context, _) => Encoding.UTF8.GetString(body) == "\"huge\""
            ? throw new FunctionException("ImportFailed", $"first: {huge}")
            : Task.FromResult("{}"u8.ToArray()));
        _api.Enqueue("req-huge", "\"huge\"", DateTimeOffset.UtcNow.AddMinutes(5));
        _api.Enqueue("req-after", "\"ok\"", DateTimeOffset.UtcNow.AddMinutes(5));

        await _loop.InvokeOnceAsync(host, CancellationToken.None);
        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        var error = await _api.NextPostAsync(Wait);
        Assert.Equal(1, _api.RefusedPosts);
        Assert.Equal("invocation/req-huge/error", error.Path);
        Assert.Equal("ImportFailed", error.Header("Lambda-Runtime-Function-Error-Type"));
        var message = error.Json["errorMessage"]!.GetValue<string>();
        Assert.StartsWith("first: '''", message, StringComparison.Ordinal);
        Assert.Contains("cut from 1100007 characters", message, StringComparison.Ordinal);
        Assert.True(error.Body.Length < 64 * 1024, $"{error.Body.Length} bytes");
        Assert.Equal("invocation/req-after/response", (await _api.NextPostAsync(Wait)).Path);
    }

    [Fact]
    public async Task The_deadline_header_reaches_the_handlers_context()
    {
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(7).ToUnixTimeMilliseconds());
        InvocationContext? seen = null;
        var host = Host((_, context, _) =>
        {
            seen = context;
            return Task.FromResult("{}"u8.ToArray());
        });
        _api.Enqueue("req-deadline", "{}", deadline);

        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        Assert.Equal("invocation/req-deadline/response", (await _api.NextPostAsync(Wait)).Path);
        Assert.Equal(deadline, seen!.Deadline);
        Assert.InRange(seen.RemainingTime, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task A_handler_still_running_at_the_deadline_is_cancelled_and_reports_DeadlineReached_in_time()
    {
        // Lambda would kill the sandbox at the deadline; the host stops the work DeadlineMargin before it.
        var deadline = DateTimeOffset.UtcNow + FunctionHost.DeadlineMargin + TimeSpan.FromMilliseconds(800);
        var cancelled = false;
        var host = Host(async (_, _, cancellationToken) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return "{}"u8.ToArray();
        });
        _api.Enqueue("req-slow", "{}", deadline);

        await _loop.InvokeOnceAsync(host, CancellationToken.None);

        var post = await _api.NextPostAsync(Wait);
        Assert.True(cancelled, "the handler's cancellation token was not cancelled");
        Assert.Equal("invocation/req-slow/error", post.Path);
        Assert.Equal("DeadlineReached", post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("DeadlineReached", post.Json["errorType"]!.GetValue<string>());
        Assert.True(post.ReceivedAt < deadline, $"the error arrived at {post.ReceivedAt:O}, after the deadline {deadline:O}");
    }

    [Fact]
    public async Task The_loop_serves_one_event_after_another_and_an_error_does_not_stop_it()
    {
        var host = Host((body, context, _) => Encoding.UTF8.GetString(body) == "\"fail\""
            ? throw new InvalidOperationException($"failed {context.RequestId}")
            : Task.FromResult(Encoding.UTF8.GetBytes($$"""{"done":"{{context.RequestId}}"}""")));
        _api.Enqueue("one", "\"ok\"", DateTimeOffset.UtcNow.AddMinutes(5));
        _api.Enqueue("two", "\"fail\"", DateTimeOffset.UtcNow.AddMinutes(5));
        _api.Enqueue("three", "\"ok\"", DateTimeOffset.UtcNow.AddMinutes(5));
        using var stop = new CancellationTokenSource();

        var running = _loop.RunAsync(host, stop.Token);
        var posts = new List<RecordedPost>();
        for (var i = 0; i < 3; i++)
        {
            posts.Add(await _api.NextPostAsync(Wait));
        }

        // After three events, the loop asks for a fourth: an error did not end it.
        await _api.WaitForNextRequestsAsync(4, Wait);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(["invocation/one/response", "invocation/two/error", "invocation/three/response"], posts.Select(p => p.Path));
        Assert.Equal("failed two", posts[1].Json["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_function_is_an_init_error_posted_once_to_init_error()
    {
        var environment = new FunctionEnvironment { Variables = _ => null, Time = TimeProvider.System, Log = _log };

        var failure = Assert.Throws<ConfigurationException>(() => FunctionHost.Create("no-such-function", environment));
        await _loop.ReportInitErrorAsync(failure, CancellationToken.None);

        var post = await _api.NextPostAsync(Wait);
        Assert.Equal("init/error", post.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.ContentType);
        var type = post.Header("Lambda-Runtime-Function-Error-Type");
        Assert.False(string.IsNullOrEmpty(type));
        Assert.Equal(type, post.Json["errorType"]!.GetValue<string>());
        Assert.Equal("InvalidConfiguration", type);
        var message = post.Json["errorMessage"]!.GetValue<string>();
        Assert.Contains("AUDITOR_FUNCTION", message, StringComparison.Ordinal);
        Assert.Contains("no-such-function", message, StringComparison.Ordinal);
        Assert.Contains("audit", message, StringComparison.Ordinal);
        Assert.NotNull(post.Json["stackTrace"]!.AsArray());
        Assert.False(_api.HasPendingPost);
        Assert.Equal(0, _api.NextRequests);
    }

    private FunctionHost Host(Func<byte[], InvocationContext, CancellationToken, Task<byte[]>> handle) =>
        new("fake", new FakeFunction(handle), _log);

    private sealed class FakeFunction(Func<byte[], InvocationContext, CancellationToken, Task<byte[]>> handle) : ILambdaFunction
    {
        public Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken) =>
            handle(payload, context, cancellationToken);
    }
}
