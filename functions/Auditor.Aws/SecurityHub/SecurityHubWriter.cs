using System.Text.Json;
using Auditor.Aws.Resilience;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>
/// Imports findings in batches of at most 100 and 6 MB. Entries of <c>FailedFindings</c> whose error can
/// succeed later are imported again; whatever still fails is returned by id and error code, never dropped.
/// </summary>
public sealed class SecurityHubWriter
{
    public const int MaxRequestBytes = 6 * 1024 * 1024;

    private static readonly HashSet<string> RetriableErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "LimitExceeded", "LimitExceededException", "Throttling", "ThrottlingException", "TooManyRequestsException",
        "InternalError", "InternalException", "InternalFailure", "ServiceUnavailable",
    };

    private readonly SecurityHubClient _client;
    private readonly ResilienceOptions _options;

    public SecurityHubWriter(SecurityHubClient client, ResilienceOptions options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>Rounds of re-importing retriable <c>FailedFindings</c> (default 3).</summary>
    public int FailedFindingRetries { get; init; } = 3;

    public async Task<ImportResult> ImportAsync(IReadOnlyList<AsffFinding> findings, CancellationToken cancellationToken)
    {
        var failed = new List<ImportFailure>();
        var imported = 0;
        var pending = findings.ToList();
        for (var round = 0; pending.Count > 0; round++)
        {
            var retry = new List<AsffFinding>();
            foreach (var batch in Batches(pending))
            {
                var byId = batch.ToDictionary(f => f.Id, StringComparer.Ordinal);
                BatchImportFindingsResponse response;
                try
                {
                    response = await _client.BatchImportFindingsAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e)
                {
                    // The resilience pipeline has already retried what could be retried.
                    failed.AddRange(batch.Select(f => new ImportFailure(f.Id, _client.Region, e.ErrorCode, e.ErrorMessage)));
                    continue;
                }
                catch (Exception e) when (TransientErrors.IsTransient(e))
                {
                    failed.AddRange(batch.Select(f => new ImportFailure(f.Id, _client.Region, TransientErrors.Cause(e), e.Message)));
                    continue;
                }

                var failedHere = response.FailedFindings ?? [];
                imported += batch.Count - failedHere.Count;
                foreach (var failure in failedHere)
                {
                    var finding = failure.Id is not null && byId.TryGetValue(failure.Id, out var f) ? f : null;
                    if (finding is not null && round < FailedFindingRetries && RetriableErrorCodes.Contains(failure.ErrorCode ?? string.Empty))
                    {
                        retry.Add(finding);
                    }
                    else
                    {
                        failed.Add(new ImportFailure(failure.Id ?? "(no id)", _client.Region, failure.ErrorCode ?? "Unknown", failure.ErrorMessage ?? string.Empty));
                    }
                }
            }

            pending = retry;
            if (pending.Count > 0)
            {
                var delay = TimeSpan.FromTicks(_options.BaseDelay.Ticks * (1L << Math.Min(round + 1, 6)));
                await Task.Delay(delay < _options.MaxDelay ? delay : _options.MaxDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ImportResult(imported, failed);
    }

    private static IEnumerable<List<AsffFinding>> Batches(List<AsffFinding> findings)
    {
        var batch = new List<AsffFinding>();
        var bytes = 0;
        foreach (var finding in findings)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(finding, AsffJsonContext.Default.AsffFinding).Length + 1;
            if (batch.Count == SecurityHubClient.MaxFindingsPerImport || (batch.Count > 0 && bytes + size > MaxRequestBytes - 1024))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(finding);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}

/// <summary>How many findings were imported, and each one that was not, with the error.</summary>
public sealed record ImportResult(int Imported, IReadOnlyList<ImportFailure> Failed);

public sealed record ImportFailure(string Id, string Region, string ErrorCode, string ErrorMessage);
