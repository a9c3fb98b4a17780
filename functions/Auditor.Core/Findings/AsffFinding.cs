using System.Text.Json.Serialization;

namespace Auditor.Core.Findings;

/// <summary>
/// The AWS Security Finding Format fields Auditor writes and reads back, with ASFF's member names.
/// Fields Security Hub fills in itself (Region, ProductName, CompanyName, ProcessedAt) are not sent.
/// </summary>
public sealed record AsffFinding
{
    public const string CurrentSchemaVersion = "2018-10-08";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string Id { get; init; }

    public required string ProductArn { get; init; }

    public required string GeneratorId { get; init; }

    public required string AwsAccountId { get; init; }

    public IReadOnlyList<string> Types { get; init; } = [];

    [JsonConverter(typeof(AsffTimestampConverter))]
    public DateTimeOffset? FirstObservedAt { get; init; }

    [JsonConverter(typeof(AsffTimestampConverter))]
    public DateTimeOffset? LastObservedAt { get; init; }

    [JsonConverter(typeof(AsffTimestampConverter))]
    public required DateTimeOffset? CreatedAt { get; init; }

    [JsonConverter(typeof(AsffTimestampConverter))]
    public required DateTimeOffset? UpdatedAt { get; init; }

    public required AsffSeverity Severity { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public AsffRemediation? Remediation { get; init; }

    public IReadOnlyDictionary<string, string>? ProductFields { get; init; }

    public required IReadOnlyList<AsffResource> Resources { get; init; }

    public AsffCompliance? Compliance { get; init; }

    /// <summary>Sent only when a finding is created: the workflow belongs to the customer afterwards.</summary>
    public AsffWorkflow? Workflow { get; init; }

    public string RecordState { get; init; } = RecordStates.Active;

    /// <summary>Read back to tell Auditor's suppressions from a person's; the lifecycle clears it before an import, as it does <see cref="Workflow"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AsffNote? Note { get; init; }

    public AsffFindingProviderFields? FindingProviderFields { get; init; }

    /// <summary>Set by Security Hub on read; never sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Region { get; init; }
}

/// <summary>ASFF <c>RecordState</c> values; the provider owns this field.</summary>
public static class RecordStates
{
    public const string Active = "ACTIVE";
    public const string Archived = "ARCHIVED";
}

public sealed record AsffSeverity(string Label, string? Original = null);

public sealed record AsffRemediation(AsffRecommendation Recommendation);

public sealed record AsffRecommendation(string Text, string? Url);

public sealed record AsffCompliance
{
    public required string Status { get; init; }

    public IReadOnlyList<string>? RelatedRequirements { get; init; }

    public IReadOnlyList<AsffStatusReason>? StatusReasons { get; init; }
}

public sealed record AsffStatusReason(string ReasonCode, string? Description);

public sealed record AsffWorkflow(string Status);

public sealed record AsffNote(string Text, string? UpdatedBy = null, string? UpdatedAt = null);

public sealed record AsffFindingProviderFields(AsffSeverity Severity, IReadOnlyList<string> Types);

public sealed record AsffResource
{
    public required string Type { get; init; }

    public required string Id { get; init; }

    public string? Partition { get; init; }

    public string? Region { get; init; }

    public AsffResourceDetails? Details { get; init; }
}

public sealed record AsffResourceDetails
{
    public AwsIamUserDetails? AwsIamUser { get; init; }

    public AwsGuardDutyDetectorDetails? AwsGuardDutyDetector { get; init; }

    public IReadOnlyDictionary<string, string>? Other { get; init; }
}

public sealed record AwsIamUserDetails
{
    public string? UserName { get; init; }

    public string? Path { get; init; }

    /// <summary>ASFF keeps this one as a string timestamp.</summary>
    public string? CreateDate { get; init; }
}

public sealed record AwsGuardDutyDetectorDetails
{
    public string? Status { get; init; }

    public IReadOnlyList<AwsGuardDutyDetectorFeature>? Features { get; init; }
}

public sealed record AwsGuardDutyDetectorFeature(string Name, string Status);
