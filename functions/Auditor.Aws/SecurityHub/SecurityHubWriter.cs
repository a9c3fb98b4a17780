using Auditor.Aws.Resilience;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>
/// Imports findings in batches of at most 100 and 6 MB, each finding serialized once (<see cref="ImportBodyPacker"/>).
/// Entries of <c>FailedFindings</c> whose error can succeed later are imported again; whatever still fails is
/// returned by id and error code, never dropped, and a batch whose counts do not add up is not taken as imported.
/// </summary>
public sealed class SecurityHubWriter
{
    private readonly SecurityHubClient _client;
    private readonly ResilienceOptions _options;

    public SecurityHubWriter(SecurityHubClient client, ResilienceOptions options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>Rounds of re-importing retriable <c>FailedFindings</c> (default 3).</summary>
    public int FailedFindingRetries { get; init; } = 3;

    public Task<ImportResult> ImportAsync(IReadOnlyList<AsffFinding> findings, CancellationToken cancellationToken) =>
        ImportAsync(findings, RunBudget.Unlimited, cancellationToken);

    /// <summary>
    /// Imports in order, batch by batch: no batch starts once <paramref name="budget"/> says to stop starting work,
    /// and a batch cut off by cancellation is not counted as imported. Everything not sent, or sent without an
    /// answer, is returned in <see cref="ImportResult.NotImported"/>.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<AsffFinding> findings, RunBudget budget, CancellationToken cancellationToken)
    {
        var failed = new List<ImportFailure>();
        var notImported = new List<ImportFailure>();
        var imported = 0;
        var pending = findings as List<AsffFinding> ?? findings.ToList();
        using var packer = new ImportBodyPacker();
        for (var round = 0; pending.Count > 0; round++)
        {
            var retry = new List<AsffFinding>();
            foreach (var body in packer.Pack(pending))
            {
                if (!budget.MayStartWork || cancellationToken.IsCancellationRequested)
                {
                    notImported.AddRange(NotImported(pending, body.Start, budget.Describe("not imported")));
                    return new ImportResult(imported, failed) { NotImported = notImported };
                }

                var batch = pending.GetRange(body.Start, body.Count);
                var byId = new Dictionary<string, AsffFinding>(batch.Count, StringComparer.Ordinal);
                foreach (var finding in batch)
                {
                    byId.TryAdd(finding.Id, finding);
                }

                BatchImportFindingsResponse response;
                try
                {
                    response = await _client.BatchImportFindingsAsync(body, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Cut off in flight: Security Hub may or may not have stored this batch; the next run re-imports it.
                    notImported.AddRange(NotImported(pending, body.Start, budget.Describe("not confirmed (the import was cut off)")));
                    return new ImportResult(imported, failed) { NotImported = notImported };
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

                var listed = new HashSet<string>(StringComparer.Ordinal);
                foreach (var failure in response.FailedFindings ?? [])
                {
                    var finding = failure.Id is not null && byId.TryGetValue(failure.Id, out var f) ? f : null;
                    if (finding is not null && !listed.Add(finding.Id))
                    {
                        continue;
                    }

                    if (finding is not null && round < FailedFindingRetries && IsRetriable(failure.ErrorCode))
                    {
                        retry.Add(finding);
                    }
                    else
                    {
                        failed.Add(new ImportFailure(failure.Id ?? "(no id)", _client.Region, failure.ErrorCode ?? "Unknown", failure.ErrorMessage ?? string.Empty));
                    }
                }

                // Counts that do not add up mean some failures were not listed: the unlisted findings are not
                // confirmed, so they are imported again (an import of the same finding is idempotent) or reported.
                var unlisted = batch.Where(f => !listed.Contains(f.Id)).ToList();
                var consistent = response.FailedCount <= listed.Count && response.SuccessCount >= unlisted.Count;
                if (consistent)
                {
                    imported += unlisted.Count;
                }
                else if (round < FailedFindingRetries)
                {
                    retry.AddRange(unlisted);
                }
                else
                {
                    failed.AddRange(unlisted.Select(f => new ImportFailure(
                        f.Id,
                        _client.Region,
                        "Unconfirmed",
                        $"BatchImportFindings answered FailedCount {response.FailedCount} and SuccessCount {response.SuccessCount} for {batch.Count} findings but listed {listed.Count} failures; this finding's import was never confirmed")));
                }
            }

            pending = retry;
            if (pending.Count > 0)
            {
                try
                {
                    await Task.Delay(_options.RetryDelay(round + 1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    notImported.AddRange(NotImported(pending, 0, budget.Describe("not imported")));
                    return new ImportResult(imported, failed) { NotImported = notImported };
                }
            }
        }

        return new ImportResult(imported, failed) { NotImported = notImported };
    }

    private IEnumerable<ImportFailure> NotImported(List<AsffFinding> pending, int from, string reason) =>
        pending.Skip(from).Select(f => new ImportFailure(f.Id, _client.Region, RunBudget.DeadlineReached, reason));

    // The one rule of what is transient: a throttled or failed-on-the-server finding can succeed later.
    private static bool IsRetriable(string? errorCode) => TransientErrors.IsTransientCode(errorCode);
}

/// <summary>How many findings were imported, each one that failed with its error, and each one the run had no time for.</summary>
public sealed record ImportResult(int Imported, IReadOnlyList<ImportFailure> Failed)
{
    /// <summary>Findings not sent (or sent and cut off) because the run reached its deadline: code <c>DeadlineReached</c>.</summary>
    public IReadOnlyList<ImportFailure> NotImported { get; init; } = [];
}

public sealed record ImportFailure(string Id, string Region, string ErrorCode, string ErrorMessage);
