using System.Diagnostics;
using System.Text.Json.Nodes;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Support;

/// <summary>
/// A loopback HTTP server that answers CloudTrail <c>LookupEvents</c> in its documented json 1.1 shapes, because moto
/// (5.2.1) does not implement LookupEvents. It checks each request (POST /, <c>Content-Type: application/x-amz-json-1.1</c>,
/// <c>X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents</c>, a SigV4 <c>Authorization</c>
/// for service <c>cloudtrail</c>), serves the pages it was given chained by <c>NextToken</c>, and can answer a request
/// with a throttling error (<c>400 {"__type":"ThrottlingException"}</c>), an access-denied error, or an HTML 500 as an
/// endpoint without the operation does. It records when each request arrived and in which signing region.
/// </summary>
public sealed class LookupEventsFixture : IDisposable
{
    public const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly List<Request> _requests = [];
    private readonly LoopbackHttpServer _server;

    public LookupEventsFixture() => _server = LoopbackHttpServer.Start(AnswerAsync);

    public Uri Endpoint => _server.BaseAddress;

    /// <summary>Pages of events per signing region; a region without pages answers one empty page.</summary>
    public Dictionary<string, List<JsonArray>> Pages { get; } = new(StringComparer.Ordinal);

    /// <summary>How long the n-th request (1-based) takes to be answered; nothing by default.</summary>
    public Func<int, TimeSpan> Latency { get; set; } = _ => TimeSpan.Zero;

    /// <summary>Decides the answer to the n-th request (1-based, all regions); null = serve the page.</summary>
    public Func<int, string, Answer?> Override { get; set; } = (_, _) => null;

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>A CloudTrail event entry as LookupEvents returns it, with its record in <c>CloudTrailEvent</c>.</summary>
    public static JsonObject Entry(JsonObject record, string? username = "root") => new()
    {
        ["EventId"] = record["eventID"]!.GetValue<string>(),
        ["EventName"] = record["eventName"]!.GetValue<string>(),
        ["ReadOnly"] = "false",
        ["EventTime"] = DateTimeOffset.Parse(record["eventTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
        ["EventSource"] = record["eventSource"]!.GetValue<string>(),
        ["Username"] = username,
        ["Resources"] = new JsonArray(),
        ["CloudTrailEvent"] = record.ToJsonString(),
    };

    public void Dispose() => _server.Dispose();

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest http, CancellationToken aborted)
    {
        var authorization = http.Header("Authorization") ?? string.Empty;
        var scope = authorization.Split("Credential=", 2) is [_, var rest] ? rest.Split(',')[0].Split('/') : [];
        var region = scope.Length >= 4 ? scope[2] : "unknown";
        var request = new Request(_clock.Elapsed, region, http.Method, http.Target, http.ContentType ?? string.Empty, http.Header("X-Amz-Target") ?? string.Empty, scope.Length >= 4 ? scope[3] : string.Empty, JsonNode.Parse(http.BodyText)?.AsObject() ?? []);
        int number;
        lock (_gate)
        {
            _requests.Add(request);
            number = _requests.Count;
        }

        if (Latency(number) is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, aborted).ConfigureAwait(false);
        }

        if (request.Target != Target || request.Method != "POST" || !request.ContentType.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal))
        {
            return Reply(400, "application/x-amz-json-1.1", """{"__type":"UnknownOperationException","message":"the fixture serves LookupEvents only"}""");
        }

        if (Override(number, region) is { } answer)
        {
            var reply = Reply(answer.Status, answer.ContentType, answer.Body);
            return answer.RetryAfterSeconds is { } seconds
                ? reply with { Headers = [.. reply.Headers, new("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))] }
                : reply;
        }

        var pages = Pages.TryGetValue(region, out var configured) && configured.Count > 0 ? configured : [[]];
        var index = request.Body["NextToken"]?.GetValue<string>() is { } token ? int.Parse(token.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = new JsonObject { ["Events"] = pages[index].DeepClone() };
        if (index + 1 < pages.Count)
        {
            page["NextToken"] = $"page-{index + 1}-{Guid.NewGuid():N}";
        }

        return Reply(200, "application/x-amz-json-1.1", page.ToJsonString());
    }

    /// <summary>An answer with a fresh request id, as the service sends.</summary>
    private static LoopbackResponse Reply(int status, string contentType, string body) =>
        LoopbackResponse.Text(status, contentType, body, new KeyValuePair<string, string>("x-amzn-RequestId", Guid.NewGuid().ToString()));

    public sealed record Request(TimeSpan At, string Region, string Method, string Path, string ContentType, string Target, string SigningService, JsonObject Body);

    public sealed record Answer(int Status, string ContentType, string Body, int? RetryAfterSeconds = null)
    {
        public static Answer Throttled { get; } = new(400, "application/x-amz-json-1.1", """{"__type":"ThrottlingException","message":"Rate exceeded"}""");

        public static Answer AccessDenied { get; } = new(400, "application/x-amz-json-1.1", """{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/auditor/run is not authorized to perform: cloudtrail:LookupEvents"}""");

        /// <summary>What moto 5.2.1 answers for an operation it does not implement.</summary>
        public static Answer NotImplemented { get; } = new(500, "text/html; charset=utf-8", "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>");
    }
}
