using System.Net;
using System.Net.Sockets;
using System.Text;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Testing;

/// <summary>
/// The loopback HTTP server under every fake, proxy and benchmark harness: what its users rely on, one behaviour
/// a test, against a plain <see cref="HttpClient"/>.
/// </summary>
public sealed class LoopbackHttpServerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Starts_on_a_free_loopback_port_and_hands_the_handler_the_whole_request()
    {
        LoopbackRequest? seen = null;
        await using var server = LoopbackHttpServer.Start((request, _) =>
        {
            seen = request;
            return Task.FromResult(LoopbackResponse.Text(201, "application/json", """{"ok":true}""", new KeyValuePair<string, string>("x-amzn-RequestId", "r-1")));
        });
        await using var other = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Empty(204)));

        using var content = new StringContent("Action=ListUsers", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync(new Uri(server.BaseAddress, "some/path?a=1&b=2"), content);

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.NotEqual(server.BaseAddress.Port, other.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("r-1", Assert.Single(response.Headers.GetValues("x-amzn-RequestId")));
        Assert.NotNull(seen);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/some/path", seen.Path);
        Assert.Equal("a=1&b=2", seen.Query);
        Assert.StartsWith("application/x-www-form-urlencoded", seen.ContentType, StringComparison.Ordinal);
        Assert.Equal("Action=ListUsers", seen.BodyText);
        Assert.Equal(server.BaseAddress.Authority, seen.Header("host"));
    }

    [Fact]
    public async Task A_chunked_request_body_reaches_the_handler_whole()
    {
        await using var server = LoopbackHttpServer.Start((request, _) => Task.FromResult(LoopbackResponse.Text(200, "text/plain", $"{request.Body.Length}:{request.Header("Transfer-Encoding")}")));
        var payload = new byte[100_000];
        Array.Fill(payload, (byte)'x');

        using var content = new StreamContent(new NonSeekableStream(payload));
        using var response = await _client.PostAsync(server.BaseAddress, content);

        Assert.Equal("100000:chunked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Requests_are_answered_concurrently_so_a_held_one_blocks_none()
    {
        const int count = 8;
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackHttpServer.Start(async (request, token) =>
        {
            if (Interlocked.Increment(ref arrived) == count)
            {
                all.SetResult();
            }

            // Each request is held until every one has arrived: served one at a time, none would ever be answered.
            await all.Task.WaitAsync(Wait, token);
            return LoopbackResponse.Text(200, "text/plain", request.Path);
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(i => _client.GetStringAsync(new Uri(server.BaseAddress, $"r{i}"))));

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"/r{i}"), answers);
    }

    [Fact]
    public async Task Disposing_releases_the_port()
    {
        var server = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Empty(200)));
        var address = server.BaseAddress;
        (await _client.GetAsync(address)).Dispose();

        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync(address));
        using var again = new TcpListener(IPAddress.Loopback, address.Port);
        again.Start();
    }

    [Fact]
    public async Task Disposing_cancels_a_held_request_without_waiting_for_it()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = LoopbackHttpServer.Start(async (_, token) =>
        {
            held.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return LoopbackResponse.Empty(200);
        });
        var call = _client.GetAsync(server.BaseAddress);
        await held.Task.WaitAsync(Wait);

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<HttpRequestException>(() => call);
    }

    [Fact]
    public async Task A_handler_exception_is_a_500_and_the_server_keeps_serving()
    {
        await using var server = LoopbackHttpServer.Start((request, _) => request.Path == "/throw"
            ? throw new InvalidOperationException("the handler broke")
            : Task.FromResult(LoopbackResponse.Text(200, "text/plain", "fine")));

        using var failed = await _client.GetAsync(new Uri(server.BaseAddress, "throw"));
        var next = await _client.GetStringAsync(new Uri(server.BaseAddress, "next"));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("the handler broke", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("fine", next);
    }

    [Fact]
    public async Task A_reset_answers_nothing_and_the_next_request_is_served()
    {
        await using var server = LoopbackHttpServer.Start((request, _) => Task.FromResult(request.Path == "/reset"
            ? LoopbackResponse.Reset
            : LoopbackResponse.Text(200, "text/plain", "fine")));

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync(new Uri(server.BaseAddress, "reset")));
        var next = await _client.GetStringAsync(new Uri(server.BaseAddress, "next"));

        Assert.Equal("fine", next);
    }

    [Fact]
    public async Task A_cut_body_declares_its_full_length_and_ends_early()
    {
        await using var server = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Text(200, "application/json", """{"Users":["alice","bob"]}""").Cut(10)));

        using var response = await _client.GetAsync(server.BaseAddress, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength;
        var read = await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());

        Assert.Equal(25, declared);
        Assert.True(read is HttpIOException or IOException or HttpRequestException, read.ToString());
    }

    [Fact]
    public async Task A_client_that_hangs_up_cancels_its_request()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackHttpServer.Start(async (_, token) =>
        {
            await using (token.Register(cancelled.SetResult))
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return LoopbackResponse.Empty(200);
        });
        using var impatient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(server.BaseAddress));

        await cancelled.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Without_keep_alive_every_answer_closes_its_connection()
    {
        await using var kept = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Empty(200)));
        await using var closing = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Empty(200)), keepAlive: false);

        using var fromKept = await _client.GetAsync(kept.BaseAddress);
        using var fromClosing = await _client.GetAsync(closing.BaseAddress);

        Assert.NotEqual(true, fromKept.Headers.ConnectionClose);
        Assert.True(fromClosing.Headers.ConnectionClose);
    }

    /// <summary>A body of unknown length, so that the client sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
