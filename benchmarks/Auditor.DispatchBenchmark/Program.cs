using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.DispatchBenchmark;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;

// Organization-wide audits, measured on this machine (not a test):
//  1. dispatch: the audit function in organization mode lists N accounts (a canned loopback Organizations, see
//     CannedAws) and queues one message per ACTIVE account: on moto's SQS (1,000 accounts), and on a canned SQS
//     (10,000 accounts) without and with AWS-like latencies; messages/s and API calls.
//  2. worker: K member accounts on moto, each audited by one worker invocation (BatchSize 1, as deployed), with C
//     invocations at a time; time and API calls per account, and what that means for 1,000 accounts.
//
//   dotnet run -c Release --project benchmarks/Auditor.DispatchBenchmark -- [--accounts 10000] [--runs 3]
//       [--moto-accounts 1000] [--list-latency-ms 100] [--send-latency-ms 20] [--call-latency-ms 50]
//       [--audit-accounts 24] [--concurrency 1,4,8]
var accounts = Option("--accounts", 10_000);
var runs = Option("--runs", 3);
var motoAccounts = Option("--moto-accounts", 1_000);
var listLatencyMs = Option("--list-latency-ms", 100);
var sendLatencyMs = Option("--send-latency-ms", 20);
var callLatencyMs = Option("--call-latency-ms", 50);
var auditAccounts = Option("--audit-accounts", 24);
var concurrencies = OptionList("--concurrency", [1, 4, 8]);

