using System.Collections.Concurrent;
using Auditor.Aws.CloudTrail;
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

    /// <summary>The thresholds; the root-activity look-back decides how far back CloudTrail is read.</summary>
    public AuditSettings Settings { get; init; } = AuditSettings.Default;

    /// <summary>
    /// Where CloudTrail records the events of global services (IAM, STS, console sign-in): us-east-1 in the commercial
    /// partition, the first region of the others. Root events are read there even when it is not audited.
    /// </summary>
    public static string GlobalEventsRegion(string partition) => partition switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    };

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
        var rootEvents = needs.HasFlag(SnapshotData.RootCloudTrailEvents)
            ? Task.WhenAll(RootEventRegions(regions).Select(region => RootEventsAsync(region, cancellationToken)))
            : Task.FromResult(Array.Empty<RegionalRootEvents>());
        var monitoring = needs.HasFlag(SnapshotData.RootUsageMonitoring)
            ? Gather(() => RootUsageMonitoringAsync(accountId, cancellationToken))
            : Task.FromResult(Gathered<IReadOnlyList<TrailMonitoring>>.NotCollected);

        await Task.WhenAll(report, summary, mfaDevices, shield, guardDuty, rootEvents, monitoring).ConfigureAwait(false);
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
            RootCloudTrailEvents = await rootEvents.ConfigureAwait(false),
            RootUsageMonitoring = await monitoring.ConfigureAwait(false),
        };
    }

    /// <summary>The audited regions and the region of global-service events, that one first.</summary>
    private IEnumerable<string> RootEventRegions(IReadOnlyList<string> regions)
    {
        var global = GlobalEventsRegion(_clients.Environment.Partition);
        return regions.Where(r => r != global).Order(StringComparer.Ordinal).Prepend(global);
    }

    /// <summary>The root user's events of one region within the look-back (at most CloudTrail's 90 days of event history).</summary>
    private async Task<RegionalRootEvents> RootEventsAsync(string region, CancellationToken cancellationToken)
    {
        var end = _time.GetUtcNow();
        var lookback = TimeSpan.FromDays(Settings.RootActivityLookbackDays);
        var history = CloudTrailClient.EventHistory - TimeSpan.FromMinutes(5);
        var start = end - (lookback < history ? lookback : history);
        var lookup = await Gather(() => _clients.CloudTrail(region).LookupRootEventsAsync(start, end, cancellationToken)).ConfigureAwait(false);
        return new RegionalRootEvents(region, lookup);
    }

    /// <summary>
    /// Every trail (DescribeTrails in the function's region sees multi-region trails of every region as shadow trails),
    /// and for each multi-region trail that delivers to CloudWatch Logs: its status (GetTrailStatus by ARN in its home
    /// region), the metric filters of its log group and, when there are some, the metric alarms of the log group's region.
    /// </summary>
    private async Task<IReadOnlyList<TrailMonitoring>> RootUsageMonitoringAsync(string accountId, CancellationToken cancellationToken)
    {
        var trails = await _clients.CloudTrail(_clients.Environment.Region).DescribeTrailsAsync(cancellationToken).ConfigureAwait(false);
        var alarmsByRegion = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<MetricAlarm>>>>(StringComparer.Ordinal);
        Task<IReadOnlyList<MetricAlarm>> AlarmsOf(string region) =>
            alarmsByRegion.GetOrAdd(region, r => new Lazy<Task<IReadOnlyList<MetricAlarm>>>(() => _clients.CloudWatch(r).DescribeAlarmsAsync(cancellationToken))).Value;

        return await Task.WhenAll(trails.DistinctBy(t => t.TrailArn, StringComparer.Ordinal).Select(async trail =>
        {
            if (!trail.IsMultiRegionTrail || trail.LogGroup is not { } group)
            {
                return new TrailMonitoring(trail, Gathered<TrailLogMonitoring>.NotCollected);
            }

            var groupAccount = trail.CloudWatchLogsLogGroupArn!.Split(':')[4];
            if (groupAccount.Length > 0 && groupAccount != accountId)
            {
                return new TrailMonitoring(trail, Gathered<TrailLogMonitoring>.Failed(
                    "OtherAccount",
                    $"its log group {group.Name} belongs to account {groupAccount}; check the metric filter and alarm there"));
            }

            var monitoring = await Gather(async () =>
            {
                var home = trail.HomeRegion ?? RegionOf(trail.TrailArn) ?? group.Region;
                var status = _clients.CloudTrail(home).GetTrailStatusAsync(trail.TrailArn, cancellationToken);
                var filters = _clients.CloudWatchLogs(group.Region).DescribeMetricFiltersAsync(group.Name, cancellationToken);
                await Task.WhenAll(status, filters).ConfigureAwait(false);
                var alarms = (await filters.ConfigureAwait(false)).Count == 0 ? [] : await AlarmsOf(group.Region).ConfigureAwait(false);
                return new TrailLogMonitoring((await status.ConfigureAwait(false)).IsLogging == true, group.Name, group.Region, await filters.ConfigureAwait(false), alarms);
            }).ConfigureAwait(false);
            return new TrailMonitoring(trail, monitoring);
        })).ConfigureAwait(false);
    }

    private static string? RegionOf(string arn) => arn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null;

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
