using System.Collections.Concurrent;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.Sqs;

/// <summary>
/// Sends many messages to one queue: SendMessageBatch in groups of ten, several calls in flight, and the entries a
/// call refused sent again (with back-off) until they go or the retries run out. What still fails is returned,
/// never dropped silently.
/// </summary>
public sealed class QueueSender
{
    /// <summary>SendMessageBatch calls in flight at once (default 8): SQS standard queues take far more.</summary>
    public const int DefaultParallelism = 8;

    private readonly SqsClient _sqs;
    private readonly ResilienceOptions _options;
    private readonly int _parallelism;

    public QueueSender(SqsClient sqs, ResilienceOptions options, int parallelism = DefaultParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _sqs = sqs;
        _options = options;
        _parallelism = parallelism;
    }

    /// <summary>Sends every message; the result lists the ids sent and the ones that could not be.</summary>
    public async Task<SendBatchResult> SendAsync(string queueUrl, IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        var duplicate = messages.GroupBy(m => m.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"message id '{duplicate.Key}' appears twice", nameof(messages));
        }

        var sent = new ConcurrentBag<string>();
        var failed = new ConcurrentBag<SendFailure>();
        var batches = messages.Chunk(SqsClient.MaxBatchEntries).ToList();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                var result = await SendOneBatchAsync(queueUrl, batch, token).ConfigureAwait(false);
                foreach (var id in result.Sent)
                {
                    sent.Add(id);
                }

                foreach (var failure in result.Failed)
                {
                    failed.Add(failure);
                }
            }).ConfigureAwait(false);

        var order = messages.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return new SendBatchResult(
            sent.OrderBy(id => order[id]).ToList(),
            failed.OrderBy(f => order.GetValueOrDefault(f.Id, int.MaxValue)).ToList());
    }

    private async Task<SendBatchResult> SendOneBatchAsync(string queueUrl, IReadOnlyList<QueueMessage> batch, CancellationToken cancellationToken)
    {
        var sent = new List<string>();
        var final = new List<SendFailure>();
        IReadOnlyList<QueueMessage> pending = batch;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Backoff(attempt - 1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            SendBatchResult result;
            try
            {
                result = await _sqs.SendMessageBatchAsync(queueUrl, pending, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                // The call itself failed after the pipeline's retries: every entry still pending is reported.
                final.AddRange(pending.Select(m => new SendFailure(m.Id, e.ErrorCode, e.ErrorMessage, !TransientErrors.IsTransient(e))));
                break;
            }

            var byId = pending.ToDictionary(m => m.Id, StringComparer.Ordinal);
            var answered = result.Sent.Concat(result.Failed.Select(f => f.Id)).ToList();
            if (answered.FirstOrDefault(id => !byId.ContainsKey(id)) is { } stranger)
            {
                throw new AwsServiceException("sqs", "SendMessageBatch", "MalformedResponse", $"the reply names entry '{stranger}', which was not sent", System.Net.HttpStatusCode.OK, null);
            }

            sent.AddRange(result.Sent);
            final.AddRange(result.Failed.Where(f => f.SenderFault));

            // Refused for a reason that may pass (throttling, an internal error), or not acknowledged at all: again.
            var answeredIds = answered.ToHashSet(StringComparer.Ordinal);
            var again = result.Failed.Where(f => !f.SenderFault)
                .Concat(pending.Where(m => !answeredIds.Contains(m.Id)).Select(m => new SendFailure(m.Id, "NotAcknowledged", "SQS answered without this entry", false)))
                .ToList();
            if (attempt >= _options.MaxRetryAttempts)
            {
                final.AddRange(again);
                break;
            }

            pending = again.Select(f => byId[f.Id]).ToList();
        }

        return new SendBatchResult(sent, final);
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.BaseDelay * Math.Pow(2, attempt);
        var capped = delay < _options.MaxDelay ? delay : _options.MaxDelay;
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }
}
