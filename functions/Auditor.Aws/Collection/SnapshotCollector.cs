using Auditor.Aws.Http;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;

namespace Auditor.Aws.Collection;

/// <summary>
/// Reads, in parallel and once per run, the account data the selected checks need. A piece that cannot be
/// read (access denied, retries exhausted, an unreadable report) is recorded with its reason, so its checks
/// report NOT_AVAILABLE for that scope while the rest of the audit proceeds.
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

    public async Task<AccountSnapshot> CollectAsync(string accountId, IReadOnlyList<string> regions, SnapshotData needs, CancellationToken cancellationToken)
    {
        var iam = _clients.Iam();
        var report = needs.HasFlag(SnapshotData.CredentialReport)
            ? Gather(() => iam.GetCompleteCredentialReportAsync(cancellationToken))
            : Task.FromResult(Gathered<CredentialReport>.NotCollected);
        var summary = needs.HasFlag(SnapshotData.AccountSummary)
            ? Gather(() => iam.GetAccountSummaryAsync(cancellationToken))
            : Task.FromResult(Gathered<AccountSummary>.NotCollected);
        var mfaDevices = needs.HasFlag(SnapshotData.VirtualMfaDevices)
            ? Gather(() => iam.ListVirtualMFADevicesAsync(cancellationToken))
            : Task.FromResult(Gathered<IReadOnlyList<VirtualMfaDevice>>.NotCollected);
        var shield = needs.HasFlag(SnapshotData.Shield)
            ? Gather(() => _clients.Shield().GetSubscriptionAsync(cancellationToken))
            : Task.FromResult(Gathered<ShieldSubscription>.NotCollected);
        var guardDuty = needs.HasFlag(SnapshotData.GuardDuty)
            ? Task.WhenAll(regions.Select(region => GuardDutyAsync(region, cancellationToken)))
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

    private async Task<RegionalGuardDuty> GuardDutyAsync(string region, CancellationToken cancellationToken)
    {
        var client = _clients.GuardDuty(region);
        var detectors = await Gather<IReadOnlyList<GuardDutyDetector>>(async () =>
        {
            var ids = await client.ListDetectorsAsync(cancellationToken).ConfigureAwait(false);
            return await Task.WhenAll(ids.Select(id => client.GetDetectorAsync(id, cancellationToken))).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new RegionalGuardDuty(region, detectors);
    }

    /// <summary>Runs one read and turns its failure into a reason a security engineer can act on.</summary>
    private static async Task<Gathered<T>> Gather<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return Gathered<T>.Ok(await read().ConfigureAwait(false));
        }
        catch (Exception e) when (ReadFailures.TryDescribe(e, out var code, out var reason))
        {
            return Gathered<T>.Failed(code, reason);
        }
    }
}

/// <summary>The union of what the given checks read.</summary>
public static class SnapshotNeeds
{
    public static SnapshotData Of(IEnumerable<ICheck> checks) => checks.Aggregate(SnapshotData.None, (needs, check) => needs | check.Metadata.Needs);
}
