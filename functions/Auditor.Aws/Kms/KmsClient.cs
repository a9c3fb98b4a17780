using System.Text.Json;
using Auditor.Aws.Http;

namespace Auditor.Aws.Kms;

/// <summary>
/// KMS over json 1.1 (<c>X-Amz-Target: TrentService.&lt;Op&gt;</c>): the keys of a region, each key's description
/// and its rotation status. KMS has no batch read, so describing keys costs one call per key.
/// </summary>
public sealed class KmsClient
{
    private const string TargetPrefix = "TrentService.";

    /// <summary>ListKeys' largest page.</summary>
    public const int MaxPageSize = 1000;

    private const string KeyResource = "arn:${AWS::Partition}:kms:*:${AWS::AccountId}:key/*";

    public static readonly AwsOperation ListKeys = new(AwsService.Kms, nameof(ListKeys));
    public static readonly AwsOperation DescribeKey = new(AwsService.Kms, nameof(DescribeKey), resource: KeyResource);
    public static readonly AwsOperation GetKeyRotationStatus = new(AwsService.Kms, nameof(GetKeyRotationStatus), resource: KeyResource);

    private readonly AwsRequestSender _sender;

    public KmsClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// Every key of the region (AWS managed ones included), across all pages: <c>NextMarker</c> is followed while
    /// <c>Truncated</c> is true. A page without <c>Keys</c> or a key without an id or ARN is an error, never "no keys".
    /// </summary>
    public Task<IReadOnlyList<KeyListEntry>> ListKeysAsync(CancellationToken cancellationToken, int pageSize = MaxPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        return Paginator.ReadAllAsync(ListKeys, "NextMarker", async marker =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new ListKeysRequest(pageSize, marker), KmsJsonContext.Default.ListKeysRequest);
            var response = await CallAsync(ListKeys, body, cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, KmsJsonContext.Default.ListKeysResponse, "kms", "ListKeys");
            var keys = page.Keys ?? throw XmlReply.Malformed("kms", "ListKeys", "no Keys");
            if (keys.Any(k => string.IsNullOrEmpty(k.KeyId) || string.IsNullOrEmpty(k.KeyArn)))
            {
                throw XmlReply.Malformed("kms", "ListKeys", "a key without KeyId or KeyArn");
            }

            if (page.Truncated == true && string.IsNullOrEmpty(page.NextMarker))
            {
                throw XmlReply.Malformed("kms", "ListKeys", "Truncated without NextMarker");
            }

            return new Page<KeyListEntry>(keys, page.Truncated == true ? page.NextMarker : null);
        });
    }

    public async Task<KeyMetadata> DescribeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new KeyRequest(keyId), KmsJsonContext.Default.KeyRequest);
        var response = await CallAsync(DescribeKey, body, cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, KmsJsonContext.Default.DescribeKeyResponse, "kms", "DescribeKey").KeyMetadata
            ?? throw XmlReply.Malformed("kms", "DescribeKey", "no KeyMetadata");
    }

    public async Task<GetKeyRotationStatusResponse> GetKeyRotationStatusAsync(string keyId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new KeyRequest(keyId), KmsJsonContext.Default.KeyRequest);
        var response = await CallAsync(GetKeyRotationStatus, body, cancellationToken).ConfigureAwait(false);
        var status = JsonReply.Read(response, KmsJsonContext.Default.GetKeyRotationStatusResponse, "kms", "GetKeyRotationStatus");
        return status.KeyRotationEnabled is null ? throw XmlReply.Malformed("kms", "GetKeyRotationStatus", "no KeyRotationEnabled") : status;
    }

    private Task<AwsResponse> CallAsync(AwsOperation operation, byte[] body, CancellationToken cancellationToken) =>
        _sender.SendAsync(operation, endpoint => AwsRequests.Json11(endpoint, TargetPrefix + operation.Name, body), cancellationToken);
}
