using System.Globalization;
using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.CloudWatch;

/// <summary>
/// CloudWatch over the query protocol (<c>Version=2010-08-01</c>, XML replies; the model also lists smithy-rpc-v2-cbor
/// and json, and query is what every endpoint, moto included, serves); endpoint prefix and signing name
/// <c>monitoring</c>. Only DescribeAlarms.
/// </summary>
public sealed class CloudWatchClient
{
    public const string Version = "2010-08-01";

    /// <summary>DescribeAlarms' largest page.</summary>
    public const int MaxRecords = 100;

    /// <summary>The account's alarms (the resource type DescribeAlarms takes).</summary>
    public static readonly AwsOperation DescribeAlarms = new(AwsService.CloudWatch, nameof(DescribeAlarms), resource: "arn:${AWS::Partition}:cloudwatch:*:${AWS::AccountId}:alarm:*");

    private readonly AwsRequestSender _sender;

    public CloudWatchClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>Every metric alarm of the region, across all pages, with the metrics each watches.</summary>
    public Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(CancellationToken cancellationToken) =>
        Paginator.ReadAllAsync(DescribeAlarms, "NextToken", async nextToken =>
        {
            var alarms = new List<MetricAlarm>();
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("AlarmTypes.member.1", "MetricAlarm"),
                new("MaxRecords", MaxRecords.ToString(CultureInfo.InvariantCulture)),
            };
            if (nextToken is not null)
            {
                parameters.Add(new("NextToken", nextToken));
            }

            var response = await _sender.SendAsync(
                DescribeAlarms,
                endpoint => AwsRequests.Query(endpoint, DescribeAlarms.Name, Version, parameters),
                cancellationToken).ConfigureAwait(false);
            var reply = XmlReply.Load(response, "monitoring", "DescribeAlarms");
            var result = reply.Find("DescribeAlarmsResult") ?? reply;
            foreach (var member in result.Child("MetricAlarms")?.Children("member") ?? [])
            {
                if (member.Text("AlarmName") is not { Length: > 0 } name)
                {
                    continue;
                }

                var metrics = new List<MetricId>();
                if (member.Text("Namespace") is { Length: > 0 } ns && member.Text("MetricName") is { Length: > 0 } metricName)
                {
                    metrics.Add(new MetricId(ns, metricName));
                }

                // Metric-math alarms name their metrics in Metrics[].MetricStat.Metric.
                foreach (var query in member.Child("Metrics")?.Children("member") ?? [])
                {
                    var metric = query.Child("MetricStat")?.Child("Metric");
                    if (metric?.Text("Namespace") is { Length: > 0 } queryNs && metric.Text("MetricName") is { Length: > 0 } queryName)
                    {
                        metrics.Add(new MetricId(queryNs, queryName));
                    }
                }

                alarms.Add(new MetricAlarm
                {
                    AlarmName = name,
                    AlarmArn = member.Text("AlarmArn"),
                    Metrics = metrics,
                    ActionsEnabled = !string.Equals(member.Text("ActionsEnabled"), "false", StringComparison.OrdinalIgnoreCase),
                    AlarmActions = (member.Child("AlarmActions")?.Children("member") ?? []).Select(a => a.Value).Where(a => a.Length > 0).ToList(),
                });
            }

            return new Page<MetricAlarm>(alarms, result.Text("NextToken"));
        });
}
