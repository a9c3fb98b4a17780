using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// Organization-wide runs on moto: an organization seeded through <c>/_auditor/organization</c>, the dispatcher (the
/// audit function in organization mode) and the worker invoked the way <c>scripts/invoke</c> does, and the queue read
/// back with SQS ReceiveMessage into the event Lambda would hand the worker.
/// </summary>
public static class OrganizationHarness
{
    public const string RoleName = "AuditorMemberRole";
    public const string ExternalId = "auditor-test-external-id";

    public static async Task<AuditRun> InvokeAsync(string function, MotoServer moto, string eventJson, IReadOnlyDictionary<string, string> variables)
    {
        var all = new Dictionary<string, string>(moto.AwsVariables, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            all[name] = value;
        }

        var log = new StringWriter();
        var environment = new FunctionEnvironment
        {
            Variables = name => all.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(TextWriter.Synchronized(log), TimeProvider.System, "INFO"),
            Resilience = AuditHarness.FastResilience,
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
        };
        var host = FunctionHost.Create(function, environment);
        var invocation = new Invocation($"test-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddMinutes(5), null, null, Encoding.UTF8.GetBytes(eventJson));
        var result = await host.InvokeAsync(invocation, TimeProvider.System, CancellationToken.None);
        return new AuditRun(result, log.ToString());
    }

    public static async Task<string> CreateQueueAsync(MotoServer moto, string name = "auditor-audit-queue") =>
        (await moto.CallAsync("sqs", "create_queue", new JsonObject { ["QueueName"] = name }))!["QueueUrl"]!.GetValue<string>();

    /// <summary>Every message on the queue (received once, so each carries ApproximateReceiveCount 1).</summary>
    public static async Task<IReadOnlyList<JsonObject>> ReceiveAllAsync(MotoServer moto, string queueUrl)
    {
        var messages = new List<JsonObject>();
        while (true)
        {
            var reply = await moto.CallAsync("sqs", "receive_message", new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MaxNumberOfMessages"] = 10,
                ["AttributeNames"] = new JsonArray("All"),
                ["VisibilityTimeout"] = 600,
                ["WaitTimeSeconds"] = 0,
            });
            var page = reply?["Messages"]?.AsArray();
            if (page is null || page.Count == 0)
            {
                return messages;
            }

            messages.AddRange(page.Select(m => m!.AsObject()));
        }
    }

    /// <summary>The SQS event Lambda's event source mapping builds from received messages.</summary>
    public static string SqsEvent(IEnumerable<JsonObject> messages, string queueArn = "arn:aws:sqs:us-east-1:123456789012:auditor-audit-queue") =>
        new JsonObject
        {
            ["Records"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject
            {
                ["messageId"] = m["MessageId"]!.GetValue<string>(),
                ["receiptHandle"] = m["ReceiptHandle"]!.GetValue<string>(),
                ["body"] = m["Body"]!.GetValue<string>(),
                ["attributes"] = m["Attributes"]?.DeepClone() ?? new JsonObject { ["ApproximateReceiveCount"] = "1" },
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = m["MD5OfBody"]!.GetValue<string>(),
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = queueArn,
                ["awsRegion"] = "us-east-1",
            }).ToArray()),
        }.ToJsonString();

    public static string AccountOf(JsonObject message) => JsonNode.Parse(message["Body"]!.GetValue<string>())!["accountId"]!.GetValue<string>();
}
