using System.Text.Json.Serialization;
using Auditor.Aws.Resilience;
using Auditor.Aws.RootAlerts;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Function.Functions;

/// <summary>The root-alert function's JSON response: the event, its finding, and whether this invocation wrote it.</summary>
public sealed record RootAlertResponse
{
    [JsonPropertyName("eventId")]
    public required string EventId { get; init; }

    [JsonPropertyName("eventName")]
    public required string EventName { get; init; }

    [JsonPropertyName("eventTime")]
    public required string EventTime { get; init; }

    [JsonPropertyName("awsRegion")]
    public required string AwsRegion { get; init; }

    [JsonPropertyName("findingId")]
    public required string FindingId { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    [JsonPropertyName("types")]
    public required IReadOnlyList<string> Types { get; init; }

    [JsonPropertyName("securityHubRegion")]
    public required string SecurityHubRegion { get; init; }

    /// <summary>True when this invocation imported the finding.</summary>
    [JsonPropertyName("created")]
    public required bool Created { get; init; }

    /// <summary>True when the event's finding was already in Security Hub (a redelivered event): nothing was written.</summary>
    [JsonPropertyName("duplicate")]
    public required bool Duplicate { get; init; }

    [JsonPropertyName("apiCalls")]
    public required int ApiCalls { get; init; }

    [JsonPropertyName("apiCallsByOperation")]
    public required IReadOnlyDictionary<string, int> ApiCallsByOperation { get; init; }

    [JsonPropertyName("durationMs")]
    public required long DurationMs { get; init; }

    public static RootAlertResponse From(RootEventRecord record, RootEventImport import, CallCounters counters, TimeSpan duration) => new()
    {
        EventId = record.EventId,
        EventName = record.EventName,
        EventTime = AsffTimestampConverter.ToAsff(record.EventTime),
        AwsRegion = record.AwsRegion,
        FindingId = import.Finding.Id,
        Title = import.Finding.Title,
        Severity = import.Finding.Severity.Label,
        Types = import.Finding.Types,
        SecurityHubRegion = import.Region,
        Created = import.Created,
        Duplicate = import.Duplicate,
        ApiCalls = counters.TotalCalls,
        ApiCallsByOperation = counters.Calls,
        DurationMs = (long)duration.TotalMilliseconds,
    };
}
