using Auditor.Aws.Auditing;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Polly.Timeout;

namespace Auditor.Aws.Collection;

/// <summary>
/// Reads, in parallel and once per run, the account data the selected checks need. A piece that cannot be
/// read (access denied, retries exhausted, an unreadable report) is recorded with its reason, so its checks
/// report NOT_AVAILABLE for that scope while the rest of the audit proceeds. A piece the run had no time for is
/// recorded as <see cref="RunBudget.DeadlineReached"/>, so its scopes are reported as not done.
/// </summary>
public sealed class SnapshotCollector
{
    private readonly AwsClientFactory _clients;
    private readonly TimeProvider _time;

    public SnapshotCollector(AwsClientFactory clients, TimeProvider time)
    {
        _clients = clients;
        _time = time;
    }

    public Task<AccountSnapshot> CollectAsync(string accountId, IReadOnlyList<string> regions, SnapshotData needs, CancellationToken cancellationToken) =>
        CollectAsync(accountId, regions, needs, RunBudget.Unlimited, cancellationToken);

    /// <summary>
    /// Reads what <paramref name="needs"/> names. A read not started before <see cref="RunBudget.StopReadingAt"/>, or
    /// still running then, is recorded as <see cref="RunBudget.DeadlineReached"/>: not evaluated, never guessed.
    /// </summary>
    public async Task<AccountSnapshot> CollectAsync(string accountId, IReadOnlyList<string> regions, SnapshotData needs, RunBudget budget, CancellationToken cancellationToken)
    {
        using var window = budget.OpenReadWindow(cancellationToken);
        var token = window.Token;
        var iam = _clients.Iam();
        var report = needs.HasFlag(SnapshotData.CredentialReport)
            ? Gather(() => iam.GetCompleteCredentialReportAsync(token), budget, window)
            : Task.FromResult(Gathered<CredentialReport>.NotCollected);
        var summary = needs.HasFlag(SnapshotData.AccountSummary)
            ? Gather(() => iam.GetAccountSummaryAsync(token), budget, window)
            : Task.FromResult(Gathered<AccountSummary>.NotCollected);
        var mfaDevices = needs.HasFlag(SnapshotData.VirtualMfaDevices)
            ? Gather(() => iam.ListVirtualMFADevicesAsync(token), budget, window)
            : Task.FromResult(Gathered<IReadOnlyList<VirtualMfaDevice>>.NotCollected);
        var shield = needs.HasFlag(SnapshotData.Shield)
            ? Gather(() => _clients.Shield().GetSubscriptionAsync(token), budget, window)
            : Task.FromResult(Gathered<ShieldSubscription>.NotCollected);
        var guardDuty = needs.HasFlag(SnapshotData.GuardDuty)
            ? Task.WhenAll(regions.Select(region => GuardDutyAsync(region, budget, window)))
            : Task.FromResult(Array.Empty<RegionalGuardDuty>());

        await Task.WhenAll(report, summary, mfaDevices, shield, guardDuty).ConfigureAwait(false);
        return new AccountSnapshot
        {
            AccountId = accountId,
            Partition = _clients.Environment.Partition,
            Regions = regions,
            CollectedAt = _time.GetUtcNow(),
            CredentialReport = await report.ConfigureAwait(false),
            AccountSummary = await summary.ConfigureAwait(false),
            VirtualMfaDevices = await mfaDevices.ConfigureAwait(false),
            Shield = await shield.ConfigureAwait(false),
            GuardDuty = await guardDuty.ConfigureAwait(false),
        };
    }

    private async Task<RegionalGuardDuty> GuardDutyAsync(string region, RunBudget budget, RunBudget.ReadWindow window)
    {
        var client = _clients.GuardDuty(region);
        var detectors = await Gather<IReadOnlyList<GuardDutyDetector>>(
            async () =>
            {
                var ids = await client.ListDetectorsAsync(window.Token).ConfigureAwait(false);
                return await Task.WhenAll(ids.Select(id => client.GetDetectorAsync(id, window.Token))).ConfigureAwait(false);
            },
            budget,
            window).ConfigureAwait(false);
        return new RegionalGuardDuty(region, detectors);
    }

    /// <summary>
    /// Runs one read and turns its failure into a reason a security engineer can act on. A read the budget has no
    /// time for is not started; one the read window cut off is <see cref="RunBudget.DeadlineReached"/>. Cancellation
    /// of the whole run is not a failure of one read: it propagates.
    /// </summary>
    private static async Task<Gathered<T>> Gather<T>(Func<Task<T>> read, RunBudget budget, RunBudget.ReadWindow window)
        where T : class
    {
        // Let the other reads start before this one runs synchronously up to its first await.
        await Task.Yield();
        if (!budget.MayRead || window.TimedOut)
        {
            return Gathered<T>.Failed(RunBudget.DeadlineReached, budget.Describe("not read"));
        }

        try
        {
            return Gathered<T>.Ok(await read().ConfigureAwait(false));
        }
        catch (Exception) when (window.TimedOut)
        {
            // Whatever the read was doing when its time ran out (waiting, retrying, parsing), it did not finish.
            return Gathered<T>.Failed(RunBudget.DeadlineReached, budget.Describe("not read in time"));
        }
        catch (AwsServiceException e)
        {
            return Gathered<T>.Failed(e.ErrorCode, e.NoAnswer ? e.Message : $"{e.Service} {e.Operation} answered {e.ErrorCode}: {e.ErrorMessage}");
        }
        catch (CredentialReportFormatException e)
        {
            return Gathered<T>.Failed("MalformedCredentialReport", e.Message);
        }
        catch (TimeoutRejectedException e)
        {
            return Gathered<T>.Failed(TransientErrors.Timeout, $"every attempt timed out: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return Gathered<T>.Failed(TransientErrors.ConnectionFailed, $"the service could not be reached: {e.Message}");
        }
        catch (IOException e)
        {
            return Gathered<T>.Failed(TransientErrors.ConnectionFailed, $"the connection failed: {e.Message}");
        }
    }
}

/// <summary>The union of what the given checks read.</summary>
public static class SnapshotNeeds
{
    public static SnapshotData Of(IEnumerable<ICheck> checks) => checks.Aggregate(SnapshotData.None, (needs, check) => needs | check.Metadata.Needs);
}
