using System.Globalization;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// Every customer managed, enabled, symmetric encryption KMS key rotates automatically (CIS 3.6, Security Hub KMS.4).
/// AWS managed keys rotate by themselves; asymmetric, HMAC and imported keys cannot rotate automatically: none of
/// them is in scope, so none of them is reported.
/// </summary>
internal sealed class KmsKeyRotationCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "kms.key-rotation",
        Title = "KMS customer managed symmetric keys rotate automatically",
        Severity = Severity.Medium,
        Scope = CheckScope.Regional,
        Reads = [EvidenceKinds.KmsKeys],
        CisRequirement = "3.6",
        SecurityHubControlId = "KMS.4",
        Remediation = "Turn on automatic rotation for the key (KMS console, Customer managed keys, the key, Key rotation, Automatically rotate this KMS key), or call EnableKeyRotation; choose a rotation period of 90 to 2560 days (365 by default).",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"),
        Types = [FindingTypes.Cis, FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now) =>
        PerRegion.Evaluate(Metadata, snapshot, EvidenceKinds.KmsKeys, "KMS keys", (region, keys) => EvaluateRegion(snapshot, region, keys));

    private IEnumerable<CheckResult> EvaluateRegion(AccountSnapshot snapshot, string region, IReadOnlyList<KmsKey> keys)
    {
        foreach (var key in keys.OrderBy(k => k.KeyId, StringComparer.Ordinal))
        {
            // A key that could not be described may be in scope: say it was not evaluated rather than leave it out.
            if (key.Failure is not null && (key.KeyManager is null || key.InRotationScope))
            {
                yield return KmsKeyResults.NotRead(Metadata, snapshot, region, key);
                continue;
            }

            if (!key.InRotationScope)
            {
                continue;
            }

            var evidence = KmsKeyResults.Evidence(key);
            evidence["auditor/KeyRotationEnabled"] = key.RotationEnabled == true ? "true" : "false";
            evidence["auditor/RotationPeriodInDays"] = key.RotationPeriodInDays?.ToString(CultureInfo.InvariantCulture) ?? "not reported";
            if (key.NextRotationDate is { } next)
            {
                evidence["auditor/NextRotationDate"] = Date(next);
            }

            var rotates = key.RotationEnabled == true;
            var period = key.RotationPeriodInDays is { } days ? $" every {days.ToString(CultureInfo.InvariantCulture)} days" : string.Empty;
            var description = rotates
                ? $"KMS key {key.KeyId} in {region} rotates automatically{period}."
                : $"KMS key {key.KeyId} in {region} is a customer managed symmetric key without automatic rotation: its key material never changes.";
            yield return Result(Metadata, rotates ? ComplianceStatus.Passed : ComplianceStatus.Failed, KmsKeyResults.Key(snapshot, region, key), description, region, evidence);
        }
    }
}
