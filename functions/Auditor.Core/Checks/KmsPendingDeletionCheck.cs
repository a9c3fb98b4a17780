using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// No customer managed KMS key is scheduled for deletion (Security Hub KMS.3): once deleted, whatever it encrypted
/// cannot be decrypted. AWS managed keys cannot be deleted and are not reported.
/// </summary>
internal sealed class KmsPendingDeletionCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "kms.pending-deletion",
        Title = "No customer managed KMS key is scheduled for deletion",
        Severity = Severity.High,
        Scope = CheckScope.Regional,
        Reads = [EvidenceKinds.KmsKeys],
        CisRequirement = null,
        SecurityHubControlId = "KMS.3",
        Remediation = "If the key is still needed, cancel its deletion before the deletion date (KMS console, the key, Key actions, Cancel key deletion, or CancelKeyDeletion), then enable it again. Before deleting a key, make sure nothing still encrypted under it is needed.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now) =>
        PerRegion.Evaluate(Metadata, snapshot, EvidenceKinds.KmsKeys, "KMS keys", (region, keys) => EvaluateRegion(snapshot, region, keys));

    private IEnumerable<CheckResult> EvaluateRegion(AccountSnapshot snapshot, string region, IReadOnlyList<KmsKey> keys)
    {
        foreach (var key in keys.OrderBy(k => k.KeyId, StringComparer.Ordinal))
        {
            if (key.KeyManager is null)
            {
                yield return KmsKeyResults.NotRead(Metadata, snapshot, region, key);
                continue;
            }

            if (!key.IsCustomerManaged)
            {
                continue;
            }

            var evidence = KmsKeyResults.Evidence(key);
            if (key.IsPendingDeletion)
            {
                evidence["auditor/DeletionDate"] = Date(key.DeletionDate);
            }

            var description = key.IsPendingDeletion
                ? $"KMS key {key.KeyId} in {region} is scheduled for deletion on {Date(key.DeletionDate)}: after that date, data encrypted under it cannot be decrypted."
                : $"KMS key {key.KeyId} in {region} is not scheduled for deletion (state {key.KeyState ?? "unknown"}).";
            yield return Result(Metadata, key.IsPendingDeletion ? ComplianceStatus.Failed : ComplianceStatus.Passed, KmsKeyResults.Key(snapshot, region, key), description, region, evidence);
        }
    }
}
