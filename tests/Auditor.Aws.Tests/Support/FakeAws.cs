using System.Collections.Specialized;
using System.Diagnostics;
using System.Web;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Support;

/// <summary>
/// A tiny AWS stand-in on a free 127.0.0.1 port (a <see cref="LoopbackHttpServer"/>) that answers scripted replies and
/// records every request. It is for what moto cannot do: error shapes, throttling, slow answers, partial
/// failures and odd pagination. Every test that uses it says why.
/// </summary>
public sealed class FakeAws : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<FakeRequest> _requests = [];
    private Func<FakeRequest, FakeReply> _responder = _ => FakeReply.Json("{}");

    public FakeAws() => _server = LoopbackHttpServer.Start(AnswerAsync);

    public Uri Endpoint => _server.BaseAddress;

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

    public void Dispose() => _server.Dispose();

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest http, CancellationToken aborted)
    {
        FakeRequest request;
        lock (_requests)
        {
            request = new FakeRequest(
                _requests.Count,
                _clock.Elapsed,
                http.Method,
                http.Path,
                http.Query,
                http.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => string.Join(",", g.Select(h => h.Value)), StringComparer.OrdinalIgnoreCase),
                http.BodyText);
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
            await Task.Delay(reply.Delay, aborted).ConfigureAwait(false);
        }

        return LoopbackResponse.Text(reply.Status, reply.ContentType, reply.Body, [.. reply.Headers]);
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
