using System.Text.Json;
using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.CloudWatchLogs;

/// <summary>CloudWatch Logs over json 1.1 (<c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, camelCase members); only DescribeMetricFilters.</summary>
public sealed class CloudWatchLogsClient
{
    public const string TargetPrefix = "Logs_20140328.";

    /// <summary>DescribeMetricFilters' largest page.</summary>
    public const int MaxLimit = 50;

    /// <summary>Called with the trail's log group, so granted on the account's log groups.</summary>
    public static readonly AwsOperation DescribeMetricFilters = new(AwsService.CloudWatchLogs, nameof(DescribeMetricFilters), resource: "arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:*");

    private readonly AwsRequestSender _sender;

    public CloudWatchLogsClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>Every metric filter of a log group, across all pages.</summary>
    public async Task<IReadOnlyList<LogMetricFilter>> DescribeMetricFiltersAsync(string logGroupName, CancellationToken cancellationToken)
    {
        var read = await Paginator.ReadAsync(
            DescribeMetricFilters,
            "nextToken",
            async nextToken =>
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new DescribeMetricFiltersRequest(logGroupName, MaxLimit, nextToken), AwsJsonContext.Default.DescribeMetricFiltersRequest);
                var response = await _sender.SendAsync(
                    DescribeMetricFilters,
                    endpoint => AwsRequests.Json11(endpoint, TargetPrefix + DescribeMetricFilters.Name, body),
                    cancellationToken).ConfigureAwait(false);
                var page = JsonReply.Read(response, AwsJsonContext.Default.DescribeMetricFiltersResponse, "logs", "DescribeMetricFilters");
                var filters = (page.MetricFilters ?? [])
                    .Where(filter => filter.FilterName is not null)
                    .Select(filter => new LogMetricFilter(
                        filter.FilterName!,
                        filter.FilterPattern ?? string.Empty,
                        (filter.MetricTransformations ?? [])
                            .Where(m => m.MetricName is not null && m.MetricNamespace is not null)
                            .Select(m => new MetricId(m.MetricNamespace!, m.MetricName!))
                            .ToList()))
                    .ToList();
                return new Page<LogMetricFilter>(filters, page.NextToken);
            },
            int.MaxValue,
            echoEndsListing: true).ConfigureAwait(false);
        return read.Items;
    }
}

public sealed record DescribeMetricFiltersRequest(
    [property: JsonPropertyName("logGroupName")] string LogGroupName,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record DescribeMetricFiltersResponse(
    [property: JsonPropertyName("metricFilters")] IReadOnlyList<MetricFilterEntry>? MetricFilters,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record MetricFilterEntry(
    [property: JsonPropertyName("filterName")] string? FilterName,
    [property: JsonPropertyName("filterPattern")] string? FilterPattern,
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("metricTransformations")] IReadOnlyList<MetricTransformationEntry>? MetricTransformations);

public sealed record MetricTransformationEntry(
    [property: JsonPropertyName("metricName")] string? MetricName,
    [property: JsonPropertyName("metricNamespace")] string? MetricNamespace);
