namespace Auditor.Core.Model;

/// <summary>A CloudTrail trail as <c>DescribeTrails</c> describes it (shadow trails included).</summary>
public sealed record CloudTrailTrail
{
    public required string Name { get; init; }

    public required string TrailArn { get; init; }

    public string? HomeRegion { get; init; }

    public bool IsMultiRegionTrail { get; init; }

    public bool IsOrganizationTrail { get; init; }

    /// <summary>The CloudWatch Logs log group the trail delivers to, for example <c>arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Default:*</c>.</summary>
    public string? CloudWatchLogsLogGroupArn { get; init; }

    /// <summary>The log group's name and region from <see cref="CloudWatchLogsLogGroupArn"/>; null when there is none or it is not a log group ARN.</summary>
    public (string Name, string Region)? LogGroup
    {
        get
        {
            // arn:partition:logs:region:account:log-group:NAME[:*]
            var parts = CloudWatchLogsLogGroupArn?.Split(':');
            if (parts is not { Length: >= 7 } || parts[2] != "logs" || parts[5] != "log-group" || parts[3].Length == 0)
            {
                return null;
            }

            var name = string.Join(':', parts[6..]);
            if (name.EndsWith(":*", StringComparison.Ordinal))
            {
                name = name[..^2];
            }

            return name.Length == 0 ? null : (name, parts[3]);
        }
    }
}

/// <summary>One metric a metric filter publishes, or an alarm watches.</summary>
public sealed record MetricId(string Namespace, string MetricName)
{
    public override string ToString() => $"{Namespace}/{MetricName}";
}

/// <summary>A CloudWatch Logs metric filter (<c>DescribeMetricFilters</c>).</summary>
public sealed record LogMetricFilter(string FilterName, string FilterPattern, IReadOnlyList<MetricId> Metrics);

/// <summary>A CloudWatch metric alarm (<c>DescribeAlarms</c>): the metrics it watches and what it does when it fires.</summary>
public sealed record MetricAlarm
{
    public required string AlarmName { get; init; }

    public string? AlarmArn { get; init; }

    /// <summary>The alarm's metric, and the metrics of its metric-math queries.</summary>
    public required IReadOnlyList<MetricId> Metrics { get; init; }

    public bool ActionsEnabled { get; init; } = true;

    public IReadOnlyList<string> AlarmActions { get; init; } = [];
}

/// <summary>What a trail that logs to CloudWatch Logs delivers to and what watches it.</summary>
/// <param name="IsLogging">GetTrailStatus <c>IsLogging</c>.</param>
public sealed record TrailLogMonitoring(bool IsLogging, string LogGroupName, string LogGroupRegion, IReadOnlyList<LogMetricFilter> MetricFilters, IReadOnlyList<MetricAlarm> Alarms);

/// <summary>
/// A trail, and, for a multi-region trail that logs to CloudWatch Logs, its status, the metric filters of its log
/// group and the alarms of that region (or why they could not be read); <see cref="Gathered{T}.NotCollected"/> for
/// other trails.
/// </summary>
public sealed record TrailMonitoring(CloudTrailTrail Trail, Gathered<TrailLogMonitoring> Monitoring)
{
    public bool Qualifies => Trail.IsMultiRegionTrail && Trail.LogGroup is not null;
}
