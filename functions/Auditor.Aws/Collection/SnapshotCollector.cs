using System.Collections.Concurrent;
using Auditor.Aws.Auditing;
using Auditor.Aws.CloudTrail;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;

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
        var rootEvents = needs.HasFlag(SnapshotData.RootCloudTrailEvents)
            ? Task.WhenAll(RootEventRegions(regions).Select(region => RootEventsAsync(region, budget, window)))
            : Task.FromResult(Array.Empty<RegionalRootEvents>());
        var monitoring = needs.HasFlag(SnapshotData.RootUsageMonitoring)
            ? Gather(() => RootUsageMonitoringAsync(accountId, budget, window), budget, window)
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
    private async Task<RegionalRootEvents> RootEventsAsync(string region, RunBudget budget, RunBudget.ReadWindow window)
    {
        var end = _time.GetUtcNow();
        var lookback = TimeSpan.FromDays(Settings.RootActivityLookbackDays);
        var history = CloudTrailClient.EventHistory - TimeSpan.FromMinutes(5);
        var start = end - (lookback < history ? lookback : history);
        var lookup = await Gather(() => _clients.CloudTrail(region).LookupRootEventsAsync(start, end, window.Token), budget, window).ConfigureAwait(false);
        return new RegionalRootEvents(region, lookup);
    }

    /// <summary>
    /// Every trail (DescribeTrails in the function's region sees multi-region trails of every region as shadow trails),
    /// and for each multi-region trail that delivers to CloudWatch Logs: its status (GetTrailStatus by ARN in its home
    /// region), the metric filters of its log group and, when there are some, the metric alarms of the log group's region.
    /// </summary>
    private async Task<IReadOnlyList<TrailMonitoring>> RootUsageMonitoringAsync(string accountId, RunBudget budget, RunBudget.ReadWindow window)
    {
        var cancellationToken = window.Token;
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

            var monitoring = await Gather(
                async () =>
                {
                var home = trail.HomeRegion ?? RegionOf(trail.TrailArn) ?? group.Region;
                var status = _clients.CloudTrail(home).GetTrailStatusAsync(trail.TrailArn, cancellationToken);
                var filters = _clients.CloudWatchLogs(group.Region).DescribeMetricFiltersAsync(group.Name, cancellationToken);
                await Task.WhenAll(status, filters).ConfigureAwait(false);
                var alarms = (await filters.ConfigureAwait(false)).Count == 0 ? [] : await AlarmsOf(group.Region).ConfigureAwait(false);
                return new TrailLogMonitoring((await status.ConfigureAwait(false)).IsLogging == true, group.Name, group.Region, await filters.ConfigureAwait(false), alarms);
                },
                budget,
                window).ConfigureAwait(false);
            return new TrailMonitoring(trail, monitoring);
        })).ConfigureAwait(false);
    }

    private static string? RegionOf(string arn) => arn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null;

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
