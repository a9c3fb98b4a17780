using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Auditor.Testing;

/// <summary>
/// A loopback HTTP proxy in front of moto that injects faults into the auditor's AWS calls. Point
/// <c>AWS_ENDPOINT_URL</c> at <see cref="Endpoint"/>. Every call is identified as <c>service:Operation</c> (service and
/// region from the SigV4 credential scope; the operation from <c>X-Amz-Target</c> for json 1.1, the <c>Action</c> form
/// field for the query protocols, method and path for rest-json), counted, and matched against the
/// <see cref="FaultRule"/>s in order: the first rule that fires decides the call's fault, else it is forwarded as is.
/// Probabilities are drawn from one <see cref="Random"/> with a fixed seed. Every answer closes its connection, so
/// no call is silently retried by the HTTP stack on a reused connection and the counts are exact.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE",
    };

    private readonly TcpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _forward;
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Fired)> _rules = [];
    private readonly List<ProxiedCall> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private FaultProxy(Uri upstream, int seed)
    {
        _upstream = upstream;
        _random = new Random(seed);
        _forward = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy to <paramref name="upstream"/> on a free loopback port, its random numbers seeded with <paramref name="seed"/>.</summary>
    public static FaultProxy Start(Uri upstream, int seed = 20261125) => new(upstream, seed);

    public Uri Endpoint { get; }

    /// <summary>The value for <c>AWS_ENDPOINT_URL</c>.</summary>
    public string EndpointUrl => Endpoint.ToString().TrimEnd('/');

    public FaultProxy Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add((rule, 0));
        }

        return this;
    }

    public void ClearRules()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<ProxiedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>Calls of one operation (<c>service:Operation</c>), optionally in one region.</summary>
    public int CallsTo(string operation, string? region = null) =>
        Calls.Count(c => c.Operation == operation && (region is null || c.Region == region));

    /// <summary>Faults injected, optionally for one operation.</summary>
    public int FaultsInjected(string? operation = null) =>
        Calls.Count(c => c.Fault is not null && (operation is null || c.Operation == operation));

    /// <summary>Forgets the calls seen so far (the rules stay).</summary>
    public void ResetCounts()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
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
        lock (_gate)
        {
            open = [.. _connections];
        }

        await Task.WhenAny(Task.WhenAll(open), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _forward.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            var task = Task.Run(() => ServeAsync(client));
            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                var (rule, sequence) = Decide(request);
                await ApplyAsync(client, stream, request, rule, sequence).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (for example after its attempt timed out): nothing to answer.
            }
        }
    }

    private (FaultRule? Rule, int Sequence) Decide(ProxyRequest request)
    {
        lock (_gate)
        {
            FaultRule? chosen = null;
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, fired) = _rules[i];
                if (!rule.Matches(request) || (rule.Times is { } times && fired >= times))
                {
                    continue;
                }

                // Draw for every matching rule with a probability, so the sequence of draws depends only on the calls.
                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                _rules[i] = (rule, fired + 1);
                chosen = rule;
                break;
            }

            _calls.Add(new ProxiedCall(_calls.Count + 1, request.Operation, request.Region, request.AccessKeyId, chosen?.Fault, DateTimeOffset.UtcNow));
            return (chosen, _calls.Count);
        }
    }

    private async Task ApplyAsync(TcpClient client, NetworkStream stream, ProxyRequest request, FaultRule? rule, int sequence)
    {
        var token = _stop.Token;
        switch (rule?.Fault)
        {
            case null:
                await WriteAsync(stream, await ForwardAsync(request, request.Body, token).ConfigureAwait(false), token).ConfigureAwait(false);
                break;
            case Fault.Throttle:
                await WriteAsync(stream, ErrorAnswers.Throttling(request, sequence, rule.RetryAfterSeconds), token).ConfigureAwait(false);
                break;
            case Fault.InternalError:
                await WriteAsync(stream, ErrorAnswers.Internal(request, sequence, 500), token).ConfigureAwait(false);
                break;
            case Fault.ServiceUnavailable:
                await WriteAsync(stream, ErrorAnswers.Internal(request, sequence, 503), token).ConfigureAwait(false);
                break;
            case Fault.AccessDenied:
                await WriteAsync(stream, ErrorAnswers.AccessDenied(request, sequence), token).ConfigureAwait(false);
                break;
            case Fault.ExpiredToken:
                await WriteAsync(stream, ErrorAnswers.ExpiredToken(request, sequence), token).ConfigureAwait(false);
                break;
            case Fault.ConnectionReset:
                // Linger 0: close with RST, no answer at all.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                break;
            case Fault.Slow when rule.ForwardBeforeDelay:
                var late = await ForwardAsync(request, request.Body, token).ConfigureAwait(false);
                await Task.Delay(rule.Delay, token).ConfigureAwait(false);
                await WriteAsync(stream, late, token).ConfigureAwait(false);
                break;
            case Fault.Slow:
                await Task.Delay(rule.Delay, token).ConfigureAwait(false);
                if (IsClosed(client))
                {
                    return; // the caller gave up: do not apply a call nobody waits for
                }

                await WriteAsync(stream, await ForwardAsync(request, request.Body, token).ConfigureAwait(false), token).ConfigureAwait(false);
                break;
            case Fault.TruncatedBody:
                var whole = await ForwardAsync(request, request.Body, token).ConfigureAwait(false);
                await WriteAsync(stream, whole, token, sendBytes: whole.Body.Length / 2).ConfigureAwait(false);
                client.Client.Shutdown(SocketShutdown.Both);
                break;
            case Fault.MalformedBody:
                var full = await ForwardAsync(request, request.Body, token).ConfigureAwait(false);
                await WriteAsync(stream, full with { Body = full.Body[..(full.Body.Length / 2)] }, token).ConfigureAwait(false);
                break;
            case Fault.PartialFailedFindings when request.Operation == "securityhub:BatchImportFindings":
                await WriteAsync(stream, await PartialImportAsync(request, rule, token).ConfigureAwait(false), token).ConfigureAwait(false);
                break;
            case Fault.PartialFailedFindings:
                await WriteAsync(stream, await ForwardAsync(request, request.Body, token).ConfigureAwait(false), token).ConfigureAwait(false);
                break;
            case Fault.Canned:
                await WriteAsync(stream, rule.Canned!(request), token).ConfigureAwait(false);
                break;
            case Fault.Rewrite:
                var forwardBody = rule.RewriteRequest?.Invoke(request) ?? request.Body;
                var answer = await ForwardAsync(request, forwardBody, token).ConfigureAwait(false);
                await WriteAsync(stream, rule.Rewrite?.Invoke(request, answer) ?? answer, token).ConfigureAwait(false);
                break;
        }
    }

    private static bool IsClosed(TcpClient client)
    {
        try
        {
            return client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Forwards every n-th finding to nobody: the rest go upstream, the skipped ones come back as FailedFindings.</summary>
    private async Task<ProxyAnswer> PartialImportAsync(ProxyRequest request, FaultRule rule, CancellationToken token)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var findings = body["Findings"]!.AsArray().Select(f => f!.DeepClone()).ToList();
        var failed = findings.Where((_, i) => i % rule.FailEveryNthFinding == 0).ToList();
        var kept = findings.Where((_, i) => i % rule.FailEveryNthFinding != 0).ToList();
        JsonObject upstream;
        if (kept.Count > 0)
        {
            var forwarded = new JsonObject { ["Findings"] = new JsonArray([.. kept]) };
            var answer = await ForwardAsync(request, Encoding.UTF8.GetBytes(forwarded.ToJsonString()), token).ConfigureAwait(false);
            if (answer.Status != 200)
            {
                return answer;
            }

            upstream = JsonNode.Parse(answer.Body)!.AsObject();
        }
        else
        {
            upstream = new JsonObject { ["FailedCount"] = 0, ["SuccessCount"] = 0, ["FailedFindings"] = new JsonArray() };
        }

        var failures = upstream["FailedFindings"]?.AsArray() ?? [];
        var all = new JsonArray([.. failures.Select(f => f!.DeepClone())]);
        foreach (var finding in failed)
        {
            all.Add(new JsonObject
            {
                ["Id"] = finding!["Id"]!.GetValue<string>(),
                ["ErrorCode"] = rule.FailedFindingsErrorCode,
                ["ErrorMessage"] = rule.FailedFindingsErrorCode == "LimitExceeded" ? "Rate exceeded for this finding; try again later" : "Finding is invalid (injected)",
            });
        }

        var result = new JsonObject
        {
            ["FailedCount"] = all.Count,
            ["SuccessCount"] = (upstream["SuccessCount"]?.GetValue<int>() ?? 0),
            ["FailedFindings"] = all,
        };
        return ProxyAnswer.Json(200, result.ToJsonString());
    }

    private async Task<ProxyAnswer> ForwardAsync(ProxyRequest request, byte[] body, CancellationToken token)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.PathAndQuery.TrimStart('/')));
        if (body.Length > 0 || request.Method is "POST" or "PUT" or "PATCH")
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _forward.SendAsync(message, token).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !HopByHop.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        return new ProxyAnswer((int)response.StatusCode, headers, bytes);
    }

    private static async Task WriteAsync(NetworkStream stream, ProxyAnswer answer, CancellationToken token, int? sendBytes = null)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} {Reason(answer.Status)}\r\n");
        foreach (var (name, value) in answer.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {answer.Body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), token).ConfigureAwait(false);
        await stream.WriteAsync(answer.Body.AsMemory(0, sendBytes ?? answer.Body.Length), token).ConfigureAwait(false);
        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static async Task<ProxyRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken token)
    {
        var reader = new RequestReader(stream);
        var requestLine = await reader.ReadLineAsync(token).ConfigureAwait(false);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        while (await reader.ReadLineAsync(token).ConfigureAwait(false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (string.Equals(Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), token).ConfigureAwait(false);
        }

        byte[] body;
        if (string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            while (true)
            {
                var size = int.Parse((await reader.ReadLineAsync(token).ConfigureAwait(false))!.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await reader.ReadLineAsync(token).ConfigureAwait(false) is { Length: > 0 })
                    {
                    }

                    break;
                }

                buffer.Write(await reader.ReadBytesAsync(size, token).ConfigureAwait(false));
                await reader.ReadLineAsync(token).ConfigureAwait(false);
            }

            body = buffer.ToArray();
        }
        else
        {
            var length = int.TryParse(Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            body = await reader.ReadBytesAsync(length, token).ConfigureAwait(false);
        }

        var (service, region, accessKey) = CredentialScope(Header("Authorization"));
        var pathAndQuery = parts.Length > 1 ? parts[1] : "/";
        return new ProxyRequest(parts[0], pathAndQuery, headers, body, service, region, service + ":" + OperationOf(parts[0], pathAndQuery, Header("X-Amz-Target"), Header("Content-Type"), body), accessKey);
    }

    /// <summary>Service, region and access key id from <c>Credential=AKID/date/region/service/aws4_request</c>.</summary>
    private static (string Service, string Region, string AccessKeyId) CredentialScope(string? authorization)
    {
        const string marker = "Credential=";
        var start = authorization?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return ("unsigned", "none", string.Empty);
        }

        var scope = authorization![(start + marker.Length)..].Split(',')[0].Trim().Split('/');
        return scope.Length >= 4 ? (scope[3], scope[2], scope[0]) : ("unknown", "none", scope[0]);
    }

    private static string OperationOf(string method, string pathAndQuery, string? target, string? contentType, byte[] body)
    {
        if (!string.IsNullOrEmpty(target))
        {
            return target[(target.LastIndexOf('.') + 1)..];
        }

        if (contentType?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var pair in Encoding.UTF8.GetString(body).Split('&'))
            {
                var kv = pair.Split('=', 2);
                if (kv[0] == "Action" && kv.Length == 2)
                {
                    return Uri.UnescapeDataString(kv[1].Replace('+', ' '));
                }
            }
        }

        var path = pathAndQuery.Split('?')[0].TrimEnd('/');
        return (method, path) switch
        {
            ("GET", "/detector") => "ListDetectors",
            ("GET", _) when path.StartsWith("/detector/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2 => "GetDetector",
            ("POST", "/findings") => "GetFindings",
            ("POST", "/findings/import") => "BatchImportFindings",
            ("PATCH", "/findings/batchupdate") => "BatchUpdateFindings",
            ("GET", "/accounts") => "DescribeHub",
            _ => $"{method} {path}",
        };
    }

    /// <summary>Reads lines and exact byte counts from a stream, keeping what it read ahead.</summary>
    private sealed class RequestReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken token)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(token).ConfigureAwait(false))
                {
                    return line.Count == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                }

                var b = _buffer[_start++];
                if (b == (byte)'\n')
                {
                    return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                }

                line.Add(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count, CancellationToken token)
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
            _end = await stream.ReadAsync(_buffer, token).ConfigureAwait(false);
            return _end > 0;
        }
    }
}

