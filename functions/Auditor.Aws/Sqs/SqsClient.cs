using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.Sqs;

/// <summary>
/// SQS through AWSSDK.SQS, pointed at the same endpoint override as our own clients
/// (<c>AWS_ENDPOINT_URL_SQS</c>, then <c>AWS_ENDPOINT_URL</c>). Calls run through our resilience pipeline.
/// </summary>
public sealed class SqsClient : IDisposable
{
    /// <summary>SendMessageBatch takes at most this many entries.</summary>
    public const int MaxBatchEntries = 10;

    private readonly AmazonSQSClient _client;
    /// <summary>SendMessageBatch needs <c>sqs:SendMessage</c>; the dispatcher sends only to the stack's audit queue.</summary>
    public static readonly AwsOperation SendMessageBatch = new(AwsService.Sqs, nameof(SendMessageBatch), iamAction: "sqs:SendMessage", resource: "!GetAtt AuditQueue.Arn");

    private readonly AwsResilience _resilience;
    private readonly string _region;

    public SqsClient(AwsEnvironment environment, AWSCredentials credentials, AwsResilience resilience)
    {
        _region = environment.Region;
        var config = new AmazonSQSConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(environment.Region) };
        if (environment.EndpointOverride(AwsService.Sqs) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = environment.Region;
        }

        // The SDK would retry on its own; our pipeline does it, counted like every other call.
        config.MaxErrorRetry = 0;
        _client = new AmazonSQSClient(credentials, config);
        _resilience = resilience;
    }

    /// <summary>
    /// One SendMessageBatch call: the entries SQS took and the ones it refused (each with its code and whether the
    /// fault is the sender's). A failed call as a whole is an <see cref="AwsServiceException"/>.
    /// </summary>
    public async Task<SendBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count is 0 or > MaxBatchEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(messages), messages.Count, $"SendMessageBatch takes 1 to {MaxBatchEntries} entries");
        }

        var pipeline = _resilience.For(SendMessageBatch, _region);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                _resilience.Counters.Call(SendMessageBatch);
                var request = new SendMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = messages.Select(m => new SendMessageBatchRequestEntry { Id = m.Id, MessageBody = m.Body, MessageGroupId = m.GroupId, MessageDeduplicationId = m.DeduplicationId }).ToList(),
                };
                try
                {
                    var response = await _client.SendMessageBatchAsync(request, token).ConfigureAwait(false);
                    return new SendBatchResult(
                        (response.Successful ?? []).Select(s => s.Id).ToList(),
                        (response.Failed ?? []).Select(f => new SendFailure(f.Id, f.Code ?? "Unknown", f.Message ?? string.Empty, f.SenderFault ?? false)).ToList());
                }
                catch (AmazonServiceException e)
                {
                    // Mapped inside the pipeline so that throttling and 5xx are retried by our one rule.
                    throw new AwsServiceException("sqs", "SendMessageBatch", e.ErrorCode ?? "Unknown", e.Message, e.StatusCode, e.RequestId);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>One message to send: an id unique within its batch (letters, digits, '-' and '_', up to 80) and the body.</summary>
public sealed record QueueMessage(string Id, string Body)
{
    /// <summary>FIFO queues only: messages of one group are delivered in order, one at a time.</summary>
    public string? GroupId { get; init; }

    /// <summary>FIFO queues only: a message with the id of one sent in the last 5 minutes is accepted and not queued again.</summary>
    public string? DeduplicationId { get; init; }
}

/// <summary>What one SendMessageBatch call did.</summary>
public sealed record SendBatchResult(IReadOnlyList<string> Sent, IReadOnlyList<SendFailure> Failed);

/// <summary>An entry SQS refused; <see cref="SenderFault"/> false means it may succeed when sent again.</summary>
public sealed record SendFailure(string Id, string Code, string Message, bool SenderFault);
