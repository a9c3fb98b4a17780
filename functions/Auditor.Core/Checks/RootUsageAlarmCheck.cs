using System.Globalization;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// Root usage raises an alarm (CIS v1.4.0 4.3, Security Hub CloudWatch.1): a multi-region trail that is logging
/// delivers to CloudWatch Logs, a metric filter on that log group matches root usage, and a metric alarm on the
/// filter's metric has an enabled action.
/// </summary>
internal sealed class RootUsageAlarmCheck : ICheck
{
    private const int MaxTrailsShown = 10;
    private const int MaxResourcesShown = 10;

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.usage-alarm",
        Title = "A log metric filter and alarm exist for usage of the root user",
        Severity = Severity.Low,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.RootUsageMonitoring],
        CisRequirement = "4.3",
        CisBenchmark = CheckMetadata.CisVersion140,
        SecurityHubControlId = "CloudWatch.1",
        Remediation = "Send a multi-region CloudTrail trail to CloudWatch Logs, add a metric filter with the pattern { $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" } to its log group, and create an alarm on that metric (Sum >= 1 over 5 minutes) that notifies an SNS topic someone reads.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1"),
        Types = [FindingTypes.Cis, FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var monitoring = snapshot.Get(EvidenceKinds.RootUsageMonitoring);
        if (!monitoring.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, monitoring.FailureCode!, $"the CloudTrail trails could not be read: {monitoring.FailureReason}");
            yield break;
        }

        var trails = monitoring.Value!.DistinctBy(t => t.Trail.TrailArn, StringComparer.Ordinal).ToList();
        var qualifying = trails.Where(t => t.Qualifies).ToList();
        var verdicts = qualifying.Select(t => (Trail: t, Verdict: Judge(t))).ToList();
        var evidence = new EvidenceMap
        {
            ["auditor/Trails"] = Count(trails.Count),
            ["auditor/MultiRegionTrailsToCloudWatchLogs"] = Count(qualifying.Count),
            ["auditor/ExpectedFilterPattern"] = RootUsageFilterPattern.Cis,
        };
        var shown = 0;
        foreach (var (trail, verdict) in verdicts.Take(MaxTrailsShown))
        {
            evidence[$"auditor/Trail{++shown}"] = $"{trail.Trail.TrailArn}: {verdict.Summary}";
        }

        foreach (var other in trails.Where(t => !t.Qualifies).Take(MaxTrailsShown - shown))
        {
            evidence[$"auditor/Trail{++shown}"] = $"{other.Trail.TrailArn}: {(other.Trail.IsMultiRegionTrail ? "does not deliver to CloudWatch Logs" : "single-region trail")}";
        }

        var passing = verdicts.FirstOrDefault(v => v.Verdict.Passes);
        if (passing.Trail is not null)
        {
            var alarm = passing.Verdict.Alarm!;
            evidence["auditor/MetricFilter"] = $"{passing.Verdict.Filter!.FilterName}: {passing.Verdict.Filter.FilterPattern}";
            evidence["auditor/Alarm"] = alarm.AlarmArn ?? alarm.AlarmName;
            evidence["auditor/AlarmActions"] = string.Join(", ", alarm.AlarmActions);
            yield return Result(
                Metadata,
                ComplianceStatus.Passed,
                Account(snapshot),
                $"Root usage raises an alarm: trail {passing.Trail.Trail.Name} delivers to log group {passing.Verdict.LogGroup}, metric filter {passing.Verdict.Filter.FilterName} counts root usage and alarm {alarm.AlarmName} notifies {string.Join(", ", alarm.AlarmActions)}.",
                evidence: evidence) with
            {
                RelatedResources = Related(snapshot, passing.Trail.Trail, alarm),
            };
            yield break;
        }

        var unreadable = verdicts.Where(v => v.Verdict.Unreadable).ToList();
        if (unreadable.Count > 0)
        {
            var first = unreadable[0].Trail;
            yield return NotAvailable(
                Metadata,
                snapshot,
                first.Monitoring.FailureCode!,
                $"the CloudWatch Logs monitoring of trail {first.Trail.Name} could not be read: {first.Monitoring.FailureReason}" +
                (unreadable.Count > 1 ? $" (and of {unreadable.Count - 1} more trail(s))" : string.Empty));
            yield break;
        }

        var description = qualifying.Count == 0
            ? trails.Count == 0
                ? "The account has no CloudTrail trail, so nothing can alarm on root usage."
                : "No multi-region CloudTrail trail delivers to CloudWatch Logs, so nothing can alarm on root usage."
            : "Root usage raises no alarm: " + string.Join("; ", verdicts.Select(v => $"trail {v.Trail.Trail.Name} {v.Verdict.Summary}")) + ".";
        yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), description, evidence: evidence) with
        {
            RelatedResources = qualifying.Take(MaxResourcesShown).Select(t => TrailResource(snapshot, t.Trail)).ToList(),
        };
    }

    /// <summary>What one qualifying trail lacks, or the filter and alarm that make it pass.</summary>
    private static Verdict Judge(TrailMonitoring trail)
    {
        if (!trail.Monitoring.Succeeded)
        {
            return new Verdict(false, true, $"could not be read ({trail.Monitoring.FailureReason})", null, null, null);
        }

        var logs = trail.Monitoring.Value!;
        var logGroup = $"{logs.LogGroupName} ({logs.LogGroupRegion})";
        if (!logs.IsLogging)
        {
            return new Verdict(false, false, $"delivers to {logGroup} but is not logging", logGroup, null, null);
        }

        var filters = logs.MetricFilters.Where(f => RootUsageFilterPattern.MonitorsRootUsage(f.FilterPattern)).ToList();
        if (filters.Count == 0)
        {
            return new Verdict(false, false, logs.MetricFilters.Count == 0
                ? $"delivers to {logGroup}, which has no metric filter"
                : $"delivers to {logGroup}, whose {logs.MetricFilters.Count} metric filter(s) do not match root usage", logGroup, null, null);
        }

        MetricAlarm? silent = null;
        foreach (var filter in filters)
        {
            var alarms = logs.Alarms.Where(a => a.Metrics.Intersect(filter.Metrics).Any()).ToList();
            var acting = alarms.FirstOrDefault(a => a.ActionsEnabled && a.AlarmActions.Count > 0);
            if (acting is not null)
            {
                return new Verdict(true, false, $"delivers to {logGroup}; filter {filter.FilterName} publishes {string.Join(", ", filter.Metrics)}; alarm {acting.AlarmName} notifies {string.Join(", ", acting.AlarmActions)}", logGroup, filter, acting);
            }

            silent ??= alarms.FirstOrDefault();
        }

        var metrics = string.Join(", ", filters.SelectMany(f => f.Metrics).Distinct());
        return silent is null
            ? new Verdict(false, false, $"delivers to {logGroup}; filter {filters[0].FilterName} matches root usage but no alarm watches {metrics}", logGroup, filters[0], null)
            : new Verdict(false, false, $"delivers to {logGroup}; filter {filters[0].FilterName} matches root usage but alarm {silent.AlarmName} on {metrics} has no enabled action", logGroup, filters[0], null);
    }

    private static List<AsffResource> Related(AccountSnapshot snapshot, CloudTrailTrail trail, MetricAlarm alarm)
    {
        var related = new List<AsffResource> { TrailResource(snapshot, trail) };
        if (alarm.AlarmArn is { } arn)
        {
            related.Add(new AsffResource { Type = "AwsCloudWatchAlarm", Id = arn, Partition = snapshot.Partition, Region = RegionOf(arn) });
        }

        return related;
    }

    private static AsffResource TrailResource(AccountSnapshot snapshot, CloudTrailTrail trail) => new()
    {
        Type = "AwsCloudTrailTrail",
        Id = trail.TrailArn,
        Partition = snapshot.Partition,
        Region = trail.HomeRegion ?? RegionOf(trail.TrailArn),
    };

    private static string? RegionOf(string arn) => arn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Verdict(bool Passes, bool Unreadable, string Summary, string? LogGroup, LogMetricFilter? Filter, MetricAlarm? Alarm);
}
