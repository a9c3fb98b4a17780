namespace Auditor.Testing;

/// <summary>What the <see cref="FaultProxy"/> does to a call instead of (or on top of) forwarding it.</summary>
public enum Fault
{
    /// <summary>The service's own throttling answer: IAM/STS <c>Throttling</c> (400), EC2 <c>RequestLimitExceeded</c> (503),
    /// Shield <c>ThrottlingException</c> (400, json 1.1), GuardDuty <c>TooManyRequestsException</c> (429),
    /// Security Hub <c>LimitExceededException</c> (429).</summary>
    Throttle,

    /// <summary>HTTP 500 with the service's internal-error code.</summary>
    InternalError,

    /// <summary>HTTP 503 with the service's unavailable code.</summary>
    ServiceUnavailable,

    /// <summary>The service's access-denied answer (403; never worth a retry).</summary>
    AccessDenied,

    /// <summary>The service's expired-token answer (the credentials used to sign the call have expired).</summary>
    ExpiredToken,

    /// <summary>The request is read, then the connection is reset without an answer.</summary>
    ConnectionReset,

    /// <summary>The answer comes after <see cref="FaultRule.Delay"/>.</summary>
    Slow,

    /// <summary>The answer declares its full Content-Length, sends half the body and closes the connection.</summary>
    TruncatedBody,

    /// <summary>A complete HTTP answer (200, correct Content-Length) whose JSON/XML body is cut in half.</summary>
    MalformedBody,

    /// <summary>BatchImportFindings: some findings are not forwarded and come back in <c>FailedFindings</c>.</summary>
    PartialFailedFindings,

    /// <summary>Answer with <see cref="FaultRule.Canned"/> without asking the upstream.</summary>
    Canned,

    /// <summary>Forward (the body through <see cref="FaultRule.RewriteRequest"/>), then pass the answer through <see cref="FaultRule.Rewrite"/>.</summary>
    Rewrite,
}

/// <summary>
/// One fault for the calls it matches: an operation (<c>service:Operation</c>, <c>service:*</c> or <c>*</c>), optionally
/// a region and a predicate; fired on the first <see cref="Times"/> matching calls, or on each with
/// <see cref="Probability"/> drawn from the proxy's seeded random numbers.
/// </summary>
public sealed record FaultRule(string Operation, Fault Fault)
{
    /// <summary>Only calls signed for this region (null: any).</summary>
    public string? Region { get; init; }

    /// <summary>Fires on the first this-many matching calls only (null: on every matching call).</summary>
    public int? Times { get; init; }

    /// <summary>Chance that a matching call gets the fault (default 1).</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>Further condition on the call (for example on the access key that signed it).</summary>
    public Func<ProxyRequest, bool>? When { get; init; }

    /// <summary><see cref="Fault.Slow"/>: how late the answer comes (default 5 s).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="Fault.Slow"/>: forward first (the upstream applies the call, only the answer is late) or wait first.</summary>
    public bool ForwardBeforeDelay { get; init; } = true;

    /// <summary><see cref="Fault.Throttle"/>: a <c>Retry-After</c> header, in seconds.</summary>
    public double? RetryAfterSeconds { get; init; }

    /// <summary><see cref="Fault.PartialFailedFindings"/>: the error code of the findings that fail (LimitExceeded is retriable, InvalidInput is not).</summary>
    public string FailedFindingsErrorCode { get; init; } = "LimitExceeded";

    /// <summary><see cref="Fault.PartialFailedFindings"/>: every n-th finding of the batch fails, starting with the first (default 2).</summary>
    public int FailEveryNthFinding { get; init; } = 2;

    public Func<ProxyRequest, ProxyAnswer>? Canned { get; init; }

    /// <summary><see cref="Fault.Rewrite"/>: what becomes of the upstream's answer (null: unchanged).</summary>
    public Func<ProxyRequest, ProxyAnswer, ProxyAnswer>? Rewrite { get; init; }

    /// <summary><see cref="Fault.Rewrite"/>: the body forwarded upstream instead of the request's own (null: unchanged).</summary>
    public Func<ProxyRequest, byte[]>? RewriteRequest { get; init; }

    public bool Matches(ProxyRequest request)
    {
        var operationMatches = Operation == "*"
            || string.Equals(Operation, request.Operation, StringComparison.Ordinal)
            || (Operation.EndsWith(":*", StringComparison.Ordinal) && request.Operation.StartsWith(Operation[..^1], StringComparison.Ordinal));
        return operationMatches
            && (Region is null || string.Equals(Region, request.Region, StringComparison.Ordinal))
            && (When is null || When(request));
    }
}

/// <summary>A request as the proxy read it, with the AWS operation it names.</summary>
public sealed record ProxyRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string Service,
    string Region,
    string Operation,
    string AccessKeyId)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>An answer the proxy writes back.</summary>
public sealed record ProxyAnswer(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public static ProxyAnswer Json(int status, string json, params KeyValuePair<string, string>[] headers) =>
        new(status, [new("Content-Type", "application/json"), .. headers], System.Text.Encoding.UTF8.GetBytes(json));

    public static ProxyAnswer Xml(int status, string xml) =>
        new(status, [new("Content-Type", "text/xml")], System.Text.Encoding.UTF8.GetBytes(xml));

    public ProxyAnswer WithBody(string body) => this with { Body = System.Text.Encoding.UTF8.GetBytes(body) };
}

/// <summary>One call the proxy saw: which operation, signed by which key, and the fault it got (null: forwarded as is).</summary>
public sealed record ProxiedCall(int Sequence, string Operation, string Region, string AccessKeyId, Fault? Fault, DateTimeOffset At);
