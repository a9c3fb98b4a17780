using System.Text.Json;
using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.Inspector2;

/// <summary>Amazon Inspector (inspector2) over rest-json (camelCase members).</summary>
public sealed class Inspector2Client
{
    public static readonly AwsOperation BatchGetAccountStatus = new(AwsService.Inspector2, nameof(BatchGetAccountStatus));

    private readonly AwsRequestSender _sender;

    public Inspector2Client(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// Inspector's status for <paramref name="accountId"/> in this region: <c>POST /status/batch/get</c>. The account
    /// in <c>failedAccounts</c> (for example <c>ACCESS_DENIED</c>) is an error with its code, never "not enabled"; an
    /// account in neither list is not enabled (an emulator that has never seen Inspector enabled answers so).
    /// </summary>
    public async Task<InspectorStatus> BatchGetAccountStatusAsync(string accountId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new BatchGetAccountStatusRequest([accountId]), Inspector2JsonContext.Default.BatchGetAccountStatusRequest);
        var response = await _sender.SendAsync(BatchGetAccountStatus, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Post, "status/batch/get", body), cancellationToken).ConfigureAwait(false);
        var reply = JsonReply.Read(response, Inspector2JsonContext.Default.BatchGetAccountStatusResponse, "inspector2", "BatchGetAccountStatus");
        if (reply.FailedAccounts?.FirstOrDefault(a => a.AccountId == accountId) is { } failed)
        {
            throw new AwsServiceException(
                "inspector2",
                "BatchGetAccountStatus",
                failed.ErrorCode ?? "FailedAccount",
                failed.ErrorMessage ?? "the account's status could not be read",
                response.StatusCode,
                response.RequestId);
        }

        var account = reply.Accounts?.FirstOrDefault(a => a.AccountId == accountId);
        if (account is null)
        {
            return InspectorStatus.NotEnabled;
        }

        var state = account.State?.Status ?? throw XmlReply.Malformed("inspector2", "BatchGetAccountStatus", "an account without state.status");
        var resources = account.ResourceState;
        var scans = new List<InspectorScan>();
        Add(scans, "EC2", resources?.Ec2);
        Add(scans, "ECR", resources?.Ecr);
        Add(scans, "LAMBDA", resources?.Lambda);
        Add(scans, "LAMBDA_CODE", resources?.LambdaCode);
        return new InspectorStatus(state, scans);
    }

    private static void Add(List<InspectorScan> scans, string resourceType, ResourceStatusEntry? entry)
    {
        if (entry?.Status is { } status)
        {
            scans.Add(new InspectorScan(resourceType, status));
        }
    }
}

public sealed record BatchGetAccountStatusRequest([property: JsonPropertyName("accountIds")] IReadOnlyList<string> AccountIds);

public sealed record BatchGetAccountStatusResponse(
    [property: JsonPropertyName("accounts")] IReadOnlyList<AccountStateEntry>? Accounts,
    [property: JsonPropertyName("failedAccounts")] IReadOnlyList<FailedAccountEntry>? FailedAccounts);

public sealed record AccountStateEntry(
    [property: JsonPropertyName("accountId")] string? AccountId,
    [property: JsonPropertyName("state")] ResourceStatusEntry? State,
    [property: JsonPropertyName("resourceState")] ResourceStateEntry? ResourceState);

public sealed record ResourceStateEntry(
    [property: JsonPropertyName("ec2")] ResourceStatusEntry? Ec2,
    [property: JsonPropertyName("ecr")] ResourceStatusEntry? Ecr,
    [property: JsonPropertyName("lambda")] ResourceStatusEntry? Lambda,
    [property: JsonPropertyName("lambdaCode")] ResourceStatusEntry? LambdaCode);

public sealed record ResourceStatusEntry([property: JsonPropertyName("status")] string? Status);

public sealed record FailedAccountEntry(
    [property: JsonPropertyName("accountId")] string? AccountId,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("errorMessage")] string? ErrorMessage);

/// <summary>Source-generated JSON for the Inspector wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchGetAccountStatusRequest))]
[JsonSerializable(typeof(BatchGetAccountStatusResponse))]
internal sealed partial class Inspector2JsonContext : JsonSerializerContext;
