using System.Globalization;
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
    private readonly LoopbackHttpServer _server;
    private readonly UpstreamForwarder _forward;
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Fired)> _rules = [];
    private readonly List<ProxiedCall> _calls = [];

    private FaultProxy(Uri upstream, int seed)
    {
        _random = new Random(seed);
        _forward = new UpstreamForwarder(upstream);
        _server = LoopbackHttpServer.Start(AnswerAsync, keepAlive: false);
    }

    /// <summary>A proxy to <paramref name="upstream"/> on a free loopback port, its random numbers seeded with <paramref name="seed"/>.</summary>
    public static FaultProxy Start(Uri upstream, int seed = 20261125) => new(upstream, seed);

    public Uri Endpoint => _server.BaseAddress;

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
        // The forwarder first: it cancels the forwarded calls, which end the requests still being answered.
        _forward.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The answer to one call. <paramref name="aborted"/> ends a delay when the caller gives up; a forwarded call is
    /// carried through regardless, so the upstream applies it as AWS would.
    /// </summary>
    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest http, CancellationToken aborted)
    {
        var request = Read(http);
        var (rule, sequence) = Decide(request);
        switch (rule?.Fault)
        {
            case null:
                return Written(await ForwardAsync(http).ConfigureAwait(false));
            case Fault.Throttle:
                return Written(ErrorAnswers.Throttling(request, sequence, rule.RetryAfterSeconds));
            case Fault.InternalError:
                return Written(ErrorAnswers.Internal(request, sequence, 500));
            case Fault.ServiceUnavailable:
                return Written(ErrorAnswers.Internal(request, sequence, 503));
            case Fault.AccessDenied:
                return Written(ErrorAnswers.AccessDenied(request, sequence));
            case Fault.ExpiredToken:
                return Written(ErrorAnswers.ExpiredToken(request, sequence));
            case Fault.ConnectionReset:
                return LoopbackResponse.Reset;
            case Fault.Slow when rule.ForwardBeforeDelay:
                var late = await ForwardAsync(http).ConfigureAwait(false);
                await Task.Delay(rule.Delay, aborted).ConfigureAwait(false);
                return Written(late);
            case Fault.Slow:
                // A caller that gives up meanwhile cancels the delay: a call nobody waits for is not applied.
                await Task.Delay(rule.Delay, aborted).ConfigureAwait(false);
                return Written(await ForwardAsync(http).ConfigureAwait(false));
            case Fault.TruncatedBody:
                var whole = await ForwardAsync(http).ConfigureAwait(false);
                return Written(whole).Cut(whole.Body.Length / 2);
            case Fault.MalformedBody:
                var full = await ForwardAsync(http).ConfigureAwait(false);
                return Written(full with { Body = full.Body[..(full.Body.Length / 2)] });
            case Fault.PartialFailedFindings when request.Operation == "securityhub:BatchImportFindings":
                return Written(await PartialImportAsync(http, rule).ConfigureAwait(false));
            case Fault.PartialFailedFindings:
                return Written(await ForwardAsync(http).ConfigureAwait(false));
            case Fault.Canned:
                return Written(rule.Canned!(request));
            case Fault.Rewrite:
                var answer = await ForwardAsync(http, rule.RewriteRequest?.Invoke(request)).ConfigureAwait(false);
                return Written(rule.Rewrite?.Invoke(request, answer) ?? answer);
            default:
                throw new InvalidOperationException($"no answer for fault {rule.Fault}");
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

    /// <summary>Forwards every n-th finding to nobody: the rest go upstream, the skipped ones come back as FailedFindings.</summary>
    private async Task<ProxyAnswer> PartialImportAsync(LoopbackRequest http, FaultRule rule)
    {
        var body = JsonNode.Parse(http.Body)!.AsObject();
        var findings = body["Findings"]!.AsArray().Select(f => f!.DeepClone()).ToList();
        var failed = findings.Where((_, i) => i % rule.FailEveryNthFinding == 0).ToList();
        var kept = findings.Where((_, i) => i % rule.FailEveryNthFinding != 0).ToList();
        JsonObject upstream;
        if (kept.Count > 0)
        {
            var forwarded = new JsonObject { ["Findings"] = new JsonArray([.. kept]) };
            var answer = await ForwardAsync(http, Encoding.UTF8.GetBytes(forwarded.ToJsonString())).ConfigureAwait(false);
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

    private async Task<ProxyAnswer> ForwardAsync(LoopbackRequest http, byte[]? body = null)
    {
        var answer = await _forward.ForwardAsync(http, body).ConfigureAwait(false);
        return new ProxyAnswer(answer.Status, answer.Headers, answer.Body);
    }

    private static LoopbackResponse Written(ProxyAnswer answer) => new(answer.Status, answer.Headers, answer.Body);

    /// <summary>The call a request makes: service, region and key from its signature, the operation from its protocol.</summary>
    private static ProxyRequest Read(LoopbackRequest http)
    {
        var (service, region, accessKey) = CredentialScope(http.Header("Authorization"));
        var operation = service + ":" + OperationOf(http.Method, http.Target, http.Header("X-Amz-Target"), http.ContentType, http.Body);
        return new ProxyRequest(http.Method, http.Target, http.Headers, http.Body, service, region, operation, accessKey);
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
            ("GET", "/analyzer") => "ListAnalyzers",
            ("POST", "/status/batch/get") => "BatchGetAccountStatus",
            _ => $"{method} {path}",
        };
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
