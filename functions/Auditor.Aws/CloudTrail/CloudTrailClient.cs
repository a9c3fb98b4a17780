using System.Text.Json;
using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Core.CloudTrail;
using Auditor.Core.Model;

namespace Auditor.Aws.CloudTrail;

/// <summary>
/// CloudTrail over json 1.1 (<c>X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.&lt;Op&gt;</c>):
/// LookupEvents for the root user's events, DescribeTrails and GetTrailStatus for the root-usage alarm.
/// LookupEvents is limited to 2 requests per second per account and region; every request goes through the
/// sender's resilience pipeline, which holds to that limit for every client of the run in that region (a
/// <see cref="SpacedRateLimiter"/>: never more than two arrivals in one second) and retries throttling.
/// </summary>
public sealed class CloudTrailClient
{
    public const string TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    /// <summary>LookupEvents' largest page.</summary>
    public const int MaxResultsPerPage = 50;

    /// <summary>How far back LookupEvents can see.</summary>
    public static readonly TimeSpan EventHistory = TimeSpan.FromDays(90);

    public static readonly AwsOperation LookupEvents = new(AwsService.CloudTrail, nameof(LookupEvents));
    public static readonly AwsOperation DescribeTrails = new(AwsService.CloudTrail, nameof(DescribeTrails));
    /// <summary>Granted on trails of any account: an organization trail belongs to the management account.</summary>
    public static readonly AwsOperation GetTrailStatus = new(AwsService.CloudTrail, nameof(GetTrailStatus), resource: "arn:${AWS::Partition}:cloudtrail:*:*:trail/*");

    private readonly AwsRequestSender _sender;

    public CloudTrailClient(AwsRequestSender sender) => _sender = sender;

    public string Region => _sender.Region;

    /// <summary>Pages read per region at most (default 10, so 500 events, 5 seconds at 2 requests per second).</summary>
    public int MaxPages { get; init; } = 10;

