using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Auditor.Aws.Sqs;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Organization;

/// <summary>
/// Sending one message per account: SendMessageBatch in groups of ten, refused entries sent again. Partial failures
/// come from a loopback fake speaking SQS's JSON protocol (moto never refuses an entry); the whole path also runs
/// against moto's queue.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class QueueSenderTests(MotoServer moto)
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/audit";

    private static List<QueueMessage> Messages(int count) =>
        Enumerable.Range(0, count).Select(i => new QueueMessage($"{100000000000 + i}", $$"""{"accountId":"{{100000000000 + i}}"}""")).ToList();

    [Fact]
    public async Task Messages_go_in_groups_of_ten_and_every_one_is_sent()
    {
        using var fake = new FakeAws();
        fake.Respond(request => Answer(request, _ => null));
        var clients = TestClients.ForFake(fake);
        using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);

        var result = await new QueueSender(sqs, TestClients.Fast, parallelism: 1).SendAsync(QueueUrl, Messages(25), CancellationToken.None);

        Assert.Equal(Messages(25).Select(m => m.Id), result.Sent);
        Assert.Empty(result.Failed);
        Assert.Equal([10, 10, 5], fake.Requests.Select(r => Entries(r).Count));
        Assert.All(fake.Requests, r =>
        {
            Assert.Equal("AmazonSQS.SendMessageBatch", r.Target);
            Assert.Equal(QueueUrl, JsonNode.Parse(r.Body)!["QueueUrl"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task An_entry_refused_for_a_reason_that_may_pass_is_sent_again_alone()
    {
        using var fake = new FakeAws();
        var refusedOnce = false;
        fake.Respond(request => Answer(request, id =>
        {
            if (id == "100000000003" && !refusedOnce)
            {
                refusedOnce = true;
                return ("InternalError", false);
            }

            return null;
        }));
        var clients = TestClients.ForFake(fake);
        using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);

        var result = await new QueueSender(sqs, TestClients.Fast).SendAsync(QueueUrl, Messages(10), CancellationToken.None);

        Assert.Equal(Messages(10).Select(m => m.Id), result.Sent);
        Assert.Empty(result.Failed);
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(["100000000003"], Entries(fake.Requests[1]));
    }

    [Fact]
    public async Task An_entry_refused_as_the_senders_fault_is_reported_not_resent_and_one_that_never_passes_is_reported_after_the_retries()
    {
        using var fake = new FakeAws();
        fake.Respond(request => Answer(request, id => id switch
        {
            "100000000001" => ("InvalidMessageContents", true),
            "100000000002" => ("ServiceUnavailable", false),
            _ => null,
        }));
        var clients = TestClients.ForFake(fake);
        using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);

        var result = await new QueueSender(sqs, TestClients.Fast).SendAsync(QueueUrl, Messages(4), CancellationToken.None);

        Assert.Equal(["100000000000", "100000000003"], result.Sent);
        Assert.Equal(["100000000001", "100000000002"], result.Failed.Select(f => f.Id));
        Assert.Equal(["InvalidMessageContents", "ServiceUnavailable"], result.Failed.Select(f => f.Code));
        Assert.Equal(1 + TestClients.Fast.MaxRetryAttempts, fake.Requests.Count);
        Assert.All(fake.Requests.Skip(1), r => Assert.Equal(["100000000002"], Entries(r)));
    }

    [Fact]
    public async Task A_call_that_fails_as_a_whole_reports_every_entry_of_its_group()
    {
        using var fake = new FakeAws();
        fake.Respond(request => Entries(request).Contains("100000000012")
            ? new FakeReply(400, """{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}""", "application/x-amz-json-1.0")
            : Answer(request, _ => null));
        var clients = TestClients.ForFake(fake);
        using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);

        var result = await new QueueSender(sqs, TestClients.Fast).SendAsync(QueueUrl, Messages(15), CancellationToken.None);

        Assert.Equal(10, result.Sent.Count);
        Assert.Equal(Messages(15).Skip(10).Select(m => m.Id), result.Failed.Select(f => f.Id));
        Assert.All(result.Failed, f => Assert.True(f.SenderFault));
    }

    [Fact]
    public async Task Every_message_reaches_motos_queue_once()
    {
        await moto.ResetAsync();
        var queueUrl = (await moto.CallAsync("sqs", "create_queue", new JsonObject { ["QueueName"] = "audit" }))!["QueueUrl"]!.GetValue<string>();
        var clients = TestClients.ForMoto(moto);
        using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);

        var result = await new QueueSender(sqs, TestClients.Fast).SendAsync(queueUrl, Messages(23), CancellationToken.None);

        Assert.Equal(23, result.Sent.Count);
        var attributes = await moto.CallAsync("sqs", "get_queue_attributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") });
        Assert.Equal("23", attributes!["Attributes"]!["ApproximateNumberOfMessages"]!.GetValue<string>());
        Assert.Equal(3, clients.CallsOf("sqs:SendMessageBatch"));
    }

    private static List<string> Entries(FakeRequest request) =>
        JsonNode.Parse(request.Body)!["Entries"]!.AsArray().Select(e => e!["Id"]!.GetValue<string>()).ToList();

    /// <summary>SQS's JSON reply: refused entries as <paramref name="refuse"/> says, the others taken (with their MD5, which the SDK checks).</summary>
    private static FakeReply Answer(FakeRequest request, Func<string, (string Code, bool SenderFault)?> refuse)
    {
        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in JsonNode.Parse(request.Body)!["Entries"]!.AsArray())
        {
            var id = entry!["Id"]!.GetValue<string>();
            if (refuse(id) is { } refusal)
            {
                failed.Add(new JsonObject { ["Id"] = id, ["SenderFault"] = refusal.SenderFault, ["Code"] = refusal.Code, ["Message"] = $"refused: {refusal.Code}" });
            }
            else
            {
#pragma warning disable CA5351 // SQS's own checksum of the body, not a security use.
                var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(entry["MessageBody"]!.GetValue<string>())));
#pragma warning restore CA5351
                successful.Add(new JsonObject { ["Id"] = id, ["MessageId"] = Guid.NewGuid().ToString(), ["MD5OfMessageBody"] = md5 });
            }
        }

        return new FakeReply(200, new JsonObject { ["Successful"] = successful, ["Failed"] = failed }.ToJsonString(), "application/x-amz-json-1.0");
    }
}
