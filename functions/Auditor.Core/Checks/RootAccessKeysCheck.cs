using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The root user has no access keys (CIS 1.4, Security Hub IAM.4).</summary>
internal sealed class RootAccessKeysCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.access-keys",
        Title = "Root user has no access keys",
        Severity = Severity.Critical,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.CredentialReport, EvidenceKinds.AccountSummary],
        CisRequirement = "1.4",
        SecurityHubControlId = "IAM.4",
        Remediation = "Sign in as the root user, open Security credentials, and deactivate then delete every root access key. Give programs IAM roles or IAM users with least privilege instead.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html"),
        Types = [FindingTypes.Cis],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var root = RootCredentials.From(snapshot, out var code, out var reason);
        if (root is null)
        {
            yield return NotAvailable(Metadata, snapshot, code, reason);
            yield break;
        }

        var present = root.AccessKeysPresent;
        yield return Result(
            Metadata,
            present ? ComplianceStatus.Failed : ComplianceStatus.Passed,
            Account(snapshot),
            present ? "The root user has at least one access key: anyone holding it has unrestricted API access to the account." : "The root user has no access keys.",
            evidence: new EvidenceMap { ["auditor/RootAccessKeysPresent"] = present ? "true" : "false", ["auditor/RootStateSource"] = root.Source },
            origin: root.Origin);
    }
}
