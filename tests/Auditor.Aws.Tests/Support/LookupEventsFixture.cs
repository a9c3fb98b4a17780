using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    private readonly HttpListener _listener = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _serving;
    private readonly object _gate = new();
    private readonly List<Request> _requests = [];

    public LookupEventsFixture()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

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

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
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

            try
            {
                await HandleAsync(context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await WriteAsync(context.Response, 500, "application/json", JsonSerializer.Serialize(new { __type = "FixtureFailure", message = e.ToString() })).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var http = context.Request;
        string body;
        using (var reader = new StreamReader(http.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var authorization = http.Headers["Authorization"] ?? string.Empty;
        var scope = authorization.Split("Credential=", 2) is [_, var rest] ? rest.Split(',')[0].Split('/') : [];
        var region = scope.Length >= 4 ? scope[2] : "unknown";
        var request = new Request(_clock.Elapsed, region, http.HttpMethod, http.RawUrl ?? string.Empty, http.ContentType ?? string.Empty, http.Headers["X-Amz-Target"] ?? string.Empty, scope.Length >= 4 ? scope[3] : string.Empty, JsonNode.Parse(body)?.AsObject() ?? []);
        int number;
        lock (_gate)
        {
            _requests.Add(request);
            number = _requests.Count;
        }

        if (Latency(number) is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency).ConfigureAwait(false);
        }

        if (request.Target != Target || request.Method != "POST" || !request.ContentType.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 400, "application/x-amz-json-1.1", """{"__type":"UnknownOperationException","message":"the fixture serves LookupEvents only"}""").ConfigureAwait(false);
            return;
        }

        if (Override(number, region) is { } answer)
        {
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteAsync(context.Response, answer.Status, answer.ContentType, answer.Body).ConfigureAwait(false);
            return;
        }

        var pages = Pages.TryGetValue(region, out var configured) && configured.Count > 0 ? configured : [[]];
        var index = request.Body["NextToken"]?.GetValue<string>() is { } token ? int.Parse(token.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var reply = new JsonObject { ["Events"] = pages[index].DeepClone() };
        if (index + 1 < pages.Count)
        {
            reply["NextToken"] = $"page-{index + 1}-{Guid.NewGuid():N}";
        }

        await WriteAsync(context.Response, 200, "application/x-amz-json-1.1", reply.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public sealed record Request(TimeSpan At, string Region, string Method, string Path, string ContentType, string Target, string SigningService, JsonObject Body);

    public sealed record Answer(int Status, string ContentType, string Body, int? RetryAfterSeconds = null)
    {
        public static Answer Throttled { get; } = new(400, "application/x-amz-json-1.1", """{"__type":"ThrottlingException","message":"Rate exceeded"}""");

        public static Answer AccessDenied { get; } = new(400, "application/x-amz-json-1.1", """{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/auditor/run is not authorized to perform: cloudtrail:LookupEvents"}""");

        /// <summary>What moto 5.2.1 answers for an operation it does not implement.</summary>
        public static Answer NotImplemented { get; } = new(500, "text/html; charset=utf-8", "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>");
    }
}