    /// <summary>One page of LookupEvents.</summary>
    public async Task<LookupEventsResponse> LookupEventsAsync(LookupEventsRequest request, CancellationToken cancellationToken, bool retry = true)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJsonContext.Default.LookupEventsRequest);
        var response = await CallAsync(LookupEvents, body, cancellationToken, retry).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.LookupEventsResponse, "cloudtrail", "LookupEvents");
    }

    /// <summary>
    /// The root user's events in this region between <paramref name="start"/> and <paramref name="end"/>, newest
    /// first: LookupEvents with the documented lookup attribute <c>Username = root</c>, <see cref="MaxResultsPerPage"/>
    /// per page, following <c>NextToken</c> for up to <see cref="MaxPages"/> pages (<see cref="RootEventLookup.Truncated"/>
    /// when more remain). An IAM user named "root" matches the same lookup, so each event's <c>CloudTrailEvent</c> is
    /// read and only <c>userIdentity.type = Root</c> is kept.
    /// <para>
    /// The first request is a probe sent once, as for Shield's GetSubscriptionState: where LookupEvents is denied or not
    /// served (an emulator without it answers an HTML 500), the caller learns it at once and reports the evidence as
    /// missing instead of waiting out five retries. A throttled probe is sent again through the retrying pipeline, and
    /// every later page is retried as usual.
    /// </para>
    /// </summary>
    public async Task<RootEventLookup> LookupRootEventsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var read = await Paginator.ReadAsync(
            LookupEvents,
            "NextToken",
            async nextToken =>
            {
                var request = new LookupEventsRequest([new LookupAttribute("Username", "root")], start, end, MaxResultsPerPage, nextToken);
                var page = nextToken is null ? await ProbeAsync(request, cancellationToken).ConfigureAwait(false) : await LookupEventsAsync(request, cancellationToken).ConfigureAwait(false);
                var records = (page.Events ?? [])
                    .Select(entry => entry.CloudTrailEvent is { } document ? CloudTrailRecordReader.ReadRoot(document) : null)
                    .OfType<RootEventRecord>()
                    .ToList();
                return new Page<RootEventRecord>(records, page.NextToken);
            },
            MaxPages).ConfigureAwait(false);

        return new RootEventLookup(read.Items.OrderByDescending(e => e.EventTime).ToList(), read.Truncated);
    }

    /// <summary>Every trail this region sees, shadow trails (multi-region and organization trails of other regions) included.</summary>
    public async Task<IReadOnlyList<CloudTrailTrail>> DescribeTrailsAsync(CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new DescribeTrailsRequest(true), AwsJsonContext.Default.DescribeTrailsRequest);
        var response = await CallAsync(DescribeTrails, body, cancellationToken).ConfigureAwait(false);
        var reply = JsonReply.Read(response, AwsJsonContext.Default.DescribeTrailsResponse, "cloudtrail", "DescribeTrails");
        return (reply.TrailList ?? [])
            .Where(t => t.Name is not null && t.TrailArn is not null)
            .Select(t => new CloudTrailTrail
            {
                Name = t.Name!,
                TrailArn = t.TrailArn!,
                HomeRegion = t.HomeRegion,
                IsMultiRegionTrail = t.IsMultiRegionTrail == true,
                IsOrganizationTrail = t.IsOrganizationTrail == true,
                CloudWatchLogsLogGroupArn = string.IsNullOrEmpty(t.CloudWatchLogsLogGroupArn) ? null : t.CloudWatchLogsLogGroupArn,
            })
            .ToList();
    }

    /// <summary>The status of a trail, by name or ARN (use the ARN, in the trail's home region, for a shadow trail).</summary>
    public async Task<GetTrailStatusResponse> GetTrailStatusAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new GetTrailStatusRequest(nameOrArn), AwsJsonContext.Default.GetTrailStatusRequest);
        var response = await CallAsync(GetTrailStatus, body, cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.GetTrailStatusResponse, "cloudtrail", "GetTrailStatus");
    }

    private async Task<LookupEventsResponse> ProbeAsync(LookupEventsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await LookupEventsAsync(request, cancellationToken, retry: false).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (TransientErrors.IsThrottling(e))
        {
            return await LookupEventsAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<AwsResponse> CallAsync(AwsOperation operation, byte[] body, CancellationToken cancellationToken, bool retry = true) =>
        _sender.SendAsync(operation, endpoint => AwsRequests.Json11(endpoint, TargetPrefix + operation.Name, body), cancellationToken, retry);
}

/// <summary>LookupEvents request; <c>StartTime</c>/<c>EndTime</c> are epoch seconds on the wire.</summary>
public sealed record LookupEventsRequest(
    IReadOnlyList<LookupAttribute> LookupAttributes,
    [property: JsonConverter(typeof(EpochSecondsConverter))] DateTimeOffset? StartTime,
    [property: JsonConverter(typeof(EpochSecondsConverter))] DateTimeOffset? EndTime,
    int MaxResults,
    string? NextToken);

/// <summary>One lookup attribute; <c>AttributeKey</c> is one of EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The SDK's shape name.")]
public sealed record LookupAttribute(string AttributeKey, string AttributeValue);

public sealed record LookupEventsResponse(IReadOnlyList<CloudTrailEventEntry>? Events, string? NextToken);

/// <summary>One entry of LookupEvents' <c>Events</c>; <c>CloudTrailEvent</c> is the full record as a JSON string.</summary>
public sealed record CloudTrailEventEntry
{
    public string? EventId { get; init; }

    public string? EventName { get; init; }

    public string? ReadOnly { get; init; }

    public string? AccessKeyId { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? EventTime { get; init; }

    public string? EventSource { get; init; }

    public string? Username { get; init; }

    public string? CloudTrailEvent { get; init; }
}

/// <summary>DescribeTrails request; its members are camelCase in the model.</summary>
public sealed record DescribeTrailsRequest([property: JsonPropertyName("includeShadowTrails")] bool IncludeShadowTrails);

public sealed record DescribeTrailsResponse([property: JsonPropertyName("trailList")] IReadOnlyList<TrailEntry>? TrailList);

public sealed record TrailEntry
{
    public string? Name { get; init; }

    [JsonPropertyName("TrailARN")]
    public string? TrailArn { get; init; }

    public string? HomeRegion { get; init; }

    public bool? IsMultiRegionTrail { get; init; }

    public bool? IsOrganizationTrail { get; init; }

    public string? CloudWatchLogsLogGroupArn { get; init; }
}

public sealed record GetTrailStatusRequest(string Name);

public sealed record GetTrailStatusResponse(bool? IsLogging);
