using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The root user has an MFA device (CIS 1.5, Security Hub IAM.9).</summary>
internal sealed class RootMfaCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.mfa",
        Title = "Root user has MFA enabled",
        Severity = Severity.Critical,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.CredentialReport, EvidenceKinds.AccountSummary],
        CisRequirement = "1.5",
        SecurityHubControlId = "IAM.9",
        Remediation = "Sign in as the root user, open Security credentials and assign an MFA device (a FIDO security key or hardware token is best). Keep the device and its recovery in a safe place that more than one person can reach.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"),
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

        var enabled = root.MfaActive;
        yield return Result(
            Metadata,
            enabled ? ComplianceStatus.Passed : ComplianceStatus.Failed,
            Account(snapshot),
            enabled ? "The root user has an MFA device." : "The root user has no MFA device: its password alone signs in with full control of the account.",
            evidence: new EvidenceMap { ["auditor/RootMfaActive"] = enabled ? "true" : "false", ["auditor/RootStateSource"] = root.Source },
            origin: root.Origin);
    }
}
