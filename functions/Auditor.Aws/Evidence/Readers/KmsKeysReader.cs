using Auditor.Aws.Http;
using Auditor.Aws.Kms;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>
/// The KMS keys of each audited region: <c>ListKeys</c>, <c>DescribeKey</c> for each key, and
/// <c>GetKeyRotationStatus</c> for the keys automatic rotation applies to. A key policy may refuse the audit role one
/// key: that key keeps its failure (and is reported not evaluated), the region's other keys are still read.
/// </summary>
public sealed class KmsKeysReader() : RegionalEvidenceReader<IReadOnlyList<KmsKey>>(EvidenceKinds.KmsKeys)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [KmsClient.ListKeys, KmsClient.DescribeKey, KmsClient.GetKeyRotationStatus];

    protected override async Task<IReadOnlyList<KmsKey>> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken)
    {
        var client = context.Clients.Kms(region);
        var keys = await client.ListKeysAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(keys.Select(key => ReadKeyAsync(client, key.KeyId!, key.KeyArn!, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task<KmsKey> ReadKeyAsync(KmsClient client, string keyId, string arn, CancellationToken cancellationToken)
    {
        KmsKey key;
        try
        {
            var metadata = await client.DescribeKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
            key = new KmsKey
            {
                KeyId = keyId,
                Arn = arn,
                KeyManager = metadata.KeyManager,
                KeyState = metadata.KeyState,
                KeySpec = metadata.KeySpec ?? metadata.CustomerMasterKeySpec,
                Origin = metadata.Origin,
                DeletionDate = metadata.DeletionDate,
            };
        }
        catch (AwsServiceException e) when (!cancellationToken.IsCancellationRequested && ReadFailures.TryDescribe(e, out var code, out var reason))
        {
            return new KmsKey { KeyId = keyId, Arn = arn, Failure = new KmsKeyReadFailure(code, reason) };
        }

        if (!key.InRotationScope)
        {
            return key;
        }

        try
        {
            var rotation = await client.GetKeyRotationStatusAsync(keyId, cancellationToken).ConfigureAwait(false);
            return key with
            {
                RotationEnabled = rotation.KeyRotationEnabled,
                RotationPeriodInDays = rotation.RotationPeriodInDays,
                NextRotationDate = rotation.NextRotationDate,
            };
        }
        catch (AwsServiceException e) when (!cancellationToken.IsCancellationRequested && ReadFailures.TryDescribe(e, out var code, out var reason))
        {
            return key with { Failure = new KmsKeyReadFailure(code, reason) };
        }
    }
}
