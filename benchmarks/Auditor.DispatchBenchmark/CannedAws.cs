using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Auditor.Testing;

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
    private readonly LoopbackHttpServer _server;
    private int _listCalls;
    private int _sendCalls;

    public CannedAws(int accounts)
    {
        Accounts = Enumerable.Range(0, accounts)
            .Select(i => (Id: (300000000000L + i).ToString(CultureInfo.InvariantCulture), State: i % 50 == 49 ? "SUSPENDED" : "ACTIVE"))
            .ToList();
        _server = LoopbackHttpServer.Start(AnswerAsync);
        Url = _server.BaseAddress.ToString().TrimEnd('/');
    }

    public IReadOnlyList<(string Id, string State)> Accounts { get; }

    public string Url { get; }

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

    public void Dispose() => _server.Dispose();

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        var target = request.Header("X-Amz-Target") ?? string.Empty;
        var (reply, type, latency) = target switch
        {
            "AWSOrganizationsV20161128.ListAccounts" => (ListAccounts(JsonNode.Parse(request.Body)!), "application/x-amz-json-1.1", ListLatency),
            "AmazonSQS.SendMessageBatch" => (SendMessageBatch(JsonNode.Parse(request.Body)!), "application/x-amz-json-1.0", SendLatency),
            _ => ("""{"__type":"UnknownOperationException","message":"not canned"}""", "application/x-amz-json-1.1", TimeSpan.Zero),
        };
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, aborted).ConfigureAwait(false);
        }

        var status = target.Length > 0 && !reply.Contains("UnknownOperation", StringComparison.Ordinal) ? 200 : 400;
        return LoopbackResponse.Text(status, type, reply);
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
