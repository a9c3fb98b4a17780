using System.Collections.Specialized;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Auditor.Aws.Tests.Support;

/// <summary>
/// A tiny AWS stand-in on a free 127.0.0.1 port (System.Net.HttpListener) that answers scripted replies and
/// records every request. It is for what moto cannot do: error shapes, throttling, slow answers, partial
/// failures and odd pagination. Every test that uses it says why.
/// </summary>
public sealed class FakeAws : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<FakeRequest> _requests = [];
    private Func<FakeRequest, FakeReply> _responder = _ => FakeReply.Json("{}");

    public FakeAws()
    {
        HttpListener? listener = null;
        for (var attempt = 0; listener is null; attempt++)
        {
            var port = FreePort();
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                listener = candidate;
                Endpoint = new Uri($"http://127.0.0.1:{port}/");
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                candidate.Close();
            }
        }

        _listener = listener;
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The endpoint as an <c>AWS_ENDPOINT_URL*</c> value.</summary>
    public string Url => Endpoint.ToString().TrimEnd('/');

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Answers every request with what <paramref name="responder"/> returns for it.</summary>
    public FakeAws Respond(Func<FakeRequest, FakeReply> responder)
    {
        _responder = responder;
        return this;
    }

    /// <summary>The n-th request (from 0) gets the n-th reply; the last reply repeats after the script ends.</summary>
    public FakeAws Script(params FakeReply[] replies)
    {
        if (replies.Length == 0)
        {
            throw new ArgumentException("a script needs at least one reply", nameof(replies));
        }

        return Respond(request => replies[Math.Min(request.Index, replies.Length - 1)]);
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing to report.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            FakeRequest request;
            lock (_requests)
            {
                request = new FakeRequest(
                    _requests.Count,
                    _clock.Elapsed,
                    context.Request.HttpMethod,
                    context.Request.Url?.AbsolutePath ?? "/",
                    context.Request.Url?.Query.TrimStart('?') ?? string.Empty,
                    context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase),
                    body);
                _requests.Add(request);
            }

            FakeReply reply;
            try
            {
                reply = _responder(request);
            }
            catch (Exception e)
            {
                reply = new FakeReply(599, $"fake responder failed: {e}", "text/plain");
            }

            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay).ConfigureAwait(false);
            }

            var response = context.Response;
            response.StatusCode = reply.Status;
            response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers)
            {
                response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (an attempt timeout) or the fake is shutting down.
        }
    }
}

/// <summary>One request as the fake received it.</summary>
public sealed record FakeRequest(int Index, TimeSpan ReceivedAt, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The <c>X-Amz-Target</c> of a json 1.1 request.</summary>
    public string? Target => Header("X-Amz-Target");

    /// <summary>The form fields of a query-protocol request.</summary>
    public NameValueCollection Form => HttpUtility.ParseQueryString(Body);

    /// <summary>The <c>Action</c> of a query-protocol request.</summary>
    public string? Action => Form["Action"];

    public NameValueCollection QueryParameters => HttpUtility.ParseQueryString(Query);

    /// <summary>The credential scope of the SigV4 Authorization header: <c>region/service</c>.</summary>
    public string? SigningScope
    {
        get
        {
            var authorization = Header("Authorization");
            var start = authorization?.IndexOf("Credential=", StringComparison.Ordinal) ?? -1;
            if (authorization is null || start < 0)
            {
                return null;
            }

            var parts = authorization[(start + "Credential=".Length)..].Split(',')[0].Split('/');
            return parts.Length >= 4 ? $"{parts[2]}/{parts[3]}" : null;
        }
    }
}

/// <summary>A scripted answer, with builders for each AWS wire protocol's success and error shapes.</summary>
public sealed record FakeReply(int Status, string Body, string ContentType)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public TimeSpan Delay { get; init; }

    public FakeReply WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    public FakeReply After(TimeSpan delay) => this with { Delay = delay };

    public static FakeReply Json(string body, int status = 200) => new(status, body, "application/json");

    public static FakeReply Json11(string body, int status = 200) => new(status, body, "application/x-amz-json-1.1");

    public static FakeReply Xml(string body, int status = 200) => new(status, body, "text/xml");

    /// <summary>A query-protocol success (IAM): <c>&lt;XResponse&gt;&lt;XResult&gt;…</c>.</summary>
    public static FakeReply IamResult(string action, string resultXml) =>
        Xml($"<{action}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><{action}Result>{resultXml}</{action}Result><ResponseMetadata><RequestId>ok-{action}</RequestId></ResponseMetadata></{action}Response>");

    /// <summary>Query protocol (IAM, STS): <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>, request id in the body.</summary>
    public static FakeReply QueryError(int status, string code, string message, string requestId = "query-request-id") =>
        Xml(
            $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>{(status < 500 ? "Sender" : "Receiver")}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>",
            status);

    /// <summary>EC2: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> and <c>RequestID</c>.</summary>
    public static FakeReply Ec2Error(int status, string code, string message, string requestId = "ec2-request-id") =>
        Xml(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{requestId}</RequestID></Response>",
            status);

    /// <summary>json 1.1 (Shield): <c>__type</c> with a namespace before <c>#</c>, request id in a header.</summary>
    public static FakeReply Json11Error(int status, string code, string message, string requestId = "json11-request-id") =>
        Json11($"{{\"__type\":\"com.amazonaws.shield#{code}\",\"message\":\"{message}\"}}", status)
            .WithHeader("x-amzn-RequestId", requestId);

    /// <summary>rest-json (GuardDuty, Security Hub): <c>X-Amzn-ErrorType</c> header, body <c>message</c>.</summary>
    public static FakeReply RestJsonError(int status, string code, string message, string requestId = "restjson-request-id") =>
        Json($"{{\"message\":\"{message}\"}}", status)
            .WithHeader("X-Amzn-ErrorType", $"{code}:http://internal.amazon.com/coral/com.amazon.coral.service/")
            .WithHeader("x-amzn-RequestId", requestId);
}
