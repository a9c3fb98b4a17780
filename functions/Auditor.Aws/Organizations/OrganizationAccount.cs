using System.Text.Json.Serialization;
using Auditor.Aws.Http;

namespace Auditor.Aws.Organizations;

/// <summary>One account of the organization as ListAccounts returns it (the SDK's member names).</summary>
public sealed record OrganizationAccount
{
    public const string Active = "ACTIVE";

    public required string Id { get; init; }

    public string? Arn { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    /// <summary>ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED… (AWS's current field).</summary>
    public string? State { get; init; }

    /// <summary>The retired field (ACTIVE, SUSPENDED, PENDING_CLOSURE) that AWS still sends beside <see cref="State"/>.</summary>
    public string? Status { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? JoinedTimestamp { get; init; }

    /// <summary>
    /// The account's state: <see cref="State"/>, or the retired <see cref="Status"/> where an endpoint sends only that
    /// (older emulators and recorded replies do); null when neither is present.
    /// </summary>
    [JsonIgnore]
    public string? EffectiveState => State is { Length: > 0 } ? State : Status is { Length: > 0 } ? Status : null;

    [JsonIgnore]
    public bool IsActive => EffectiveState == Active;
}

public sealed record ListAccountsRequest(int MaxResults, string? NextToken);

public sealed record ListAccountsResponse(IReadOnlyList<OrganizationAccount>? Accounts, string? NextToken);

public sealed record DescribeAccountRequest(string AccountId);

public sealed record DescribeAccountResponse(OrganizationAccount? Account);
public sealed record DescribeOrganizationResponse(OrganizationDescription? Organization);

/// <summary>The members of DescribeOrganization's <c>Organization</c> the audit reads.</summary>
public sealed record OrganizationDescription(string? Id, string? MasterAccountId, string? FeatureSet);

/// <summary>Source-generated JSON for the Organizations wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListAccountsRequest))]
[JsonSerializable(typeof(ListAccountsResponse))]
[JsonSerializable(typeof(DescribeAccountRequest))]
[JsonSerializable(typeof(DescribeAccountResponse))]
[JsonSerializable(typeof(DescribeOrganizationResponse))]
internal sealed partial class OrganizationsJsonContext : JsonSerializerContext;
