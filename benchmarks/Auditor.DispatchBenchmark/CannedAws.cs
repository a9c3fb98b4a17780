using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Auditor.DispatchBenchmark;

/// <summary>
/// Organizations ListAccounts and SQS SendMessageBatch for a large organization, canned on a loopback port, with an
/// optional latency per call to model AWS. Why not moto: creating 10,000 accounts with CreateAccount takes many
/// minutes (moto makes an IAM role in each), and moto's SQS rescans every message on each send (its Queue.messages),
/// so 10,000 sends are quadratic. ListAccounts pages exactly like AWS (MaxResults per page, NextToken to the end);
/// SendMessageBatch answers as SQS's JSON protocol does, with each body's MD5, and records every message it took.
/// Every 50th account is SUSPENDED, so the dispatcher's filter does real work.
/// </summary>
public sealed class CannedAws : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private int _listCalls;
    private int _sendCalls;

    public CannedAws(int accounts)
    {
        Accounts = Enumerable.Range(0, accounts)
            .Select(i => (Id: (300000000000L + i).ToString(CultureInfo.InvariantCulture), State: i % 50 == 49 ? "SUSPENDED" : "ACTIVE"))
            .ToList();
        for (var attempt = 0; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<(string Id, string State)> Accounts { get; }

    public string Url { get; } = string.Empty;

    public TimeSpan ListLatency { get; set; }

    public TimeSpan SendLatency { get; set; }

    public int ListCalls => Volatile.Read(ref _listCalls);

    public int SendCalls => Volatile.Read(ref _sendCalls);

    /// <summary>The account id of every message taken, in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; private set; } = new();

    public int ActiveCount => Accounts.Count(a => a.State == "ACTIVE");

    public void Reset()
    {
        Received = new ConcurrentQueue<string>();
        Interlocked.Exchange(ref _listCalls, 0);
        Interlocked.Exchange(ref _sendCalls, 0);
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
            // ends with the listener
        }
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

            _ = Task.Run(async () =>
            {
                try
                {
                    await AnswerAsync(context).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // the client went away
                }
            });
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var target = context.Request.Headers["X-Amz-Target"] ?? string.Empty;
        var (reply, type, latency) = target switch
        {
            "AWSOrganizationsV20161128.ListAccounts" => (ListAccounts(JsonNode.Parse(body)!), "application/x-amz-json-1.1", ListLatency),
            "AmazonSQS.SendMessageBatch" => (SendMessageBatch(JsonNode.Parse(body)!), "application/x-amz-json-1.0", SendLatency),
            _ => ("""{"__type":"UnknownOperationException","message":"not canned"}""", "application/x-amz-json-1.1", TimeSpan.Zero),
        };
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency).ConfigureAwait(false);
        }

        var bytes = Encoding.UTF8.GetBytes(reply);
        context.Response.StatusCode = target.Length > 0 && !reply.Contains("UnknownOperation", StringComparison.Ordinal) ? 200 : 400;
        context.Response.ContentType = type;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }

    private string ListAccounts(JsonNode request)
    {
        Interlocked.Increment(ref _listCalls);
        var size = request["MaxResults"]?.GetValue<int>() ?? 20;
        var start = request["NextToken"]?.GetValue<string>() is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = new JsonArray(Accounts.Skip(start).Take(size).Select(a => (JsonNode)new JsonObject
        {
            ["Id"] = a.Id,
            ["Arn"] = $"arn:aws:organizations::123456789012:account/o-benchmark/{a.Id}",
            ["Name"] = $"account-{a.Id}",
            ["Email"] = $"{a.Id}@example.com",
            ["State"] = a.State,
            ["Status"] = a.State,
            ["JoinedMethod"] = "CREATED",
            ["JoinedTimestamp"] = 1700000000.0,
        }).ToArray());
        var reply = new JsonObject { [nameof(Accounts)] = page };
        if (start + size < Accounts.Count)
        {
            reply["NextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return reply.ToJsonString();
    }

    private string SendMessageBatch(JsonNode request)
    {
        Interlocked.Increment(ref _sendCalls);
        var successful = new JsonArray();
        foreach (var entry in request["Entries"]!.AsArray())
        {
            var messageBody = entry!["MessageBody"]!.GetValue<string>();
            Received.Enqueue(JsonNode.Parse(messageBody)!["accountId"]!.GetValue<string>());
#pragma warning disable CA5351 // SQS's checksum of the body (the SDK verifies it), not a security use.
            var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(messageBody)));
#pragma warning restore CA5351
            successful.Add(new JsonObject { ["Id"] = entry["Id"]!.GetValue<string>(), ["MessageId"] = Guid.NewGuid().ToString(), ["MD5OfMessageBody"] = md5 });
        }

        return new JsonObject { ["Successful"] = successful, ["Failed"] = new JsonArray() }.ToJsonString();
    }
}
