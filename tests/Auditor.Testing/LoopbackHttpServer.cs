using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Auditor.Testing;

/// <summary>
/// The one HTTP/1.1 server of the test fakes, proxies and benchmark harnesses: it listens on a free 127.0.0.1 port
/// (bound once, so no other process can take the port between a probe and the bind), reads each request whole and
/// hands it to an async handler on its own task, so a held request (a long-poll <c>next</c>, a slow answer) never
/// blocks another. The handler's token is cancelled when the client hangs up or the server stops: an answer nobody
/// waits for is not written. A handler that throws answers 500 with the exception, and the server carries on.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable, IDisposable
{
    /// <summary>How long disposal waits for requests still being answered.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Framing headers: the server writes its own, whatever a handler's answer carries.</summary>
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive",
    };

    private readonly Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> _handler;
    private readonly bool _keepAlive;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<Task> _connections = [];
    private readonly Task _accepting;
    private int _disposed;

    private LoopbackHttpServer(Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler, bool keepAlive)
    {
        _handler = handler;
        _keepAlive = keepAlive;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>
    /// A server answering with <paramref name="handler"/>. With <paramref name="keepAlive"/> false every answer closes
    /// its connection, so a client never retries a call silently on a reused connection and request counts are exact.
    /// </summary>
    public static LoopbackHttpServer Start(Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler, bool keepAlive = true) =>
        new(handler ?? throw new ArgumentNullException(nameof(handler)), keepAlive);

    /// <summary><c>http://127.0.0.1:PORT/</c>; its <see cref="Uri.Authority"/> is the <c>127.0.0.1:PORT</c> form.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Stops listening (the port is free again), cancels the requests being answered and waits a while for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAny(Task.WhenAll(open), Task.Delay(DrainTimeout)).ConfigureAwait(false);
        if (open.All(t => t.IsCompleted))
        {
            _stop.Dispose();
        }
    }

    /// <summary>For owners that dispose synchronously; the server's own work never needs the caller's thread.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            var connection = Task.Run(() => ServeAsync(socket));
            lock (_connections)
            {
                _connections.Add(connection);
            }

            _ = connection.ContinueWith(
                done =>
                {
                    lock (_connections)
                    {
                        _connections.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            socket.NoDelay = true;
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new RequestReader(stream);
            try
            {
                while (await reader.ReadRequestAsync(_stop.Token).ConfigureAwait(false) is ({ } request, var clientKeepsAlive))
                {
                    using var aborted = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    reader.WatchForHangUp(aborted, _stop.Token);
                    if (await AnswerAsync(request, aborted.Token).ConfigureAwait(false) is not { } response)
                    {
                        return;
                    }

                    var keepAlive = _keepAlive && clientKeepsAlive && response is { ResetsConnection: false, SentBodyBytes: null };
                    await WriteAsync(socket, stream, response, keepAlive, _stop.Token).ConfigureAwait(false);
                    if (!keepAlive)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing more to answer.
            }
        }
    }

    /// <summary>The handler's answer; a 500 when it throws; null when nobody waits for an answer any more.</summary>
    private async Task<LoopbackResponse?> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        try
        {
            return await _handler(request, aborted).ConfigureAwait(false);
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            return LoopbackResponse.Text(500, "text/plain; charset=utf-8", $"the loopback handler failed on {request.Method} {request.Target}: {e}");
        }
    }

    private static async Task WriteAsync(Socket socket, NetworkStream stream, LoopbackResponse response, bool keepAlive, CancellationToken token)
    {
        if (response.ResetsConnection)
        {
            // Linger 0: close with RST, no answer at all.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return;
        }

        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers)
        {
            if (!Framing.Contains(name))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        head.Append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var bodyBytes = response.SentBodyBytes ?? response.Body.Length;

        // One write: a head and a body written apart can wait for a delayed ACK.
        var message = new byte[headBytes.Length + bodyBytes];
        headBytes.CopyTo(message, 0);
        Array.Copy(response.Body, 0, message, headBytes.Length, bodyBytes);
        await stream.WriteAsync(message, token).ConfigureAwait(false);
        if (response.SentBodyBytes is not null)
        {
            socket.Shutdown(SocketShutdown.Both);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    /// <summary>Reads requests off one connection: lines and exact byte counts, keeping what it read ahead.</summary>
    private sealed class RequestReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;
        private Task<int>? _readAhead;

        /// <summary>The next request and whether the client keeps the connection open after it; null at the end of the connection.</summary>
        public async Task<(LoopbackRequest Request, bool KeepAlive)?> ReadRequestAsync(CancellationToken token)
        {
            var requestLine = await ReadLineAsync(token).ConfigureAwait(false);
            if (string.IsNullOrEmpty(requestLine))
            {
                return null;
            }

            var parts = requestLine.Split(' ');
            var headers = new List<KeyValuePair<string, string>>();
            while (await ReadLineAsync(token).ConfigureAwait(false) is { Length: > 0 } line)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }

            var arrived = Stopwatch.GetTimestamp();
            string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (string.Equals(Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), token).ConfigureAwait(false);
            }

            var body = string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase)
                ? await ReadChunkedAsync(token).ConfigureAwait(false)
                : await ReadBytesAsync(int.TryParse(Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, token).ConfigureAwait(false);
            var version = parts.Length > 2 ? parts[2] : "HTTP/1.0";
            var keepAlive = version == "HTTP/1.1" && Header("Connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) != true;
            return (new LoopbackRequest(parts[0], parts.Length > 1 ? parts[1] : "/", headers, body, arrived), keepAlive);
        }

        /// <summary>
        /// Reads ahead while the request is being answered, so that a client that hangs up (end of stream, or an error)
        /// cancels <paramref name="aborted"/>; whatever arrives instead is kept for the next request.
        /// </summary>
        public void WatchForHangUp(CancellationTokenSource aborted, CancellationToken stop)
        {
            if (_start < _end || _readAhead is not null)
            {
                return; // the client already sent more: it has not hung up
            }

            _start = _end = 0;
            _readAhead = stream.ReadAsync(_buffer, stop).AsTask();
            _ = _readAhead.ContinueWith(
                read =>
                {
                    _ = read.Exception; // observed here; the next read sees it again
                    if (!read.IsCompletedSuccessfully || read.Result == 0)
                    {
                        try
                        {
                            aborted.Cancel();
                        }
                        catch (ObjectDisposedException)
                        {
                            // That request is answered already.
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken token)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(token).ConfigureAwait(false) ?? throw new IOException("the chunked body ended early");
                var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await ReadLineAsync(token).ConfigureAwait(false) is { Length: > 0 })
                    {
                        // trailers
                    }

                    return body.ToArray();
                }

                body.Write(await ReadBytesAsync(size, token).ConfigureAwait(false));
                await ReadLineAsync(token).ConfigureAwait(false);
            }
        }

        private async Task<string?> ReadLineAsync(CancellationToken token)
        {
            using var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync(token).ConfigureAwait(false))
                {
                    return line.Length == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                line.Write(_buffer, _start, stop - _start);
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                {
                    return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                }
            }
        }

        private async Task<byte[]> ReadBytesAsync(int count, CancellationToken token)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(token).ConfigureAwait(false))
                {
                    throw new IOException($"the request body ended after {filled} of {count} bytes");
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken token)
        {
            _start = 0;
            if (_readAhead is { } ahead)
            {
                _readAhead = null;
                _end = await ahead.ConfigureAwait(false);
            }
            else
            {
                _end = await stream.ReadAsync(_buffer, token).ConfigureAwait(false);
            }

            return _end > 0;
        }
    }
}