/// <summary>Error answers in each service's own wire format.</summary>
internal static class ErrorAnswers
{
    public static ProxyAnswer Throttling(ProxyRequest request, int sequence, double? retryAfterSeconds)
    {
        var answer = request.Service switch
        {
            "ec2" => Ec2(503, "RequestLimitExceeded", "Request limit exceeded.", sequence),
            "iam" or "sts" => Query(request.Service, 400, "Sender", "Throttling", "Rate exceeded", sequence),
            "securityhub" => RestJson(429, "LimitExceededException", """{"Code":"LimitExceededException","Message":"Rate exceeded"}""", sequence),
            "guardduty" => RestJson(429, "TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.guardduty/", """{"message":"Rate exceeded","__type":"TooManyRequestsException"}""", sequence),
            _ when request.Header("X-Amz-Target") is not null => Json11(400, "com.amazonaws.shield#ThrottlingException", "Rate exceeded", sequence),
            _ => RestJson(429, "TooManyRequestsException", """{"message":"Too Many Requests"}""", sequence),
        };
        return retryAfterSeconds is { } seconds
            ? answer with { Headers = [.. answer.Headers, new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture))] }
            : answer;
    }

    public static ProxyAnswer Internal(ProxyRequest request, int sequence, int status)
    {
        var unavailable = status == 503;
        return request.Service switch
        {
            "ec2" => Ec2(status, unavailable ? "Unavailable" : "InternalError", "An internal error has occurred", sequence),
            "iam" or "sts" => Query(request.Service, status, "Receiver", unavailable ? "ServiceUnavailable" : "InternalFailure", "An internal error has occurred", sequence),
            "securityhub" => RestJson(status, unavailable ? "ServiceUnavailableException" : "InternalException", """{"Code":"InternalException","Message":"Internal service error"}""", sequence),
            "guardduty" => RestJson(status, unavailable ? "ServiceUnavailableException" : "InternalServerErrorException", """{"message":"Internal server error"}""", sequence),
            _ when request.Header("X-Amz-Target") is not null => Json11(status, unavailable ? "ServiceUnavailableException" : "InternalErrorException", "Internal error", sequence),
            _ => RestJson(status, "InternalFailure", "{}", sequence),
        };
    }

    public static ProxyAnswer AccessDenied(ProxyRequest request, int sequence) => request.Service switch
    {
        "ec2" => Ec2(403, "UnauthorizedOperation", "You are not authorized to perform this operation.", sequence),
        "iam" or "sts" => Query(request.Service, 403, "Sender", "AccessDenied", $"User is not authorized to perform: {request.Operation}", sequence),
        _ when request.Header("X-Amz-Target") is not null => Json11(400, "AccessDeniedException", $"User is not authorized to perform: {request.Operation}", sequence),
        _ => RestJson(403, "AccessDeniedException", $$"""{"message":"User is not authorized to perform: {{request.Operation}}"}""", sequence),
    };

    public static ProxyAnswer ExpiredToken(ProxyRequest request, int sequence) => request.Service switch
    {
        "ec2" or "iam" or "sts" => request.Service == "ec2"
            ? Ec2(400, "RequestExpired", "Request has expired.", sequence)
            : Query(request.Service, 403, "Sender", "ExpiredToken", "The security token included in the request is expired", sequence),
        _ when request.Header("X-Amz-Target") is not null => Json11(400, "ExpiredTokenException", "The security token included in the request is expired", sequence),
        _ => RestJson(403, "ExpiredTokenException", """{"message":"The security token included in the request is expired"}""", sequence),
    };

    private static ProxyAnswer Query(string service, int status, string type, string code, string message, int sequence)
    {
        var ns = service == "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/";
        return new ProxyAnswer(
            status,
            [new("Content-Type", "text/xml"), new("x-amzn-RequestId", RequestId(sequence))],
            Encoding.UTF8.GetBytes($"<ErrorResponse xmlns=\"{ns}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{RequestId(sequence)}</RequestId></ErrorResponse>"));
    }

    private static ProxyAnswer Ec2(int status, string code, string message, int sequence) => new(
        status,
        [new("Content-Type", "text/xml;charset=UTF-8")],
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{RequestId(sequence)}</RequestID></Response>"));

    private static ProxyAnswer Json11(int status, string type, string message, int sequence) => new(
        status,
        [new("Content-Type", "application/x-amz-json-1.1"), new("x-amzn-RequestId", RequestId(sequence))],
        Encoding.UTF8.GetBytes($$"""{"__type":"{{type}}","message":"{{message}}"}"""));

    private static ProxyAnswer RestJson(int status, string errorType, string body, int sequence) => new(
        status,
        [new("Content-Type", "application/json"), new("X-Amzn-ErrorType", errorType), new("x-amzn-RequestId", RequestId(sequence))],
        Encoding.UTF8.GetBytes(body));

    private static string RequestId(int sequence) => $"fault-proxy-{sequence:D6}";
}
