using System.Text;
using Auditor.Function.Events;
using Auditor.Testing;

namespace Auditor.Function.Tests.Events;

/// <summary>The worker's SQS event and the audit message each record carries.</summary>
public sealed class SqsEventTests
{
    [Fact]
    public void The_sample_worker_event_is_an_SQS_batch_of_one_audit_message()
    {
        var batch = SqsEvent.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", "worker-sqs.json")));

        var record = Assert.Single(batch.Records);
        Assert.Equal("2e1424d4-f796-459a-8184-9c92662be6da", record.MessageId);
        Assert.Equal(1, record.ReceiveCount);
        var message = AuditMessage.Parse(record.Body);
        Assert.Equal("123456789012", message.AccountId);
        Assert.Equal("20260301T030000Z-9f86d081", message.RunId);
        Assert.Equal(["us-east-1"], message.Regions!);
        Assert.Null(message.Checks);
        Assert.True(message.DryRun);
    }

    [Theory]
    [InlineData("{}", "Records")]
    [InlineData("""{"Records":{}}""", "Records")]
    [InlineData("""{"Records":[]}""", "Records")]
    [InlineData("""{"Records":[42]}""", "Records[0]")]
    [InlineData("""{"Records":[{"body":"{}"}]}""", "Records[0].messageId")]
    [InlineData("""{"Records":[{"messageId":"a"}]}""", "Records[0].body")]
    [InlineData("""{"Records":[{"messageId":"a","body":"x","eventSource":"aws:kinesis"}]}""", "Records[0].eventSource")]
    [InlineData("""{"Records":[{"messageId":"a","body":"x"},{"messageId":"a","body":"y"}]}""", "Records[1].messageId")]
    [InlineData("""{"accounts":"all"}""", "Records")]
    [InlineData("not json", "event")]
    public void What_is_not_an_SQS_event_is_refused_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<EventValidationException>(() => SqsEvent.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Fields_Lambda_may_add_are_ignored_and_a_missing_receive_count_is_unknown()
    {
        var batch = SqsEvent.Parse(Encoding.UTF8.GetBytes("""{"Records":[{"messageId":"a","body":"b","somethingNew":{"x":1}}],"extra":true}"""));

        Assert.Null(Assert.Single(batch.Records).ReceiveCount);
    }

    [Fact]
    public void A_message_round_trips_and_its_run_id_makes_a_valid_session_name()
    {
        var runId = AuditMessage.NewRunId(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero));
        var message = new AuditMessage { Version = AuditMessage.CurrentVersion, RunId = runId, AccountId = "210987654321", Checks = ["iam.user-mfa"] };

        var parsed = AuditMessage.Parse(message.ToJson());

        Assert.Equal(message.AccountId, parsed.AccountId);
        Assert.Equal(["iam.user-mfa"], parsed.Checks!);
        Assert.StartsWith("20260301T030000Z-", runId, StringComparison.Ordinal);
        Assert.Matches(@"^[\w+=,.@-]{2,64}$", $"auditor-{runId}");
    }

    [Theory]
    [InlineData("""{"version":1,"runId":"r1","accountId":"12345"}""", "body.accountId")]
    [InlineData("""{"version":1,"runId":"r 1","accountId":"123456789012"}""", "body.runId")]
    [InlineData("""{"version":1,"runId":"r1","accountId":"123456789012","regions":["mars"]}""", "body.regions")]
    [InlineData("""{"version":1,"runId":"r1","accountId":"123456789012","regions":[]}""", "body.regions")]
    [InlineData("""{"version":1,"runId":"r1","accountId":"123456789012","checks":["nope"]}""", "body.checks")]
    [InlineData("""{"runId":"r1","accountId":"123456789012","version":2}""", "body.version")]
    [InlineData("""{"version":1,"runId":"r1","accountId":"123456789012","surprise":1}""", "body")]
    [InlineData("""{"version":1,"accountId":"123456789012"}""", "body")]
    [InlineData("""{"runId":"r1","accountId":"123456789012"}""", "body")]
    [InlineData("not json", "body")]
    [InlineData("null", "body")]
    public void A_body_that_is_not_an_audit_message_is_refused(string body, string field)
    {
        Assert.Equal(field, Assert.Throws<EventValidationException>(() => AuditMessage.Parse(body)).Field);
    }
}
