using System.Text.Json.Serialization;
using Auditor.Aws.CloudTrail;
using Auditor.Aws.CloudWatchLogs;
using Auditor.Aws.GuardDuty;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Shield;

namespace Auditor.Aws;

/// <summary>Source-generated JSON for the wire shapes of the JSON services (no reflection, AOT clean).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ListDetectorsResponse))]
[JsonSerializable(typeof(GetDetectorResponse))]
[JsonSerializable(typeof(GetSubscriptionStateResponse))]
[JsonSerializable(typeof(DescribeSubscriptionResponse))]
[JsonSerializable(typeof(BatchImportFindingsResponse))]
[JsonSerializable(typeof(GetFindingsRequest))]
[JsonSerializable(typeof(DescribeHubResponse))]
[JsonSerializable(typeof(BatchUpdateFindingsRequest))]
[JsonSerializable(typeof(BatchUpdateFindingsResponse))]
[JsonSerializable(typeof(LookupEventsRequest))]
[JsonSerializable(typeof(LookupEventsResponse))]
[JsonSerializable(typeof(DescribeTrailsRequest))]
[JsonSerializable(typeof(DescribeTrailsResponse))]
[JsonSerializable(typeof(GetTrailStatusRequest))]
[JsonSerializable(typeof(GetTrailStatusResponse))]
[JsonSerializable(typeof(DescribeMetricFiltersRequest))]
[JsonSerializable(typeof(DescribeMetricFiltersResponse))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
