using System.Collections.Concurrent;
using Auditor.Aws.CloudTrail;
using Auditor.Aws.CloudWatch;
using Auditor.Aws.CloudWatchLogs;
using Auditor.Aws.Http;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>
/// Every trail (DescribeTrails in the function's region sees multi-region trails of every region as shadow trails),
/// and for each multi-region trail that delivers to CloudWatch Logs: its status (GetTrailStatus by ARN in its home
/// region), the metric filters of its log group and, when there are some, the metric alarms of the log group's region.
/// A trail whose monitoring cannot be read is recorded with the reason; the other trails still count.
/// </summary>
public sealed class RootUsageMonitoringReader() : AccountEvidenceReader<IReadOnlyList<TrailMonitoring>>(EvidenceKinds.RootUsageMonitoring)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } =
        [CloudTrailClient.DescribeTrails, CloudTrailClient.GetTrailStatus, CloudWatchLogsClient.DescribeMetricFilters, CloudWatchClient.DescribeAlarms];

    protected override async Task<IReadOnlyList<TrailMonitoring>> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken)
    {
        var clients = context.Clients;
        var trails = await clients.CloudTrail(clients.Environment.Region).DescribeTrailsAsync(cancellationToken).ConfigureAwait(false);
        var alarmsByRegion = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<MetricAlarm>>>>(StringComparer.Ordinal);
        Task<IReadOnlyList<MetricAlarm>> AlarmsOf(string region) =>
            alarmsByRegion.GetOrAdd(region, r => new Lazy<Task<IReadOnlyList<MetricAlarm>>>(() => clients.CloudWatch(r).DescribeAlarmsAsync(cancellationToken))).Value;

        return await Task.WhenAll(trails.DistinctBy(t => t.TrailArn, StringComparer.Ordinal).Select(async trail =>
        {
            if (!trail.IsMultiRegionTrail || trail.LogGroup is not { } group)
            {
                return new TrailMonitoring(trail, Gathered<TrailLogMonitoring>.NotCollected);
            }

            var groupAccount = trail.CloudWatchLogsLogGroupArn!.Split(':')[4];
            if (groupAccount.Length > 0 && groupAccount != context.AccountId)
            {
                return new TrailMonitoring(trail, Gathered<TrailLogMonitoring>.Failed(
                    "OtherAccount",
                    $"its log group {group.Name} belongs to account {groupAccount}; check the metric filter and alarm there"));
            }

            var monitoring = await context.GatherAsync(async () =>
            {
                var home = trail.HomeRegion ?? RegionOf(trail.TrailArn) ?? group.Region;
                var status = clients.CloudTrail(home).GetTrailStatusAsync(trail.TrailArn, cancellationToken);
                var filters = clients.CloudWatchLogs(group.Region).DescribeMetricFiltersAsync(group.Name, cancellationToken);
                await Task.WhenAll(status, filters).ConfigureAwait(false);
                var alarms = (await filters.ConfigureAwait(false)).Count == 0 ? [] : await AlarmsOf(group.Region).ConfigureAwait(false);
                return new TrailLogMonitoring((await status.ConfigureAwait(false)).IsLogging == true, group.Name, group.Region, await filters.ConfigureAwait(false), alarms);
            }).ConfigureAwait(false);
            return new TrailMonitoring(trail, monitoring);
        })).ConfigureAwait(false);
    }

    private static string? RegionOf(string arn) => arn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null;
}