Console.WriteLine($"# Auditor organization benchmark ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
await using var moto = new MotoLifetime();
await moto.Server.InitializeAsync();
Console.WriteLine($"moto 5.2.1 at {moto.Server.Endpoint}");

// ---- 1. dispatch -------------------------------------------------------------------------------------------------
Console.WriteLine();
Console.WriteLine($"## Dispatch");
Console.WriteLine($"Every 50th account SUSPENDED. ListAccounts always from the canned loopback endpoint;");
Console.WriteLine($"SQS from moto for {motoAccounts:N0} accounts (moto's send cost grows with the queue), else canned too, with and without AWS-like latencies.");
Console.WriteLine();
Console.WriteLine("| SQS | accounts | latency ListAccounts / SendMessageBatch | queued | received | ListAccounts calls | SendMessageBatch calls | retries | wall time | messages/s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
var setups = new List<(string Sqs, int Accounts, int ListMs, int SendMs)> { ("moto", motoAccounts, 0, 0), ("canned", accounts, 0, 0), ("canned", accounts, listLatencyMs, sendLatencyMs) };
var rates = new Dictionary<string, List<double>>();
foreach (var setup in setups)
{
    using var organization = new CannedAws(setup.Accounts) { ListLatency = TimeSpan.FromMilliseconds(setup.ListMs), SendLatency = TimeSpan.FromMilliseconds(setup.SendMs) };
    var key = $"{setup.Sqs} {setup.Accounts} {setup.ListMs}/{setup.SendMs}";
    rates[key] = [];
    for (var run = 1; run <= runs; run++)
    {
        organization.Reset();
        await moto.Server.ResetAsync();
        var queueUrl = setup.Sqs == "moto"
            ? (await moto.Server.CallAsync("sqs", "create_queue", new JsonObject { ["QueueName"] = "audit" }))!["QueueUrl"]!.GetValue<string>()
            : "https://sqs.us-east-1.amazonaws.com/123456789012/audit";
        var variables = new Dictionary<string, string>(moto.Server.AwsVariables)
        {
            ["AWS_ENDPOINT_URL_ORGANIZATIONS"] = organization.Url,
            ["AUDIT_QUEUE_URL"] = queueUrl,
        };
        if (setup.Sqs == "canned")
        {
            variables["AWS_ENDPOINT_URL_SQS"] = organization.Url;
        }

        var clock = Stopwatch.StartNew();
        var response = await InvokeAsync("dispatch", """{"accounts":"all"}""", variables);
        clock.Stop();
        var queued = response["queued"]!.GetValue<int>();
        var received = setup.Sqs == "moto"
            ? int.Parse((await moto.Server.CallAsync("sqs", "get_queue_attributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") }))!["Attributes"]!["ApproximateNumberOfMessages"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : organization.Received.Distinct().Count();
        var calls = response["apiCallsByOperation"]!.AsObject();
        var retries = response["retries"]!.AsObject().Sum(r => r.Value!.GetValue<int>());
        var rate = queued / clock.Elapsed.TotalSeconds;
        rates[key].Add(rate);
        Console.WriteLine($"| {setup.Sqs} | {setup.Accounts:N0} | {setup.ListMs} / {setup.SendMs} ms | {queued:N0} | {received:N0} | {organization.ListCalls} | {calls["sqs:SendMessageBatch"]} | {retries} | {clock.Elapsed.TotalSeconds:F2} s | {rate:N0} |");
        if (queued != organization.ActiveCount || received != organization.ActiveCount || organization.ListCalls != calls["organizations:ListAccounts"]!.GetValue<int>())
        {
            Console.WriteLine($"ERROR: expected {organization.ActiveCount} messages, each once");
            return 1;
        }
    }
}

Console.WriteLine();
foreach (var (key, list) in rates)
{
    list.Sort();
    Console.WriteLine($"median {key}: {list[list.Count / 2]:N0} messages/s");
}

// ---- 2. worker -----------------------------------------------------------------------------------------------------
Console.WriteLine();
Console.WriteLine($"## Worker: {auditAccounts} member accounts on moto, one account per invocation");
// Every pass starts from a fresh organization, as a nightly run does: no account has a credential report yet.
async Task<(List<JsonObject> Messages, JsonObject Dispatched)> PrepareOrganizationAsync()
{
    await moto.Server.ResetAsync();
    await moto.Server.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
    var members = new JsonArray(Enumerable.Range(0, auditAccounts).Select(i => (JsonNode)new JsonObject
    {
        ["name"] = $"member-{i}",
        ["securityHubRegions"] = new JsonArray("us-east-1"),
        ["users"] = new JsonArray(new JsonObject { ["name"] = "developer", ["password"] = true }, new JsonObject { ["name"] = "operator", ["password"] = true, ["mfa"] = true }),
    }).ToArray());
    await moto.Server.SeedOrganizationAsync(new JsonObject { ["accounts"] = members });
    var queue = (await moto.Server.CallAsync("sqs", "create_queue", new JsonObject { ["QueueName"] = "audit" }))!["QueueUrl"]!.GetValue<string>();
    var dispatched = await InvokeAsync("dispatch", """{"accounts":"all","regions":["us-east-1"]}""", new Dictionary<string, string>(moto.Server.AwsVariables)
    {
        ["AUDIT_QUEUE_URL"] = queue,
        ["AUDIT_EXCLUDE_ACCOUNTS"] = MotoServer.AccountId,
    });
    var received = new List<JsonObject>();
    while (true)
    {
        var page = (await moto.Server.CallAsync("sqs", "receive_message", new JsonObject { ["QueueUrl"] = queue, ["MaxNumberOfMessages"] = 10, ["VisibilityTimeout"] = 3600 }))?["Messages"]?.AsArray();
        if (page is null || page.Count == 0)
        {
            return (received, dispatched);
        }

        received.AddRange(page.Select(m => m!.AsObject()));
    }
}

var (messages, dispatched) = await PrepareOrganizationAsync();
Console.WriteLine($"dispatched {dispatched["queued"]} accounts (run {dispatched["runId"]}); each audit: region us-east-1, every check, 2 IAM users.");
Console.WriteLine($"Every AWS call of the worker goes through a loopback proxy that adds 0 ms (moto as is) or {callLatencyMs} ms (an AWS-like round trip).");
Console.WriteLine();
Console.WriteLine("| added latency per call | concurrency | accounts | wall time | accounts/s | per account p50 | per account p95 | API calls per account | failed |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var perAccount = new List<(int Latency, int Concurrency, double P50, double Rate, double Calls)>();
foreach (var latency in new[] { 0, callLatencyMs })
{
    using var proxy = new AssumeRoleRefusingProxy(moto.Server.Endpoint, []) { Latency = TimeSpan.FromMilliseconds(latency) };
    var workerVariables = new Dictionary<string, string>(moto.Server.AwsVariables)
    {
        ["AWS_ENDPOINT_URL"] = proxy.Url,
        ["AUDIT_ROLE_NAME"] = "AuditorMemberRole",
        ["AUDIT_EXTERNAL_ID"] = "benchmark-external-id",
        ["AUDIT_REGIONS"] = "us-east-1",
    };

    // Warm-up (JIT, connection pool), not measured: one account audited once.
    _ = await InvokeAsync("worker", SqsEvent(messages[0]), workerVariables);
    foreach (var concurrency in concurrencies)
    {
        (messages, _) = await PrepareOrganizationAsync();
        using var gate = new SemaphoreSlim(concurrency);
        var durations = new List<double>();
        var calls = new List<int>();
        var failed = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(messages.Select(async message =>
        {
            await gate.WaitAsync();
            try
            {
                var clock = Stopwatch.StartNew();
                var response = await InvokeAsync("worker", SqsEvent(message), workerVariables);
                clock.Stop();
                var account = response["accounts"]![0]!;
                lock (durations)
                {
                    durations.Add(clock.Elapsed.TotalMilliseconds);
                    calls.Add(account["apiCalls"]!.GetValue<int>());
                    failed += response["batchItemFailures"]!.AsArray().Count;
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        wall.Stop();
        durations.Sort();
        var p50 = durations[durations.Count / 2];
        var p95 = durations[Math.Min(durations.Count - 1, (int)Math.Ceiling(durations.Count * 0.95) - 1)];
        var rate = messages.Count / wall.Elapsed.TotalSeconds;
        perAccount.Add((latency, concurrency, p50, rate, calls.Average()));
        Console.WriteLine($"| {latency} ms | {concurrency} | {messages.Count} | {wall.Elapsed.TotalSeconds:F1} s | {rate:F1} | {p50:F0} ms | {p95:F0} ms | {calls.Average():F0} | {failed} |");
    }
}

Console.WriteLine();
var local = perAccount.First(p => p.Latency == 0);
var remote = perAccount.First(p => p.Latency == callLatencyMs);
Console.WriteLine($"One account, audited alone: {local.P50:F0} ms on moto as is, {remote.P50:F0} ms with {callLatencyMs} ms per call ({remote.Calls:F0} calls, several of them");
Console.WriteLine("in parallel). Concurrent audits here share one moto process and 2 cores; in Lambda each invocation has its own CPU and");
Console.WriteLine("the services scale out, so 1,000 accounts take about 1,000 x per-account time / WorkerConcurrency (plus the dispatch):");
foreach (var c in new[] { 10, 50, 100 })
{
    Console.WriteLine($"  WorkerConcurrency {c,3}: 1,000 x {remote.P50 / 1000:F2} s / {c} = {1000 * remote.P50 / 1000 / c:F0} s");
}

return 0;

async Task<JsonObject> InvokeAsync(string function, string eventJson, IReadOnlyDictionary<string, string> variables)
{
    var environment = new FunctionEnvironment
    {
        Variables = name => variables.GetValueOrDefault(name),
        Time = TimeProvider.System,
        Log = new JsonLog(TextWriter.Null, TimeProvider.System, "ERROR"),
        Credentials = () => new BasicAWSCredentials("testing", "testing"),
    };
    var host = FunctionHost.Create(function, environment);
    var result = await host.InvokeAsync(new Invocation($"bench-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddMinutes(15), null, null, Encoding.UTF8.GetBytes(eventJson)), TimeProvider.System, CancellationToken.None);
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"{function} failed: {result.Error!.ErrorType}: {result.Error.ErrorMessage}");
    }

    return JsonNode.Parse(result.Response!)!.AsObject();
}

static string SqsEvent(JsonObject message) => new JsonObject
{
    ["Records"] = new JsonArray(new JsonObject
    {
        ["messageId"] = message["MessageId"]!.GetValue<string>(),
        ["receiptHandle"] = message["ReceiptHandle"]!.GetValue<string>(),
        ["body"] = message["Body"]!.GetValue<string>(),
        ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
        ["eventSource"] = "aws:sqs",
    }),
}.ToJsonString();

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

int[] OptionList(string name, int[] fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() : fallback;
}

/// <summary>moto for the benchmark's lifetime.</summary>
internal sealed class MotoLifetime : IAsyncDisposable
{
    public MotoServer Server { get; } = new();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
