using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>What the KMS checks share: a key as a finding resource, and a key that could not be read.</summary>
internal static class KmsKeyResults
{
    public static AsffResource Key(AccountSnapshot snapshot, string region, KmsKey key) => new()
    {
        Type = "AwsKmsKey",
        Id = key.Arn,
        Partition = snapshot.Partition,
        Region = region,
    };

    /// <summary>The key could not be described (or its rotation read): NOT_AVAILABLE on the key, with the reason.</summary>
    public static CheckResult NotRead(CheckMetadata check, AccountSnapshot snapshot, string region, KmsKey key) =>
        NotAvailable(check, snapshot, key.Failure!.Code, $"KMS key {key.KeyId} in {region} could not be read: {key.Failure.Reason}", region) with
        {
            Resource = Key(snapshot, region, key),
        };

    public static EvidenceMap Evidence(KmsKey key) => new()
    {
        ["auditor/KeyId"] = key.KeyId,
        ["auditor/KeyManager"] = key.KeyManager ?? "unknown",
        ["auditor/KeyState"] = key.KeyState ?? "unknown",
        ["auditor/KeySpec"] = key.KeySpec ?? "unknown",
    };
}
