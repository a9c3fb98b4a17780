using System.Text.Json.Serialization;
using Auditor.Aws.Http;

namespace Auditor.Aws.Kms;

public sealed record ListKeysRequest(int Limit, string? Marker);

public sealed record ListKeysResponse(IReadOnlyList<KeyListEntry>? Keys, string? NextMarker, bool? Truncated);

public sealed record KeyListEntry(string? KeyId, string? KeyArn);

/// <summary>The request of DescribeKey and GetKeyRotationStatus: a key id or ARN.</summary>
public sealed record KeyRequest(string KeyId);

public sealed record DescribeKeyResponse(KeyMetadata? KeyMetadata);

/// <summary>The members of <c>KeyMetadata</c> the checks read.</summary>
public sealed record KeyMetadata
{
    public string? KeyId { get; init; }

    public string? Arn { get; init; }

    public string? KeyManager { get; init; }

    public string? KeyState { get; init; }

    public string? KeySpec { get; init; }

    /// <summary>The retired name of <see cref="KeySpec"/>, still sent beside it.</summary>
    public string? CustomerMasterKeySpec { get; init; }

    public string? Origin { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? DeletionDate { get; init; }
}

public sealed record GetKeyRotationStatusResponse
{
    public bool? KeyRotationEnabled { get; init; }

    public int? RotationPeriodInDays { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? NextRotationDate { get; init; }
}

/// <summary>Source-generated JSON for the KMS wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListKeysRequest))]
[JsonSerializable(typeof(ListKeysResponse))]
[JsonSerializable(typeof(KeyRequest))]
[JsonSerializable(typeof(DescribeKeyResponse))]
[JsonSerializable(typeof(GetKeyRotationStatusResponse))]
internal sealed partial class KmsJsonContext : JsonSerializerContext;
